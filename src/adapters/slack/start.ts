import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Citebot } from '../../answer/citebot.ts';
import type { BriefingReply } from '../../briefings/types.ts';
import type { Reply } from '../../answer/types.ts';
import type { BriefingPreviewer } from '../../briefings/previewer.ts';
import type { Config } from '../../config.ts';
import type { Logger } from '../../log.ts';
import type { RunningAdapter } from '../shared/running-adapter.ts';
import { SlackAdminCheck } from './admins.ts';
import { createSlackApp, type SlackMode } from './app.ts';
import { FollowupCodec } from '../../present/followups.ts';
import { VoteLedger } from '../../present/votes.ts';
import { FeedbackLog } from '../shared/feedback-log.ts';
import { logSlackError, render, type SlackDeps } from './deps.ts';
import { registerActions } from './listeners/actions/index.ts';
import { registerCommands } from './listeners/commands/index.ts';
import { registerEvents } from './listeners/events/index.ts';
import { renderBriefing } from './render-briefing.ts';
import { LIMITS } from './render.ts';
import { TaskTracker } from './tasks.ts';
import { createOperations, type Operations } from '../shared/operations.ts';
import { INDICATOR_DELAY_MS } from '../shared/indicator.ts';
import { SlackUserGroups } from './user-groups.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface StartSlackOptions {
  citebot: Citebot;
  config: Config;
  log: Logger;
  /** HTTP mode: port to listen on instead of config.PORT (0 picks a free one; tests use it). */
  port?: number;
  /** Scheduled briefings (main.ts passes its BriefingScheduler), for the admin command /briefing preview. */
  briefings?: BriefingPreviewer;
  /** Shared access policy, limits, queue, memory and metrics (main.ts); made from the configuration when absent. */
  operations?: Operations;
  /** HTTP mode: serves GET /healthz and GET /metrics on PORT (main.ts passes the ops handler). */
  opsRoutes?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Show 👀 on a question only when its answer takes longer than this (default INDICATOR_DELAY_MS; 0: at once). */
  indicatorDelayMs?: number;
}

export interface SlackAdapter extends RunningAdapter {
  readonly platform: 'slack';
  readonly mode: SlackMode;
  /** HTTP mode: the port actually listened on; null in Socket Mode. */
  readonly port: number | null;
}

/**
 * A swapped token fails in confusing ways (an app token used as the bot token: `not_allowed_token_type`, which
 * the Socket Mode client keeps retrying), so say so up front. Only a warning: Slack-compatible servers may
 * issue other shapes.
 */
function warnAboutTokenShapes(config: Config, log: Logger): void {
  if (config.SLACK_BOT_TOKEN && !config.SLACK_BOT_TOKEN.startsWith('xoxb-')) {
    log.warn('SLACK_BOT_TOKEN does not start with xoxb-: is it the Bot User OAuth Token (Install App page)?');
  }
  if (config.SLACK_APP_TOKEN && !config.SLACK_APP_TOKEN.startsWith('xapp-')) {
    log.warn('SLACK_APP_TOKEN does not start with xapp-: is it an app-level token with connections:write?');
  }
}

/** How long stop() lets answers in flight finish before giving up on them. */
const STOP_GRACE_MS = 10_000;

/**
 * Starts the Slack app (Socket Mode when SLACK_APP_TOKEN is set, HTTP mode otherwise) and resolves once it is
 * connected or listening. Rejects when the tokens are refused (auth.test, apps.connections.open).
 */
export async function startSlack(options: StartSlackOptions): Promise<SlackAdapter> {
  const { citebot, config } = options;
  // main.ts may already have bound the platform: bind it once, not twice.
  const log = options.log.bindings().platform ? options.log : options.log.child({ platform: 'slack' });
  warnAboutTokenShapes(config, log);
  const { app, mode, socketReceiver } = createSlackApp(config, log, options.opsRoutes);
  const ops = options.operations ?? (await createOperations(config));
  let connected = false;
  if (socketReceiver) {
    socketReceiver.client.on('connected', () => {
      connected = true;
      ops.metrics?.connected.set({ platform: 'slack' }, 1);
    });
    socketReceiver.client.on('disconnected', () => {
      connected = false;
      ops.metrics?.connected.set({ platform: 'slack' }, 0);
    });
    socketReceiver.client.on('reconnecting', () => ops.metrics?.reconnects.inc({ platform: 'slack' }));
  }
  const deps: SlackDeps = {
    citebot,
    config,
    log,
    buttons: new FollowupCodec(LIMITS.buttonValue),
    feedback: new FeedbackLog(config.DATA_DIR, new VoteLedger(), ops.feedbackStore),
    tasks: new TaskTracker(),
    briefings: options.briefings ?? null,
    admins: new SlackAdminCheck({
      listed: config.SLACK_ADMIN_USERS,
      lookup: async (user) => (await app.client.users.info({ user, include_locale: true })).user ?? {},
    }),
    ops,
    userGroups: new SlackUserGroups(app.client),
    indicatorDelayMs: options.indicatorDelayMs ?? INDICATOR_DELAY_MS,
  };

  app.error(async (error) => {
    logSlackError(log, error, 'a listener');
  });
  registerEvents(app, deps);
  registerCommands(app, deps);
  registerActions(app, deps);

  let port: number | null = null;
  try {
    await app.init();
    if (mode === 'socket') {
      await app.start();
    } else {
      const server = (await app.start(options.port ?? config.PORT)) as Server;
      port = (server.address() as AddressInfo).port;
      connected = true;
      ops.metrics?.connected.set({ platform: 'slack' }, 1);
    }
  } catch (error) {
    // A refused token or a busy port: leave no socket, timer or server behind.
    if (socketReceiver) await socketReceiver.client.disconnect().catch(() => {});
    else await app.stop().catch(() => {});
    throw error;
  }
  log.info({ mode, port }, 'Slack app started');

  let stopping: Promise<void> | null = null;
  return {
    platform: 'slack',
    mode,
    port,
    connected: () => connected && !stopping,
    async post(channelId: string, reply: Reply | BriefingReply): Promise<void> {
      // A long briefing is several messages (50 blocks each), posted in order.
      const messages = reply.kind === 'briefing' ? renderBriefing(reply) : [render(deps, reply, false)];
      try {
        for (const message of messages) {
          await app.client.chat.postMessage({ channel: channelId, ...message, unfurl_links: false, unfurl_media: false });
        }
      } catch (error) {
        logSlackError(log, error, `posting to ${channelId}`);
        throw error;
      }
    },
    stop(): Promise<void> {
      stopping ??= (async () => {
        // Stop taking new work first, then let the answers in flight reach Slack.
        if (socketReceiver) await socketReceiver.client.disconnect();
        else await app.stop().catch((error: unknown) => logSlackError(log, error, 'stopping the HTTP receiver'));
        await deps.tasks.drain(STOP_GRACE_MS);
        connected = false;
        ops.metrics?.connected.set({ platform: 'slack' }, 0);
        if (!options.operations) await ops.conversations.flush();
        log.info('Slack app stopped');
      })();
      return stopping;
    },
  };
}
