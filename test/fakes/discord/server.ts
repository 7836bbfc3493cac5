/**
 * A small Discord for tests: REST v10 and gateway v10 (plain JSON, no zlib) on 127.0.0.1, port 0.
 * The real discord.js Client logs in to it, receives the events the test injects, and every REST
 * call it makes is recorded (method, route, body) for the test to assert on. Message bodies are
 * checked against Discord's limits and refused with 400/50035 as Discord would.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { isEmptyMessage, messageLimitProblems, type MessageBodyLike } from './limits.ts';
import {
  autocompleteInteraction,
  botUser,
  buttonInteraction,
  categoryChannelPayload,
  categoryPayload,
  dmChannel,
  fakeIds,
  guildChannel,
  guildCreate,
  humanUser,
  memberPayload,
  messagePayload,
  nextSnowflake,
  slashCommandInteraction,
  threadChannel,
  userPayload,
  type FakeIds,
  type InteractionContext,
  type OptionValue,
} from './payloads.ts';

export interface RecordedCall {
  method: string;
  /** Decoded path after /api/v10, e.g. "/webhooks/1/tok/messages/@original". */
  path: string;
  /** The route template that matched, e.g. "/webhooks/:app/:token/messages/:message"; "" when none did. */
  route: string;
  params: Record<string, string>;
  query: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- request bodies are arbitrary JSON the test inspects
  body: any;
  status: number;
  /** When the request arrived (performance.now(), for the load benchmark's latencies). */
  at: number;
}

export interface FailureSpec {
  times?: number;
  /** 403 with `code`: a refusal as Discord words it (50013 Missing Permissions, 160002 cannot reply without reading history). */
  status?: 500 | 502 | 503 | 429 | 403;
  /** Seconds, for 429. */
  retryAfter?: number;
  /** Discord's JSON error code and message, for 403. */
  code?: number;
  message?: string;
}

interface Failure {
  method: string;
  route: string;
  remaining: number;
  status: number;
  retryAfter: number;
  code: number;
  message: string;
}

type Json = Record<string, unknown>;

interface InteractionState {
  id: string;
  token: string;
  acknowledged: boolean;
  original: Json | null;
  /** For component interactions: the message the button sits on. */
  componentMessage: Json | null;
  followups: Map<string, Json>;
  channelId: string;
}

interface Route {
  method: string;
  template: string;
  segments: string[];
  handle(request: RouteRequest): RouteResult;
}

interface RouteRequest {
  params: Record<string, string>;
  query: Record<string, string>;
  body: Json;
  authorized: boolean;
}

interface RouteResult {
  status: number;
  body?: unknown;
}

export interface FakeDiscordOptions {
  token?: string;
  /** Gateway heartbeat interval handed out in HELLO; short keeps tests fast. */
  heartbeatIntervalMs?: number;
  /** Application flags from GET /applications/@me (1 << 18: the Message Content intent is granted). */
  applicationFlags?: number;
}

const apiPrefix = '/api/v10';

function errorBody(code: number, message: string, errors?: unknown): RouteResult['body'] {
  return errors === undefined ? { code, message } : { code, message, errors };
}

export class FakeDiscord {
  readonly ids: FakeIds = fakeIds;
  readonly token: string;
  readonly calls: RecordedCall[] = [];
  /** Gateway payloads received from the bot (IDENTIFY, heartbeats, ...). */
  readonly gatewayReceived: { op: number; d: unknown }[] = [];
  readonly commands = { global: [] as Json[], guild: new Map<string, Json[]>() };
  identifyCount = 0;
  /** The intents of the last IDENTIFY. */
  identifiedIntents = 0;
  readonly #applicationFlags: number;
  resumeCount = 0;

  readonly #server: Server;
  readonly #wss: WebSocketServer;
  readonly #sockets = new Set<WebSocket>();
  readonly #identified = new Map<WebSocket, { sequence: number; sessionId: string }>();
  /** Every session handed out (id → last sequence), kept after its socket closes so it can be resumed. */
  readonly #sessions = new Map<string, { sequence: number; sessionId: string }>();
  readonly #interactions = new Map<string, InteractionState>();
  readonly #messages = new Map<string, Json>();
  readonly #failures: Failure[] = [];
  readonly #routes: Route[] = [];
  readonly #heartbeatIntervalMs: number;
  #port = 0;

  private constructor(options: FakeDiscordOptions) {
    this.token = options.token ?? 'fake-bot-token';
    this.#heartbeatIntervalMs = options.heartbeatIntervalMs ?? 1000;
    this.#applicationFlags = options.applicationFlags ?? 0;
    this.#server = createServer((request, response) => void this.#onHttp(request, response));
    this.#wss = new WebSocketServer({ server: this.#server });
    this.#wss.on('connection', (socket) => this.#onGatewayConnection(socket));
    this.#defineRoutes();
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve) => fake.#server.listen(0, '127.0.0.1', resolve));
    fake.#port = (fake.#server.address() as AddressInfo).port;
    return fake;
  }

  /** What to give discord.js as `rest.api` (it appends /v10). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.#port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.#port}`;
  }

  /** Number of gateway sessions that completed IDENTIFY and are still open. */
  get openSessions(): number {
    return this.#identified.size;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Close every gateway connection (4000 "unknown error" lets the client resume its session). */
  disconnectAll(code = 4000): void {
    for (const socket of this.#sockets) socket.close(code, 'Unknown error.');
  }

  /** Make the next `times` calls of `method route` fail with `status` (500 by default). */
  failNext(method: string, route: string, spec: FailureSpec = {}): void {
    this.#failures.push({
      method: method.toUpperCase(),
      route,
      remaining: spec.times ?? 1,
      status: spec.status ?? 500,
      retryAfter: spec.retryAfter ?? 0.05,
      code: spec.code ?? 0,
      message: spec.message ?? 'Internal Server Error',
    });
  }

  // ---------------------------------------------------------------- injecting events

  /** Dispatch INTERACTION_CREATE for a slash command; returns the interaction's id and token. */
  sendSlashCommand(
    name: string,
    options: Record<string, OptionValue> = {},
    context: InteractionContext = {},
  ): { id: string; token: string } {
    const payload = slashCommandInteraction(this.ids, name, options, context);
    return this.#injectInteraction(payload, null);
  }

  /** Dispatch INTERACTION_CREATE for autocomplete while `context.focused` is typed; the bot answers with callback type 8. */
  sendAutocomplete(name: string, options: Record<string, OptionValue>, context: InteractionContext & { focused: string }): { id: string; token: string } {
    return this.#injectInteraction(autocompleteInteraction(this.ids, name, options, context), null);
  }

  /** Dispatch INTERACTION_CREATE for a button press on `message` (a message the fake stored). */
  clickButton(customId: string, message: Json, context: InteractionContext = {}): { id: string; token: string } {
    const payload = buttonInteraction(this.ids, customId, message, context);
    return this.#injectInteraction(payload, message);
  }

  /** Dispatch MESSAGE_CREATE from a user (or another bot, or the bot itself). */
  sendMessage(options: {
    content: string;
    /** 'category': the text channel under the fake's category. */
    where?: 'guild' | 'thread' | 'dm' | 'category';
    /** The author's user id (default: the fake's one human user). */
    userId?: string;
    from?: 'user' | 'other-bot' | 'self';
    /** A reply to this message (its id). */
    replyTo?: string;
    /** The author's role ids. */
    roles?: string[];
  }): Json {
    const where = options.where ?? 'guild';
    const author =
      options.from === 'self'
        ? botUser(this.ids)
        : options.from === 'other-bot'
          ? userPayload(this.ids.otherBot, 'otherbot', true)
          : options.userId
            ? userPayload(options.userId, `user${options.userId.slice(-4)}`)
            : humanUser(this.ids);
    const mentionsBot = options.content.includes(`<@${this.ids.bot}>`) || options.content.includes(`<@!${this.ids.bot}>`);
    const channelId = where === 'dm' ? this.ids.dmChannel : where === 'thread' ? this.ids.thread : where === 'category' ? this.ids.categoryChannel : this.ids.channel;
    const message = messagePayload({
      channelId,
      guildId: where === 'dm' ? undefined : this.ids.guild,
      author,
      content: options.content,
      mentions: mentionsBot ? [{ ...botUser(this.ids), member: memberPayload(botUser(this.ids)) }] : [],
      ...(options.replyTo ? { messageReference: { message_id: options.replyTo, channel_id: channelId, guild_id: this.ids.guild } } : {}),
    });
    // Without the Message Content intent, Discord sends a guild message's content only when it mentions the bot.
    if (where !== 'dm' && !mentionsBot && (this.identifiedIntents & (1 << 15)) === 0) message.content = '';
    if (where === 'dm') {
      message.channel_type = 1;
    } else {
      message.member = { ...memberPayload(author), ...(options.roles ? { roles: options.roles } : {}) };
      delete (message.member as Json).user;
      message.channel_type = where === 'thread' ? 11 : 0;
    }
    this.#messages.set(message.id as string, message);
    this.dispatch('MESSAGE_CREATE', message);
    return message;
  }

  /** Send a dispatch event to every identified gateway session. */
  dispatch(type: string, data: unknown): void {
    for (const [socket, session] of this.#identified) {
      session.sequence += 1;
      socket.send(JSON.stringify({ op: 0, t: type, s: session.sequence, d: data }));
    }
  }

  // ---------------------------------------------------------------- inspecting

  /** A message the fake holds (sent by the bot or injected), by id. */
  message(id: string): Json | undefined {
    return this.#messages.get(id);
  }

  /** Every message the fake holds, in the order it got them. */
  allMessages(): Json[] {
    return [...this.#messages.values()];
  }

  /** The interaction's original response message as it stands now (after edits). */
  originalResponse(token: string): Json | null {
    return this.#interactions.get(token)?.original ?? null;
  }

  /** Follow-up messages sent for an interaction, in order. */
  followups(token: string): Json[] {
    return [...(this.#interactions.get(token)?.followups.values() ?? [])];
  }

  callsTo(method: string, route: string, since = 0): RecordedCall[] {
    return this.calls.slice(since).filter((call) => call.method === method && call.route === route);
  }

  /** Poll until a recorded call satisfies `predicate` (from index `since`); rejects after `timeoutMs`. */
  async waitForCall(
    predicate: (call: RecordedCall) => boolean,
    options: { since?: number; timeoutMs?: number } = {},
  ): Promise<RecordedCall> {
    const found = await this.waitFor(() => this.calls.slice(options.since ?? 0).find(predicate), options.timeoutMs);
    return found;
  }

  /** Poll `probe` every few milliseconds until it returns something other than undefined/false. */
  async waitFor<T>(probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) {
        const recent = this.calls.slice(-10).map((call) => `${call.method} ${call.path} -> ${call.status}`);
        throw new Error(`waitFor timed out after ${timeoutMs} ms; last calls:\n  ${recent.join('\n  ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  // ---------------------------------------------------------------- internals

  #injectInteraction(payload: Json, componentMessage: Json | null): { id: string; token: string } {
    const id = payload.id as string;
    const token = payload.token as string;
    this.#interactions.set(token, {
      id,
      token,
      acknowledged: false,
      original: null,
      componentMessage,
      followups: new Map(),
      channelId: payload.channel_id as string,
    });
    this.dispatch('INTERACTION_CREATE', payload);
    return { id, token };
  }

  #onGatewayConnection(socket: WebSocket): void {
    this.#sockets.add(socket);
    socket.on('close', () => {
      this.#sockets.delete(socket);
      this.#identified.delete(socket);
    });
    socket.on('message', (raw) => {
      let payload: { op: number; d: unknown };
      try {
        payload = JSON.parse(String(raw)) as { op: number; d: unknown };
      } catch {
        socket.close(4002, 'Error while decoding payload.');
        return;
      }
      this.gatewayReceived.push(payload);
      this.#onGatewayPayload(socket, payload);
    });
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.#heartbeatIntervalMs } }));
  }

  #onGatewayPayload(socket: WebSocket, payload: { op: number; d: unknown }): void {
    const data = (payload.d ?? {}) as Json;
    switch (payload.op) {
      case 1:
        socket.send(JSON.stringify({ op: 11 }));
        return;
      case 2: {
        if (data.token !== this.token) {
          socket.close(4004, 'Authentication failed.');
          return;
        }
        this.identifyCount += 1;
        this.identifiedIntents = Number(data.intents ?? 0);
        const session = { sequence: 0, sessionId: `session-${nextSnowflake()}` };
        this.#identified.set(socket, session);
        this.#sessions.set(session.sessionId, session);
        session.sequence += 1;
        socket.send(
          JSON.stringify({
            op: 0,
            t: 'READY',
            s: session.sequence,
            d: {
              v: 10,
              user: { ...botUser(this.ids), verified: true, mfa_enabled: false },
              guilds: [{ id: this.ids.guild, unavailable: true }],
              session_id: session.sessionId,
              resume_gateway_url: this.gatewayUrl,
              shard: [0, 1],
              application: { id: this.ids.app, flags: 0 },
              private_channels: [],
              presences: [],
              relationships: [],
              guild_join_requests: [],
            },
          }),
        );
        session.sequence += 1;
        socket.send(JSON.stringify({ op: 0, t: 'GUILD_CREATE', s: session.sequence, d: guildCreate(this.ids) }));
        return;
      }
      case 6: {
        const session = this.#sessions.get(String(data.session_id));
        if (data.token !== this.token || !session) {
          socket.send(JSON.stringify({ op: 9, d: false }));
          return;
        }
        // Nothing is dispatched while disconnected, so there is nothing to replay.
        this.resumeCount += 1;
        this.#identified.set(socket, session);
        session.sequence += 1;
        socket.send(JSON.stringify({ op: 0, t: 'RESUMED', s: session.sequence, d: {} }));
        return;
      }
      default:
        return;
    }
  }

  async #onHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = (request.method ?? 'GET').toUpperCase();
    const rawPath = url.pathname.startsWith(apiPrefix) ? url.pathname.slice(apiPrefix.length) : url.pathname;
    const segments = rawPath.split('/').map((segment) => decodeURIComponent(segment));
    const path = segments.join('/');
    let body: Json = {};
    if (raw !== '') {
      try {
        body = JSON.parse(raw) as Json;
      } catch {
        body = { raw };
      }
    }
    const query = Object.fromEntries(url.searchParams.entries());
    const call: RecordedCall = { method, path, route: '', params: {}, query, body, status: 0, at: performance.now() };
    this.calls.push(call);

    const reply = (status: number, payload?: unknown, headers: Record<string, string> = {}): void => {
      call.status = status;
      if (payload === undefined) {
        response.writeHead(status, headers).end();
        return;
      }
      response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
    };

    const match = this.#match(method, segments);
    if (!match) {
      reply(404, errorBody(0, '404: Not Found'));
      return;
    }
    call.route = match.route.template;
    call.params = match.params;

    const failure = this.#failures.find(
      (candidate) => candidate.remaining > 0 && candidate.method === method && candidate.route === call.route,
    );
    if (failure) {
      failure.remaining -= 1;
      if (failure.status === 429) {
        reply(
          429,
          { message: 'You are being rate limited.', retry_after: failure.retryAfter, global: false },
          { 'retry-after': String(failure.retryAfter), 'x-ratelimit-scope': 'user' },
        );
      } else {
        reply(failure.status, { message: failure.message, code: failure.code });
      }
      return;
    }

    const authorized = request.headers.authorization === `Bot ${this.token}`;
    const result = match.route.handle({ params: match.params, query, body, authorized });
    reply(result.status, result.body);
  }

  #match(method: string, segments: string[]): { route: Route; params: Record<string, string> } | null {
    for (const route of this.#routes) {
      if (route.method !== method || route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      route.segments.forEach((part, index) => {
        const actual = segments[index] ?? '';
        if (part.startsWith(':')) params[part.slice(1)] = actual;
        else if (part !== actual) ok = false;
      });
      if (ok) return { route, params };
    }
    return null;
  }

  #route(method: string, template: string, handle: (request: RouteRequest) => RouteResult, auth = true): void {
    this.#routes.push({
      method,
      template,
      segments: template.split('/'),
      handle: (request) => (auth && !request.authorized ? { status: 401, body: errorBody(0, '401: Unauthorized') } : handle(request)),
    });
  }

  #invalid(body: MessageBodyLike, creating: boolean): RouteResult | null {
    const problems = messageLimitProblems(body);
    if (problems.length > 0) return { status: 400, body: errorBody(50035, 'Invalid Form Body', problems) };
    if (creating && isEmptyMessage(body)) return { status: 400, body: errorBody(50006, 'Cannot send an empty message') };
    return null;
  }

  #botMessage(channelId: string, body: Json, extra: Partial<Parameters<typeof messagePayload>[0]> = {}): Json {
    const message = messagePayload({
      channelId,
      guildId: channelId === this.ids.dmChannel ? undefined : this.ids.guild,
      author: botUser(this.ids),
      content: typeof body.content === 'string' ? body.content : '',
      embeds: (body.embeds as unknown[] | undefined) ?? [],
      components: (body.components as unknown[] | undefined) ?? [],
      flags: typeof body.flags === 'number' ? body.flags : 0,
      ...extra,
    });
    message.allowed_mentions_received = body.allowed_mentions;
    this.#messages.set(message.id as string, message);
    return message;
  }

  #editMessage(message: Json, body: Json): Json {
    for (const key of ['content', 'embeds', 'components'] as const) {
      if (key in body) message[key] = body[key] ?? (key === 'content' ? '' : []);
    }
    message.flags = Number(message.flags ?? 0) & ~128;
    message.edited_timestamp = new Date().toISOString();
    message.allowed_mentions_received = body.allowed_mentions;
    return message;
  }

  #defineRoutes(): void {
    const unknownInteraction = { status: 404, body: errorBody(10062, 'Unknown interaction') };
    const unknownWebhook = { status: 404, body: errorBody(10015, 'Unknown Webhook') };
    const unknownMessage = { status: 404, body: errorBody(10008, 'Unknown Message') };
    const sessionLimit = { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 };

    this.#route('GET', '/gateway/bot', () => ({
      status: 200,
      body: { url: this.gatewayUrl, shards: 1, session_start_limit: sessionLimit },
    }));
    this.#route('GET', '/gateway', () => ({ status: 200, body: { url: this.gatewayUrl } }), false);
    this.#route('GET', '/users/@me', () => ({ status: 200, body: botUser(this.ids) }));
    this.#route('GET', '/applications/@me', () => ({
      status: 200,
      body: { id: this.ids.app, name: 'citebot', flags: this.#applicationFlags, bot_public: true, description: '', icon: null },
    }));

    const saveCommands = (list: Json[]): Json[] =>
      list.map((command) => ({
        id: nextSnowflake(),
        application_id: this.ids.app,
        version: nextSnowflake(),
        type: 1,
        default_member_permissions: null,
        ...command,
      }));
    this.#route('PUT', '/applications/:app/commands', ({ body }) => {
      if (!Array.isArray(body)) return { status: 400, body: errorBody(50035, 'Invalid Form Body') };
      this.commands.global = saveCommands(body as Json[]);
      return { status: 200, body: this.commands.global };
    });
    this.#route('GET', '/applications/:app/commands', () => ({ status: 200, body: this.commands.global }));
    this.#route('PUT', '/applications/:app/guilds/:guild/commands', ({ body, params }) => {
      if (!Array.isArray(body)) return { status: 400, body: errorBody(50035, 'Invalid Form Body') };
      const saved = saveCommands(body as Json[]).map((command) => ({ ...command, guild_id: params.guild }));
      this.commands.guild.set(params.guild ?? '', saved);
      return { status: 200, body: saved };
    });
    this.#route('GET', '/applications/:app/guilds/:guild/commands', ({ params }) => ({
      status: 200,
      body: this.commands.guild.get(params.guild ?? '') ?? [],
    }));

    this.#route(
      'POST',
      '/interactions/:id/:token/callback',
      ({ params, body, query }) => {
        const state = this.#interactions.get(params.token ?? '');
        if (!state || state.id !== params.id) return unknownInteraction;
        if (state.acknowledged) return { status: 400, body: errorBody(40060, 'Interaction has already been acknowledged.') };
        const type = Number(body.type);
        const data = (body.data ?? {}) as Json;
        if (type === 4 || type === 7) {
          const invalid = this.#invalid(data, type === 4);
          if (invalid) return invalid;
        }
        state.acknowledged = true;
        switch (type) {
          case 4:
            state.original = this.#botMessage(state.channelId, data, { applicationId: this.ids.app, webhookId: this.ids.app });
            break;
          case 5:
            state.original = this.#botMessage(
              state.channelId,
              { content: '', flags: (Number(data.flags ?? 0) & 64) | 128 },
              { applicationId: this.ids.app, webhookId: this.ids.app },
            );
            break;
          case 6:
            state.original = state.componentMessage;
            break;
          case 7:
            state.original = state.componentMessage ? this.#editMessage(state.componentMessage, data) : null;
            break;
          case 8: {
            const choices = data.choices;
            if (!Array.isArray(choices) || choices.length > 25) return { status: 400, body: errorBody(50035, 'Invalid Form Body', ['data.choices: 0 to 25 choices']) };
            break;
          }
          default:
            return { status: 400, body: errorBody(50035, `Unsupported callback type ${type}`) };
        }
        if (query.with_response === 'true') {
          return {
            status: 200,
            body: {
              interaction: { id: state.id, type: 2, response_message_id: state.original?.id ?? null },
              resource: { type, message: state.original },
            },
          };
        }
        return { status: 204 };
      },
      false,
    );

    const findWebhookMessage = (params: Record<string, string>): { state: InteractionState; message: Json } | RouteResult => {
      const state = this.#interactions.get(params.token ?? '');
      if (!state || params.app !== this.ids.app) return unknownWebhook;
      if (params.message === '@original') {
        return state.original ? { state, message: state.original } : unknownMessage;
      }
      const followup = state.followups.get(params.message ?? '');
      return followup ? { state, message: followup } : unknownMessage;
    };
    this.#route(
      'PATCH',
      '/webhooks/:app/:token/messages/:message',
      ({ params, body }) => {
        const found = findWebhookMessage(params);
        if ('status' in found) return found;
        const invalid = this.#invalid(body, false);
        if (invalid) return invalid;
        return { status: 200, body: this.#editMessage(found.message, body) };
      },
      false,
    );
    this.#route(
      'GET',
      '/webhooks/:app/:token/messages/:message',
      ({ params }) => {
        const found = findWebhookMessage(params);
        return 'status' in found ? found : { status: 200, body: found.message };
      },
      false,
    );
    this.#route(
      'DELETE',
      '/webhooks/:app/:token/messages/:message',
      ({ params }) => {
        const found = findWebhookMessage(params);
        if ('status' in found) return found;
        if (params.message === '@original') found.state.original = null;
        else found.state.followups.delete(params.message ?? '');
        this.#messages.delete(found.message.id as string);
        return { status: 204 };
      },
      false,
    );
    this.#route(
      'POST',
      '/webhooks/:app/:token',
      ({ params, body }) => {
        const state = this.#interactions.get(params.token ?? '');
        if (!state || params.app !== this.ids.app) return unknownWebhook;
        if (!state.acknowledged) return unknownWebhook;
        const invalid = this.#invalid(body, true);
        if (invalid) return invalid;
        const message = this.#botMessage(state.channelId, body, { applicationId: this.ids.app, webhookId: this.ids.app });
        state.followups.set(message.id as string, message);
        return { status: 200, body: message };
      },
      false,
    );

    const channelPayload = (id: string): Json | null =>
      id === this.ids.channel
        ? guildChannel(this.ids)
        : id === this.ids.thread
          ? threadChannel(this.ids)
          : id === this.ids.dmChannel
            ? dmChannel(this.ids)
            : id === this.ids.category
              ? categoryPayload(this.ids)
              : id === this.ids.categoryChannel
                ? categoryChannelPayload(this.ids)
                : null;
    this.#route('GET', '/channels/:channel', ({ params }) => {
      const channel = channelPayload(params.channel ?? '');
      return channel ? { status: 200, body: channel } : { status: 404, body: errorBody(10003, 'Unknown Channel') };
    });
    this.#route('POST', '/channels/:channel/messages', ({ params, body }) => {
      const channelId = params.channel ?? '';
      if (!channelPayload(channelId)) return { status: 404, body: errorBody(10003, 'Unknown Channel') };
      const invalid = this.#invalid(body, true);
      if (invalid) return invalid;
      const reference = body.message_reference as Json | undefined;
      if (reference && !this.#messages.has(String(reference.message_id))) {
        return { status: 400, body: errorBody(50035, 'Invalid Form Body', ['message_reference: Unknown message']) };
      }
      return { status: 200, body: this.#botMessage(channelId, body, { messageReference: reference }) };
    });
    this.#route('PATCH', '/channels/:channel/messages/:message', ({ params, body }) => {
      const message = this.#messages.get(params.message ?? '');
      if (!message || message.channel_id !== params.channel) return unknownMessage;
      const invalid = this.#invalid(body, false);
      if (invalid) return invalid;
      return { status: 200, body: this.#editMessage(message, body) };
    });
    this.#route('POST', '/channels/:channel/typing', () => ({ status: 204 }));
    // user.send(): open (or get) the DM channel with a user, then post in it. Every user shares the fake's one DM channel id.
    this.#route('POST', '/users/@me/channels', ({ body }) => ({
      status: 200,
      body: { ...dmChannel(this.ids), recipients: [userPayload(String(body.recipient_id ?? this.ids.user), 'someone')] },
    }));
  }
}
