/**
 * The Discord adapter: log in, register the slash commands, answer commands, mentions, DMs and
 * buttons, and never let a Discord or REST failure take the process down.
 */
import { join } from 'node:path';
import { Events, RESTEvents, Routes, Status, type Client, type RESTOptions } from 'discord.js';
import { createOperations, type Operations } from '../shared/operations.ts';
import type { Citebot } from '../../answer/citebot.ts';
import type { BriefingReply } from '../../briefings/types.ts';
import type { Reply } from '../../answer/types.ts';
import type { BriefingPreviewer } from '../../briefings/previewer.ts';
import type { Config } from '../../config.ts';
import type { Logger } from '../../log.ts';
import { FileFollowupStore } from '../shared/followup-file.ts';
import { VoteLedger } from '../../present/votes.ts';
import { FeedbackLog } from '../shared/feedback-log.ts';
import type { RunningAdapter } from '../shared/running-adapter.ts';
import { createDiscordClient } from './client.ts';
import { rememberReply, TYPING_PER_SECOND, type DiscordContext } from './context.ts';
import { TokenBuckets } from '../../access/limits.ts';
import { deliverToChannel } from './deliver.ts';
import { handleInteraction } from './handlers/interaction.ts';
import { handleMessage } from './handlers/message.ts';
import { inviteUrl } from './permissions.ts';
import { registerCommands } from './register-commands.ts';
import { renderReply } from './render.ts';
import { renderBriefing } from './render-briefing.ts';
import { INDICATOR_DELAY_MS } from '../shared/indicator.ts';
import { NoticeOutbox, restBudget } from './notices.ts';

export interface StartDiscordOptions {
  citebot: Citebot;
  config: Config;
  log: Logger;
  /** Extra @discordjs/rest options; tests pass `{ retries: 0 }` so a single 500 reaches the bot. */
  restOptions?: Partial<RESTOptions>;
  /** Give up starting when the gateway is not ready after this long (default 60 s). */
  readyTimeoutMs?: number;
  /** Register the slash commands at start-up (default true). */
  registerCommands?: boolean;
  /** Scheduled briefings: with at least one, `/briefing preview name:` is registered for server admins. */
  briefings?: BriefingPreviewer;
  /** Shared access policy, limits, queue, memory and metrics (main.ts); made from the configuration when absent. */
  operations?: Operations;
  /** Show typing for a mention only when its answer takes longer than this (default INDICATOR_DELAY_MS; 0: at once). */
  typingDelayMs?: number;
  /** How long a private notice (busy, limited) may wait for the answers in progress (default NOTICE_MAX_DELAY_MS). */
  noticeMaxDelayMs?: number;
}

/** GATEWAY_MESSAGE_CONTENT and GATEWAY_MESSAGE_CONTENT_LIMITED: the application may ask for the intent. */
const MESSAGE_CONTENT_FLAGS = (1 << 18) | (1 << 19);

/** Whether to ask for the Message Content intent: as configured, or (auto) when the application has it. */
async function wantsMessageContent(config: Config, rest: Client['rest'], log: Logger): Promise<boolean> {
  if (config.DISCORD_MESSAGE_CONTENT !== 'auto') return config.DISCORD_MESSAGE_CONTENT === 'true';
  try {
    const application = (await rest.get(Routes.currentApplication())) as { flags?: number };
    return ((application.flags ?? 0) & MESSAGE_CONTENT_FLAGS) !== 0;
  } catch (error) {
    log.warn({ err: error }, 'discord: could not read the application flags; not asking for the Message Content intent');
    return false;
  }
}

function waitForReady(client: Client, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Discord gateway not ready after ${timeoutMs} ms`)), timeoutMs);
    client.once(Events.ClientReady, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * DISCORD_SHARD_COUNT with DISCORD_SHARDS: this replica runs those shards; with the count alone, all of
 * them (one process, several shards); neither: discord.js's default (one shard, or what Discord advises).
 */
export function shardsOf(config: Config): { ids: number[]; count: number } | undefined {
  const count = config.DISCORD_SHARD_COUNT;
  if (count === undefined) return undefined;
  const ids = config.DISCORD_SHARDS.length > 0 ? [...new Set(config.DISCORD_SHARDS)].sort((a, b) => a - b) : Array.from({ length: count }, (_, id) => id);
  return { ids, count };
}

/** Stop waiting for in-flight answers after this long when stopping. */
const drainTimeoutMs = 5000;

export async function startDiscord(options: StartDiscordOptions): Promise<RunningAdapter> {
  const { citebot, config } = options;
  // main.ts hands in a logger already bound to { platform: 'discord' }.
  const log = options.log;
  const token = config.DISCORD_TOKEN;
  if (!token) throw new Error('DISCORD_TOKEN is not set');

  const probe = createDiscordClient({ apiUrl: config.DISCORD_API_URL, rest: options.restOptions });
  probe.rest.setToken(token);
  const messageContent = await wantsMessageContent(config, probe.rest, log);
  await probe.destroy();
  if (!messageContent) {
    log.warn('discord: the Message Content intent is not granted, so follow-ups in a thread are answered only when they mention citebot (enable it under Bot → Privileged Gateway Intents, see docs/discord.md)');
  }
  const client = createDiscordClient({ apiUrl: config.DISCORD_API_URL, rest: options.restOptions, messageContent, shards: shardsOf(config) });
  const ops = options.operations ?? (await createOperations(config));
  const context: DiscordContext = {
    citebot,
    log,
    followups: new FileFollowupStore(join(config.DATA_DIR, 'discord-buttons.jsonl'), undefined, (error) =>
      log.warn({ err: error }, 'discord: could not keep a button’s answer in DATA_DIR (its buttons last until a restart)'),
    ),
    feedback: new FeedbackLog(config.DATA_DIR, new VoteLedger(), ops.feedbackStore),
    briefings: options.briefings ?? null,
    ops,
    messageContent,
    typingDelayMs: options.typingDelayMs ?? INDICATOR_DELAY_MS,
    typingBudget: new TokenBuckets({ capacity: TYPING_PER_SECOND, periodMs: 1000 }),
    notices: new NoticeOutbox({ budget: () => restBudget(client.rest), ...(options.noticeMaxDelayMs !== undefined ? { maxDelayMs: options.noticeMaxDelayMs } : {}) }),
  };

  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  const track = (work: Promise<void>): void => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  client.on(Events.Error, (error) => log.error({ err: error }, 'discord: client error'));
  client.on(Events.ShardError, (error, shardId) => log.error({ err: error, shardId }, 'discord: gateway error'));
  client.on(Events.Warn, (message) => log.warn(message));
  client.on(Events.ShardDisconnect, (event, shardId) => log.warn({ code: event.code, shardId }, 'discord: gateway disconnected'));
  client.on(Events.ShardReconnecting, (shardId) => {
    ops.metrics?.reconnects.inc({ platform: 'discord' });
    log.info({ shardId }, 'discord: gateway reconnecting');
  });
  client.on(Events.ShardResume, (shardId, replayed) => log.info({ shardId, replayed }, 'discord: gateway resumed'));
  client.rest.on(RESTEvents.RateLimited, (info) =>
    log.warn({ route: info.route, method: info.method, retryAfter: info.retryAfter, global: info.global }, 'discord: rate limited'),
  );
  // Replicas: a delivery another replica already took (two running the same shard by mistake) is dropped.
  // One process handles each at once: discord.js updates its caches (a member's roles) with the next event.
  client.on(Events.InteractionCreate, (interaction) => {
    if (stopping) return;
    if (!ops.claims.shared) return track(handleInteraction(interaction, context));
    track(ops.claims.claim('discord-interaction', interaction.id).then((first) => (first ? handleInteraction(interaction, context) : undefined)));
  });
  client.on(Events.MessageCreate, (message) => {
    if (stopping) return;
    if (!ops.claims.shared) return track(handleMessage(message, context));
    track(ops.claims.claim('discord-message', message.id).then((first) => (first ? handleMessage(message, context) : undefined)));
  });

  try {
    const ready = waitForReady(client, options.readyTimeoutMs ?? 60_000);
    await client.login(token);
    await ready;
  } catch (error) {
    await client.destroy().catch(() => undefined);
    throw error;
  }
  const user = client.user;
  const appId = config.DISCORD_APP_ID ?? client.application?.id ?? user?.id;
  log.info(
    { user: user?.tag, id: user?.id, guilds: client.guilds.cache.size, invite: appId ? inviteUrl(appId) : undefined },
    'discord: connected',
  );
  if (config.DISCORD_APP_ID && client.application && client.application.id !== config.DISCORD_APP_ID) {
    log.warn({ configured: config.DISCORD_APP_ID, actual: client.application.id }, 'discord: DISCORD_APP_ID differs from the token’s application');
  }
  if ((options.registerCommands ?? true) && appId) {
    try {
      const result = await registerCommands(client.rest, {
        appId,
        guildId: config.DISCORD_GUILD_ID,
        commands: citebot.commands,
        briefingNames: options.briefings?.names ?? [],
      });
      log.info(result, 'discord: slash commands registered');
    } catch (error) {
      log.error({ err: error }, 'discord: slash command registration failed; the bot keeps running (retry with npm run discord:register)');
    }
  }

  return {
    platform: 'discord',

    connected: () => !stopping && client.ws.status === Status.Ready,

    async post(channelId: string, reply: Reply | BriefingReply): Promise<void> {
      const channel = await client.channels.fetch(channelId);
      if (!channel || !channel.isSendable()) throw new Error(`Discord channel ${channelId} is not a channel the bot can send to`);
      if (reply.kind === 'briefing') {
        await deliverToChannel(channel, renderBriefing(reply));
        return;
      }
      await deliverToChannel(channel, renderReply(reply, { buttonKey: rememberReply(context, reply) }));
    },

    async stop(): Promise<void> {
      if (stopping) return;
      stopping = true;
      // The notices held for answers go now: nothing is left unsaid when the adapter stops.
      context.notices.flush();
      if (inFlight.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.allSettled([...inFlight]),
          new Promise((resolve) => {
            timer = setTimeout(resolve, drainTimeoutMs);
          }),
        ]);
        clearTimeout(timer);
      }
      client.removeAllListeners(Events.InteractionCreate);
      client.removeAllListeners(Events.MessageCreate);
      await client.destroy();
      if (!options.operations) await ops.conversations.flush();
      log.info('discord: stopped');
    },
  };
}
