import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { Config } from '../../config.ts';
import type { Logger } from '../../log.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { boltLevel, boltLogger } from './bolt-logger.ts';

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

/** Bolt's WebClient joins `slackApiUrl + method`, so the URL needs its trailing slash. */
export function normalizeApiUrl(url: string | undefined): string {
  const base = url && url.trim() !== '' ? url.trim() : DEFAULT_SLACK_API_URL;
  return base.endsWith('/') ? base : `${base}/`;
}

export type SlackMode = 'socket' | 'http';

export interface SlackApp {
  app: App;
  mode: SlackMode;
  /** Socket Mode only: the receiver, whose client stop() waits on. */
  socketReceiver: SocketModeReceiver | null;
}

export function slackMode(config: Config): SlackMode {
  if (config.SLACK_APP_TOKEN) return 'socket';
  if (config.SLACK_SIGNING_SECRET) return 'http';
  throw new Error('Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)');
}

/**
 * The Bolt App: Socket Mode when SLACK_APP_TOKEN is set (no public URL needed), else HTTP mode on PORT with
 * signature verification on and a GET /healthz route. No `headers` in clientOptions: the Web client writes its
 * bot token into that shared object and apps.connections.open would then go out with the wrong token.
 */
export function createSlackApp(config: Config, log: Logger, opsRoutes?: (req: IncomingMessage, res: ServerResponse) => void): SlackApp {
  const token = config.SLACK_BOT_TOKEN;
  if (!token) throw new Error('SLACK_BOT_TOKEN is not set');
  const slackApiUrl = normalizeApiUrl(config.SLACK_API_URL);
  const logger = boltLogger(log);
  const logLevel = boltLevel(log.level);
  // A failed post is retried twice, not for half an hour (the WebClient default): an answer that late is noise.
  const clientOptions = { slackApiUrl, retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 4000 } };
  const mode = slackMode(config);

  if (mode === 'socket') {
    const socketReceiver = new SocketModeReceiver({
      appToken: config.SLACK_APP_TOKEN as string,
      logger,
      logLevel,
      // A custom SocketModeReceiver inherits nothing from App: apps.connections.open needs the URL too.
      installerOptions: { clientOptions: { slackApiUrl } },
    });
    const app = new App({
      token,
      receiver: socketReceiver,
      logger,
      logLevel,
      clientOptions,
      deferInitialization: true,
    });
    return { app, mode, socketReceiver };
  }

  const receiver = new HTTPReceiver({
    signingSecret: config.SLACK_SIGNING_SECRET as string,
    port: config.PORT,
    logger,
    logLevel,
    signatureVerification: true,
    // /healthz and /metrics share PORT in HTTP mode (main.ts's ops handler); alone, a plain "ok".
    customRoutes: opsRoutes
      ? ['/healthz', '/metrics'].map((path) => ({ path, method: ['GET'], handler: opsRoutes }))
      : [
          {
            path: '/healthz',
            method: ['GET'],
            handler: (_req, res) => {
              res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
              res.end('ok');
            },
          },
        ],
  });
  const app = new App({ token, receiver, logger, logLevel, clientOptions, deferInitialization: true });
  return { app, mode, socketReceiver: null };
}
