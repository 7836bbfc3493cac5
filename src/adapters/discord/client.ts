import { Client, GatewayIntentBits, Partials, REST, RESTEvents, type InternalRequest, type RESTOptions, type ResponseLike } from 'discord.js';

/** The mention policy for everything the bot sends: nothing in a reply ever pings anyone. */
export const noMentions = { parse: [] as never[] };
/** For replies to a message: not even the author of the message being answered. */
export const noMentionsInReply = { parse: [] as never[], repliedUser: false };

export interface DiscordClientOptions {
  /** Base REST URL without the version (discord.js appends /v10); Discord's own when undefined. */
  apiUrl?: string | undefined;
  /** Extra @discordjs/rest options (tests use `{ retries: 0 }` to reach the bot's own error handling). */
  rest?: Partial<RESTOptions> | undefined;
  /** Ask for the privileged Message Content intent (replies in a conversation without a mention). */
  messageContent?: boolean;
  /** Several replicas: the shards this one runs, out of `count` (all of them, by discord.js's count, when absent). */
  shards?: { ids: number[]; count: number } | undefined;
}

/**
 * The bot's REST, with the requests to interaction webhooks made without the bot token (editing a
 * deferred reply, follow-ups, deleting them) sent through a REST of their own. Discord does not bind
 * interaction endpoints to the bot's global rate limit, but @discordjs/rest counts every request other
 * than the interaction callback against its one global budget of 50 a second: under load, deferred
 * slash answers and mention answers (and DMs) then waited for one another. The webhooks' REST still
 * follows the per-route limits Discord sends in its headers.
 */
export class BotRest extends REST {
  readonly interactionWebhooks: REST;

  constructor(options: Partial<RESTOptions> = {}) {
    super(options);
    this.interactionWebhooks = new REST(options);
    this.interactionWebhooks.on(RESTEvents.RateLimited, (info) => this.emit(RESTEvents.RateLimited, info));
    this.interactionWebhooks.on(RESTEvents.InvalidRequestWarning, (info) => this.emit(RESTEvents.InvalidRequestWarning, info));
    this.interactionWebhooks.on(RESTEvents.Response, (request, response) => this.emit(RESTEvents.Response, request, response));
    this.interactionWebhooks.on(RESTEvents.Debug, (info) => this.emit(RESTEvents.Debug, info));
  }

  override queueRequest(request: InternalRequest): Promise<ResponseLike> {
    if (request.auth === false && request.fullRoute.startsWith('/webhooks/')) return this.interactionWebhooks.queueRequest(request);
    return super.queueRequest(request);
  }

  override clearHashSweeper(): void {
    super.clearHashSweeper();
    this.interactionWebhooks.clearHashSweeper();
  }

  override clearHandlerSweeper(): void {
    super.clearHandlerSweeper();
    this.interactionWebhooks.clearHandlerSweeper();
  }
}

/**
 * A discord.js Client with no privileged intent: slash commands need none, and messages that
 * mention the bot (and DMs) carry their content without MessageContent.
 */
export function createDiscordClient(options: DiscordClientOptions = {}): Client {
  const client = new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.DirectMessages,
      ...(options.messageContent ? [GatewayIntentBits.MessageContent] : []),
    ],
    // DM channels are not cached until used: without this partial, DM messages are dropped.
    partials: [Partials.Channel],
    rest: { ...(options.apiUrl ? { api: options.apiUrl } : {}), ...options.rest },
    allowedMentions: noMentions,
    ...(options.shards ? { shards: options.shards.ids, shardCount: options.shards.count } : {}),
  });
  // The REST the client made is replaced before any use (its sweepers stopped): see BotRest.
  client.rest.clearHashSweeper();
  client.rest.clearHandlerSweeper();
  client.rest = new BotRest(client.options.rest);
  return client;
}
