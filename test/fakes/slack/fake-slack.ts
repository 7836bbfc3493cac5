import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A small Slack for tests, on 127.0.0.1 and a free port:
 * - the Web API (`POST /api/<method>`, form or JSON bodies, token from the Authorization header or the body),
 *   every call recorded; auth.test, apps.connections.open, chat.*, reactions.*, conversations.info,
 *   users.info answered like Slack (roles and locale per user: `setUser`), usergroups.list and
 *   usergroups.users.list (groups and their members: `setUserGroup`), any other method with `{ ok: true }`;
 * - Socket Mode: apps.connections.open hands out `ws://127.0.0.1:PORT/socket?ticket=N`; the socket says hello,
 *   then carries the envelopes a test injects and records the app's acks;
 * - `response_url`s (`POST /response/<id>`), their bodies recorded;
 * - failure switches per method: HTTP 500 or `{ ok: false, error }`, for the next N calls.
 */

export const FAKE_TEAM_ID = 'T0FAKE';
export const FAKE_BOT_USER_ID = 'U0BOT';
export const FAKE_BOT_ID = 'B0BOT';
export const FAKE_APP_ID = 'A0FAKE';

/** `at`: when the fake received it (performance.now(), for the load benchmark's latencies). */
export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  token: string | null;
  at: number;
}

export interface Ack {
  envelope_id: string;
  payload?: Record<string, unknown>;
  at: number;
  /** Which connection acked it (its position among the connections open when it was delivered). */
  connection?: number;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

type Failure = { kind: 'http'; status: number } | { kind: 'slack'; error: string };

/** What users.info says about a user; unset users are plain members with an en-US locale. */
export interface FakeUser {
  name?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  locale?: string;
}

/** A user group (a "subteam", S…) as usergroups.list describes it; `disabled` groups are listed only with include_disabled. */
export interface FakeUserGroup {
  handle: string;
  name?: string;
  users: string[];
  disabled?: boolean;
}

export interface SlashCommandInput {
  command: string;
  text: string;
  user?: string;
  channel?: string;
}

export interface EventInput {
  event: Record<string, unknown>;
  eventId?: string;
  retryAttempt?: number;
  retryReason?: string;
}

export interface BlockActionInput {
  actionId: string;
  value: string;
  user?: string;
  channel?: string;
  /** The clicked message: omitted for an ephemeral one (Slack does not send those back). */
  message?: Record<string, unknown>;
  ephemeral?: boolean;
  messageTs?: string;
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // The Web client sends objects (blocks, ...) as JSON strings inside the form.
    if ((value.startsWith('[') || value.startsWith('{')) && key !== 'text') {
      try {
        args[key] = JSON.parse(value);
        continue;
      } catch {
        // a plain string after all
      }
    }
    args[key] = value;
  }
  return args;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly acks: Ack[] = [];
  readonly responses: ResponseUrlPost[] = [];
  /** Every message the app sent over the socket (acks are also in `acks`). */
  readonly socketMessages: unknown[] = [];
  readonly #failures = new Map<string, { failure: Failure; times: number }>();
  readonly #sockets = new Set<WebSocket>();
  readonly #users = new Map<string, FakeUser>();
  readonly #userGroups = new Map<string, FakeUserGroup>();
  readonly #server: Server;
  readonly #wss: WebSocketServer;
  #ticket = 0;
  #ts = 0;
  #connectionWaiters: Array<() => void> = [];
  port = 0;
  /**
   * 'every' (the default): each envelope goes to every open connection. 'one': to one connection, in
   * turn, as Slack spreads an app's events over its connections (several replicas); an envelope its
   * connection closed without acknowledging is delivered again to another one (retry_attempt + 1).
   */
  delivery: 'every' | 'one' = 'every';
  /** 'one' delivery: the connection (by position) the next envelope goes to, instead of the next in turn. */
  nextConnection: number | null = null;
  #turn = 0;
  readonly #connectionIds = new Map<WebSocket, number>();
  #connections = 0;
  readonly #unacked = new Map<string, { socket: WebSocket; envelope: Record<string, unknown> }>();

  private constructor() {
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => sendJson(res, 500, { ok: false, error: String(error) }));
    });
    this.#wss = new WebSocketServer({ noServer: true });
    this.#server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/socket')) {
        socket.destroy();
        return;
      }
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#onSocket(ws));
    });
  }

  static async start(): Promise<FakeSlack> {
    const fake = new FakeSlack();
    await new Promise<void>((resolve) => fake.#server.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.#server.address() as AddressInfo).port;
    return fake;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What SLACK_API_URL should be set to. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  get connectedSockets(): number {
    return this.#sockets.size;
  }

  /** Resolves once at least one Socket Mode connection has received its hello. */
  async socketConnected(): Promise<void> {
    if (this.#sockets.size > 0) return;
    await new Promise<void>((resolve) => this.#connectionWaiters.push(resolve));
  }

  /** The next `times` calls of `method` fail: with HTTP `status`, or with Slack's `{ ok: false, error }`. */
  failMethod(method: string, failure: { status: number } | { error: string }, times = Number.POSITIVE_INFINITY): void {
    this.#failures.set(method, {
      failure: 'status' in failure ? { kind: 'http', status: failure.status } : { kind: 'slack', error: failure.error },
      times,
    });
  }

  /** How users.info describes `userId` from now on (workspace role, locale). */
  setUser(userId: string, user: FakeUser): void {
    this.#users.set(userId, user);
  }

  /** A user group (id S…) and its members, for usergroups.list and usergroups.users.list. */
  setUserGroup(id: string, group: FakeUserGroup): void {
    this.#userGroups.set(id, group);
  }

  clearFailures(): void {
    this.#failures.clear();
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** A fresh response_url, as Slack hands out with each command and button click. */
  newResponseUrl(): string {
    return `${this.baseUrl}/response/${randomUUID()}`;
  }

  responsesTo(responseUrl: string): Array<Record<string, unknown>> {
    const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
    return this.responses.filter((post) => post.id === id).map((post) => post.body);
  }

  nextTs(): string {
    this.#ts += 1;
    return `${1_700_000_000 + this.#ts}.${String(this.#ts).padStart(6, '0')}`;
  }

  /** Sends a raw envelope to every connected Socket Mode client (or to one, see `delivery`). */
  sendEnvelope(envelope: Record<string, unknown>): void {
    const data = JSON.stringify(envelope);
    if (this.delivery === 'every') {
      for (const socket of this.#sockets) socket.send(data);
      return;
    }
    const open = [...this.#sockets];
    if (open.length === 0) return;
    const position = this.nextConnection ?? this.#turn++ % open.length;
    this.nextConnection = null;
    const socket = open[Math.min(position, open.length - 1)]!;
    if (typeof envelope.envelope_id === 'string') this.#unacked.set(envelope.envelope_id, { socket, envelope });
    socket.send(data);
  }

  /** The id of the connection that acked an envelope (connections are numbered from 0 as they open). */
  ackedBy(envelopeId: string): number | undefined {
    return this.acks.find((ack) => ack.envelope_id === envelopeId)?.connection;
  }

  /** The payload of a slash command as Slack sends it (Socket Mode payload or HTTP form fields). */
  slashCommandPayload(input: SlashCommandInput & { responseUrl: string }): Record<string, string> {
    return {
      token: 'verification-token',
      team_id: FAKE_TEAM_ID,
      team_domain: 'fake',
      channel_id: input.channel ?? 'C0GENERAL',
      channel_name: 'general',
      user_id: input.user ?? 'U0ALICE',
      user_name: 'alice',
      command: input.command,
      text: input.text,
      api_app_id: FAKE_APP_ID,
      is_enterprise_install: 'false',
      response_url: input.responseUrl,
      trigger_id: `trigger-${randomUUID()}`,
    };
  }

  /** Injects a slash command over Socket Mode; returns its envelope id and response_url. */
  slashCommand(input: SlashCommandInput): { envelopeId: string; responseUrl: string } {
    const envelopeId = randomUUID();
    const responseUrl = this.newResponseUrl();
    this.sendEnvelope({
      envelope_id: envelopeId,
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: this.slashCommandPayload({ ...input, responseUrl }),
    });
    return { envelopeId, responseUrl };
  }

  /** The event_callback body of an event (Socket Mode payload or HTTP body). */
  eventBody(event: Record<string, unknown>, eventId: string): Record<string, unknown> {
    return {
      token: 'verification-token',
      team_id: FAKE_TEAM_ID,
      api_app_id: FAKE_APP_ID,
      event: { event_ts: event.ts, ...event },
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: FAKE_TEAM_ID, user_id: FAKE_BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
      event_context: `ctx-${eventId}`,
    };
  }

  /** Injects an Events API event over Socket Mode; a retry reuses `eventId` with `retryAttempt` > 0. */
  event(input: EventInput): { envelopeId: string; eventId: string } {
    const envelopeId = randomUUID();
    const eventId = input.eventId ?? `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
    this.sendEnvelope({
      envelope_id: envelopeId,
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: input.retryAttempt ?? 0,
      retry_reason: input.retryReason ?? '',
      payload: this.eventBody(input.event, eventId),
    });
    return { envelopeId, eventId };
  }

  /** The block_actions payload of a button click (Socket Mode payload, or the HTTP form's `payload` field). */
  blockActionPayload(input: BlockActionInput & { responseUrl: string }): Record<string, unknown> {
    const channel = input.channel ?? 'C0GENERAL';
    const messageTs = (input.message?.ts as string | undefined) ?? input.messageTs ?? this.nextTs();
    return {
      type: 'block_actions',
      user: { id: input.user ?? 'U0ALICE', username: 'alice', name: 'alice', team_id: FAKE_TEAM_ID },
      api_app_id: FAKE_APP_ID,
      token: 'verification-token',
      container: {
        type: 'message',
        message_ts: messageTs,
        channel_id: channel,
        is_ephemeral: input.ephemeral ?? false,
      },
      trigger_id: `trigger-${randomUUID()}`,
      team: { id: FAKE_TEAM_ID, domain: 'fake' },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: channel, name: 'general' },
      ...(input.message ? { message: input.message } : {}),
      state: { values: {} },
      response_url: input.responseUrl,
      actions: [
        {
          action_id: input.actionId,
          block_id: 'citebot_actions',
          text: { type: 'plain_text', text: input.actionId, emoji: true },
          value: input.value,
          type: 'button',
          action_ts: `${Date.now() / 1000}`,
        },
      ],
    };
  }

  /** Injects a button click (block_actions) over Socket Mode; returns its envelope id and response_url. */
  blockAction(input: BlockActionInput): { envelopeId: string; responseUrl: string } {
    const envelopeId = randomUUID();
    const responseUrl = this.newResponseUrl();
    this.sendEnvelope({
      envelope_id: envelopeId,
      type: 'interactive',
      accepts_response_payload: false,
      payload: this.blockActionPayload({ ...input, responseUrl }),
    });
    return { envelopeId, responseUrl };
  }

  /** Closes every socket and the server. */
  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.terminate();
    this.#sockets.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #onSocket(ws: WebSocket): void {
    this.#sockets.add(ws);
    this.#connectionIds.set(ws, this.#connections++);
    ws.on('message', (data) => {
      let message: unknown;
      try {
        message = JSON.parse(String(data));
      } catch {
        return;
      }
      this.socketMessages.push(message);
      const ack = message as Partial<Ack>;
      if (typeof ack.envelope_id === 'string') {
        this.acks.push({ envelope_id: ack.envelope_id, payload: ack.payload, at: performance.now(), connection: this.#connectionIds.get(ws) });
        this.#unacked.delete(ack.envelope_id);
      }
    });
    ws.on('close', () => {
      this.#sockets.delete(ws);
      // Slack delivers again what a lost connection never acknowledged.
      for (const [id, pending] of [...this.#unacked]) {
        if (pending.socket !== ws) continue;
        this.#unacked.delete(id);
        const retryAttempt = typeof pending.envelope.retry_attempt === 'number' ? pending.envelope.retry_attempt + 1 : undefined;
        this.sendEnvelope({ ...pending.envelope, envelope_id: randomUUID(), ...(retryAttempt !== undefined ? { retry_attempt: retryAttempt, retry_reason: 'timeout' } : {}) });
      }
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.#sockets.size,
        debug_info: { host: 'fake-slack', approximate_connection_time: 3600 },
        connection_info: { app_id: FAKE_APP_ID },
      }),
    );
    const waiters = this.#connectionWaiters;
    this.#connectionWaiters = [];
    for (const resolve of waiters) resolve();
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const raw = await readBody(req);
    if (req.method === 'POST' && url.pathname.startsWith('/response/')) {
      const id = url.pathname.slice('/response/'.length);
      this.responses.push({ id, body: parseBody(raw, 'application/json'), at: performance.now() });
      sendJson(res, 200, { ok: true });
      return;
    }
    if (req.method !== 'POST' || !url.pathname.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const args = parseBody(raw, req.headers['content-type']);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof args.token === 'string' ? args.token : null);
    this.calls.push({ method, args, token, at: performance.now() });

    const failing = this.#failures.get(method);
    if (failing && failing.times > 0) {
      failing.times -= 1;
      if (failing.failure.kind === 'http') {
        res.writeHead(failing.failure.status, { 'content-type': 'text/plain' }).end('fake failure');
      } else {
        sendJson(res, 200, { ok: false, error: failing.failure.error });
      }
      return;
    }
    sendJson(res, 200, this.#answer(method, args, token));
  }

  #answer(method: string, args: Record<string, unknown>, token: string | null): Record<string, unknown> {
    const isBotToken = token?.startsWith('xoxb-') ?? false;
    const isAppToken = token?.startsWith('xapp-') ?? false;
    switch (method) {
      case 'auth.test':
        if (!isBotToken) return { ok: false, error: isAppToken ? 'not_allowed_token_type' : 'invalid_auth' };
        return {
          ok: true,
          url: 'https://fake.slack.com/',
          team: 'Fake',
          user: 'citebot',
          team_id: FAKE_TEAM_ID,
          user_id: FAKE_BOT_USER_ID,
          bot_id: FAKE_BOT_ID,
          is_enterprise_install: false,
        };
      case 'apps.connections.open':
        if (!isAppToken) return { ok: false, error: isBotToken ? 'not_allowed_token_type' : 'invalid_auth' };
        this.#ticket += 1;
        return { ok: true, url: `ws://127.0.0.1:${this.port}/socket?ticket=${this.#ticket}` };
      case 'chat.postMessage': {
        if (!isBotToken) return { ok: false, error: 'not_authed' };
        const ts = this.nextTs();
        return {
          ok: true,
          channel: args.channel,
          ts,
          message: {
            type: 'message',
            user: FAKE_BOT_USER_ID,
            bot_id: FAKE_BOT_ID,
            ts,
            text: args.text,
            blocks: args.blocks,
            ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}),
          },
        };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case 'chat.delete':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'conversations.info':
        return {
          ok: true,
          channel: { id: args.channel, name: 'general', is_channel: true, is_im: String(args.channel).startsWith('D') },
        };
      case 'usergroups.list': {
        // Slack sends `users` only with include_users, and leaves disabled groups out unless include_disabled.
        const truthy = (value: unknown) => value === true || value === 'true' || value === '1';
        const groups = [...this.#userGroups].filter(([, group]) => !group.disabled || truthy(args.include_disabled));
        return {
          ok: true,
          usergroups: groups.map(([id, group]) => ({
            id,
            team_id: FAKE_TEAM_ID,
            is_usergroup: true,
            is_subteam: true,
            name: group.name ?? group.handle,
            description: '',
            handle: group.handle,
            is_external: false,
            date_create: 1_700_000_000,
            date_update: 1_700_000_000,
            date_delete: group.disabled ? 1_700_000_100 : 0,
            auto_type: null,
            created_by: 'U0ADMIN',
            updated_by: 'U0ADMIN',
            deleted_by: null,
            prefs: { channels: [], groups: [] },
            user_count: group.users.length,
            ...(truthy(args.include_users) ? { users: [...group.users] } : {}),
          })),
        };
      }
      case 'usergroups.users.list': {
        const group = this.#userGroups.get(String(args.usergroup));
        if (!group) return { ok: false, error: 'no_such_subteam' };
        return { ok: true, users: [...group.users] };
      }
      case 'users.info': {
        const user = this.#users.get(String(args.user)) ?? {};
        return {
          ok: true,
          user: {
            id: args.user,
            team_id: FAKE_TEAM_ID,
            name: user.name ?? 'alice',
            tz: 'Europe/Paris',
            is_admin: user.is_admin ?? false,
            is_owner: user.is_owner ?? false,
            is_primary_owner: user.is_primary_owner ?? false,
            is_bot: false,
            // Slack only sends the locale when asked for it.
            ...(args.include_locale === true || args.include_locale === 'true' ? { locale: user.locale ?? 'en-US' } : {}),
          },
        };
      }
      default:
        return { ok: true };
    }
  }
}

/** Polls `probe` until it returns something other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => T | undefined | false | null,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false && value !== null) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
