/**
 * Raw Discord API v10 payloads the fake server hands to discord.js: users, the guild with its
 * channels, messages and interactions. Only the fields discord.js reads are filled in.
 */

export interface FakeIds {
  /** The application id; equal to the bot user id, as for any recent Discord app. */
  app: string;
  bot: string;
  guild: string;
  channel: string;
  thread: string;
  dmChannel: string;
  user: string;
  otherBot: string;
  /** A category (channel type 4) and a text channel under it. */
  category: string;
  categoryChannel: string;
}

export const fakeIds: FakeIds = {
  app: '1100000000000000001',
  bot: '1100000000000000001',
  guild: '1200000000000000001',
  channel: '1300000000000000001',
  thread: '1300000000000000002',
  dmChannel: '1400000000000000001',
  user: '1500000000000000001',
  otherBot: '1500000000000000002',
  category: '1300000000000000003',
  categoryChannel: '1300000000000000004',
};

let snowflakeCounter = 0n;
/** A fresh, increasing snowflake-shaped id. */
export function nextSnowflake(): string {
  snowflakeCounter += 1n;
  return ((BigInt(Date.now() - 1420070400000) << 22n) + (snowflakeCounter % 4096n)).toString();
}

export function userPayload(id: string, username: string, bot = false): Record<string, unknown> {
  return {
    id,
    username,
    discriminator: '0',
    global_name: username,
    avatar: null,
    bot,
    flags: 0,
  };
}

export function botUser(ids: FakeIds): Record<string, unknown> {
  return userPayload(ids.bot, 'citebot', true);
}

export function humanUser(ids: FakeIds): Record<string, unknown> {
  return userPayload(ids.user, 'alice');
}

export function guildChannel(ids: FakeIds): Record<string, unknown> {
  return {
    id: ids.channel,
    type: 0,
    guild_id: ids.guild,
    name: 'general',
    position: 0,
    permission_overwrites: [],
    parent_id: null,
    nsfw: false,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
  };
}

/** A category, and a text channel under it (its parent_id), as GUILD_CREATE lists them. */
export function categoryPayload(ids: FakeIds): Record<string, unknown> {
  return { id: ids.category, type: 4, guild_id: ids.guild, name: 'support', position: 1, permission_overwrites: [], parent_id: null, nsfw: false };
}

export function categoryChannelPayload(ids: FakeIds): Record<string, unknown> {
  return { ...guildChannel(ids), id: ids.categoryChannel, name: 'it-help', position: 2, parent_id: ids.category };
}

export function threadChannel(ids: FakeIds): Record<string, unknown> {
  return {
    id: ids.thread,
    type: 11,
    guild_id: ids.guild,
    parent_id: ids.channel,
    owner_id: ids.user,
    name: 'a thread',
    last_message_id: null,
    rate_limit_per_user: 0,
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    thread_metadata: {
      archived: false,
      auto_archive_duration: 1440,
      archive_timestamp: new Date().toISOString(),
      locked: false,
    },
  };
}

export function dmChannel(ids: FakeIds): Record<string, unknown> {
  return { id: ids.dmChannel, type: 1, last_message_id: null, recipients: [humanUser(ids)] };
}

export function memberPayload(user: Record<string, unknown>): Record<string, unknown> {
  return {
    user,
    nick: null,
    avatar: null,
    roles: [],
    joined_at: '2025-01-01T00:00:00.000Z',
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    permissions: '2248473465835073',
  };
}

export function guildCreate(ids: FakeIds): Record<string, unknown> {
  return {
    id: ids.guild,
    name: 'Fake guild',
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: ids.user,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [
      {
        id: ids.guild,
        name: '@everyone',
        color: 0,
        hoist: false,
        icon: null,
        unicode_emoji: null,
        position: 0,
        permissions: '2248473465835073',
        managed: false,
        mentionable: false,
        flags: 0,
      },
      {
        id: '1600000000000000001',
        name: 'rh',
        color: 0,
        hoist: false,
        icon: null,
        unicode_emoji: null,
        position: 1,
        permissions: '2248473465835073',
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: '2025-01-01T00:00:00.000Z',
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [memberPayload(botUser(ids)), memberPayload(humanUser(ids))],
    channels: [guildChannel(ids), categoryPayload(ids), categoryChannelPayload(ids)],
    threads: [threadChannel(ids)],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export interface MessageFields {
  channelId: string;
  guildId?: string;
  author: Record<string, unknown>;
  content: string;
  mentions?: Record<string, unknown>[];
  embeds?: unknown[];
  components?: unknown[];
  flags?: number;
  messageReference?: unknown;
  webhookId?: string;
  applicationId?: string;
  interactionMetadata?: unknown;
}

export function messagePayload(fields: MessageFields): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    id: nextSnowflake(),
    type: fields.messageReference ? 19 : 0,
    channel_id: fields.channelId,
    author: fields.author,
    content: fields.content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: fields.mentions ?? [],
    mention_roles: [],
    attachments: [],
    embeds: fields.embeds ?? [],
    components: fields.components ?? [],
    pinned: false,
    flags: fields.flags ?? 0,
  };
  if (fields.guildId) payload.guild_id = fields.guildId;
  if (fields.messageReference) payload.message_reference = fields.messageReference;
  if (fields.webhookId) payload.webhook_id = fields.webhookId;
  if (fields.applicationId) payload.application_id = fields.applicationId;
  if (fields.interactionMetadata) payload.interaction_metadata = fields.interactionMetadata;
  return payload;
}

export type OptionValue = string | number | boolean;

const optionTypes = { string: 3, number: 10, boolean: 5 } as const;

/** Slash command options as Discord sends them; whole numbers are sent as INTEGER (4). */
export function commandOptions(values: Record<string, OptionValue>): Record<string, unknown>[] {
  return Object.entries(values).map(([name, value]) => ({
    name,
    type: typeof value === 'number' && Number.isInteger(value) ? 4 : optionTypes[typeof value as 'string' | 'number' | 'boolean'],
    value,
  }));
}

export interface InteractionContext {
  /** 'guild' (default) or 'dm'. */
  where?: 'guild' | 'dm';
  locale?: string;
  /** The member's permissions in the channel, as Discord's decimal string (default: an ordinary member, no Manage Server). */
  permissions?: string;
  /** Send the options inside this subcommand (e.g. `/briefing preview name:`). */
  subcommand?: string;
  /** For autocomplete: the option being typed. */
  focused?: string;
  /** Who clicks or types (default: the fake's one human user). */
  userId?: string;
  /** The member's role ids (guild only). */
  roles?: string[];
}

/** An ordinary member: View Channels, Send Messages and the like, neither Administrator nor Manage Server. */
export const memberPermissions = '2248473465835073';
/** Manage Server (0x20) on top of an ordinary member's permissions. */
export const managerPermissions = (BigInt(memberPermissions) | 0x20n).toString();

function interactionBase(ids: FakeIds, context: InteractionContext): Record<string, unknown> {
  const base: Record<string, unknown> = {
    id: nextSnowflake(),
    application_id: ids.app,
    token: `itoken-${nextSnowflake()}`,
    version: 1,
    locale: context.locale ?? 'en-US',
    app_permissions: '2248473465835073',
    entitlements: [],
    authorizing_integration_owners: { '0': ids.guild },
    attachment_size_limit: 8388608,
  };
  if (context.where === 'dm') {
    base.channel_id = ids.dmChannel;
    base.channel = dmChannel(ids);
    base.user = context.userId ? userPayload(context.userId, `user${context.userId.slice(-4)}`) : humanUser(ids);
    base.context = 1;
  } else {
    base.guild_id = ids.guild;
    base.guild_locale = 'en-US';
    base.channel_id = ids.channel;
    base.channel = guildChannel(ids);
    const user = context.userId ? userPayload(context.userId, `user${context.userId.slice(-4)}`) : humanUser(ids);
    base.member = { ...memberPayload(user), permissions: context.permissions ?? memberPermissions, ...(context.roles ? { roles: context.roles } : {}) };
    base.context = 0;
  }
  return base;
}

export function slashCommandInteraction(
  ids: FakeIds,
  name: string,
  options: Record<string, OptionValue>,
  context: InteractionContext = {},
): Record<string, unknown> {
  return {
    ...interactionBase(ids, context),
    type: 2,
    data: commandData(ids, name, options, context),
  };
}

function commandData(ids: FakeIds, name: string, values: Record<string, OptionValue>, context: InteractionContext): Record<string, unknown> {
  let options = commandOptions(values);
  if (context.focused) options = options.map((option) => (option.name === context.focused ? { ...option, type: 3, focused: true } : option));
  return {
    id: nextSnowflake(),
    name,
    type: 1,
    options: context.subcommand ? [{ name: context.subcommand, type: 1, options }] : options,
    ...(context.where === 'dm' ? {} : { guild_id: ids.guild }),
  };
}

/** An autocomplete request (type 4) while the user types option `context.focused`. */
export function autocompleteInteraction(
  ids: FakeIds,
  name: string,
  options: Record<string, OptionValue>,
  context: InteractionContext,
): Record<string, unknown> {
  return { ...interactionBase(ids, context), type: 4, data: commandData(ids, name, options, context) };
}

export function buttonInteraction(
  ids: FakeIds,
  customId: string,
  message: Record<string, unknown>,
  context: InteractionContext = {},
): Record<string, unknown> {
  return {
    ...interactionBase(ids, context),
    type: 3,
    message,
    data: { custom_id: customId, component_type: 2 },
  };
}
