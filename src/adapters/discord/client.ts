import { Client, GatewayIntentBits, Partials, type RESTOptions } from 'discord.js';

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
 * A discord.js Client with no privileged intent: slash commands need none, and messages that
 * mention the bot (and DMs) carry their content without MessageContent.
 */
export function createDiscordClient(options: DiscordClientOptions = {}): Client {
  return new Client({
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
}
