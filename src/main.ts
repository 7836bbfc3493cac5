import { watch } from 'node:fs';
import { join } from 'node:path';
import type { Citebot } from './answer/citebot.ts';
import { startDiscord } from './adapters/discord/start.ts';
import type { RunningAdapter } from './adapters/shared/running-adapter.ts';
import { startSlack } from './adapters/slack/start.ts';
import { startTerminalChat } from './adapters/terminal/chat.ts';
import { loadBriefings } from './briefings/load.ts';
import { BriefingScheduler } from './briefings/scheduler.ts';
import { BriefingStateStore } from './briefings/state.ts';
import type { BriefingPreviewer } from './briefings/previewer.ts';
import { backendOf, prepareEngine } from './cli/prepare-engine.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger, type Logger } from './log.ts';
import { PolicyStore } from './access/load.ts';
import { createOperations, type Operations } from './adapters/shared/operations.ts';
import { Metrics } from './ops/metrics.ts';
import { opsHandler, startOpsServer, type HealthSources } from './ops/health.ts';
import { readCurrentBuild, readManifest } from './index/read-build.ts';
import { slackMode } from './adapters/slack/app.ts';
import type { IndexBackend } from './index/backend.ts';
import { listenForGenerations } from './index/postgres/listen.ts';
import { openPool, REPLICA_ID, type PgPool } from './index/postgres/pool.ts';
import { PostgresClaims } from './adapters/shared/postgres-claims.ts';
import { PostgresConversations } from './adapters/shared/postgres-conversations.ts';
import { PostgresFeedback } from './adapters/shared/postgres-feedback.ts';
import { PostgresBriefingRuns } from './briefings/postgres-runs.ts';

const RETRY_START_MS = 30_000;
const REFRESH_INTERVAL_MS = 30_000;

interface PlatformStarter {
  name: 'discord' | 'slack';
  start(): Promise<RunningAdapter>;
}

function configuredPlatforms(
  citebot: Citebot,
  config: Config,
  log: Logger,
  briefings: BriefingPreviewer,
  operations: Operations,
  opsRoutes: ReturnType<typeof opsHandler>,
): PlatformStarter[] {
  const platforms: PlatformStarter[] = [];
  if (config.DISCORD_TOKEN) platforms.push({ name: 'discord', start: () => startDiscord({ citebot, config, log: log.child({ platform: 'discord' }), briefings, operations }) });
  if (config.SLACK_BOT_TOKEN) platforms.push({ name: 'slack', start: () => startSlack({ citebot, config, log: log.child({ platform: 'slack' }), briefings, operations, opsRoutes }) });
  return platforms;
}

/** Start a platform; when it is down, keep retrying in the background instead of giving up. */
function startWithRetry(platform: PlatformStarter, log: Logger, running: RunningAdapter[], isStopping: () => boolean): void {
  platform
    .start()
    .then((adapter) => {
      if (isStopping()) return void adapter.stop();
      running.push(adapter);
      log.info({ platform: platform.name }, 'platform started');
    })
    .catch((error: unknown) => {
      log.error({ platform: platform.name, err: error }, `could not start; retrying in ${RETRY_START_MS / 1000} s`);
      if (!isStopping()) setTimeout(() => startWithRetry(platform, log, running, isStopping), RETRY_START_MS).unref();
    });
}

/**
 * Pick up an index rebuilt by `npm run build` in another shell, without a restart: on a change of
 * INDEX_DIR/CURRENT (files) or a NOTIFY from the database (postgres), and every 30 s in any case.
 */
function watchIndex(citebot: Citebot, config: Config, log: Logger): () => void {
  const refresh = () => void citebot.refresh().catch((error: unknown) => log.error({ err: error }, 'index refresh failed'));
  const timer = setInterval(refresh, REFRESH_INTERVAL_MS);
  timer.unref();
  if (config.INDEX_BACKEND === 'postgres') {
    let healthy = true;
    const listener = listenForGenerations(config.DATABASE_URL!, () => {
      if (!healthy) log.info('listening for new generations again');
      healthy = true;
      refresh();
    }, (error) => {
      if (healthy) log.warn({ err: error }, 'the database connection for new generations broke; reconnecting');
      healthy = false;
    });
    return () => {
      clearInterval(timer);
      void listener.stop();
    };
  }
  let watcher: ReturnType<typeof watch> | null = null;
  try {
    watcher = watch(config.INDEX_DIR, (_event, file) => {
      if (file === 'CURRENT') refresh();
    });
    watcher.on('error', () => watcher?.close());
  } catch {
    // The interval alone is enough where the folder cannot be watched.
  }
  return () => {
    clearInterval(timer);
    watcher?.close();
  };
}

/** The configured platforms by name, as /healthz reports them ("terminal" when none is). */
function platformNames(config: Config): string[] {
  const names: string[] = [];
  if (config.DISCORD_TOKEN) names.push('discord');
  if (config.SLACK_BOT_TOKEN) names.push('slack');
  return names.length > 0 ? names : ['terminal'];
}

function healthSources(config: Config, citebot: Citebot, running: RunningAdapter[], names: string[], backend: IndexBackend): HealthSources {
  return {
    platforms: () =>
      Object.fromEntries(
        names.map((name) => {
          const adapter = running.find((candidate) => candidate.platform === name);
          return [name, adapter ? (adapter.connected?.() ?? true) : false];
        }),
      ),
    index: () => citebot.indexInfo?.() ?? null,
    indexReadable: async () => {
      // Replicas answer from the generation in memory: a database outage does not make them unhealthy.
      if (backend.kind === 'postgres') return true;
      const build = await readCurrentBuild(config.INDEX_DIR);
      if (!build) return false;
      await readManifest(build);
      return true;
    },
    mode: () =>
      names
        .map((name) => (name === 'slack' ? `slack ${slackMode(config)}` : name))
        .join(', '),
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL, config.LOG_FORMAT);
  let briefings;
  let policy: PolicyStore;
  try {
    briefings = await loadBriefings(config.BRIEFINGS_FILE);
    // A bad citebot.yml stops start-up naming the entry and the field; a bad edit later keeps the previous one.
    policy = await PolicyStore.open(config.CITEBOT_FILE, (result) => {
      if (result.ok) log.info({ file: config.CITEBOT_FILE }, 'citebot.yml reloaded');
      else log.error({ file: config.CITEBOT_FILE }, `${result.error.message}\n(the previous settings stay in force)`);
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
  const running: RunningAdapter[] = [];
  const onStop: (() => void)[] = [];
  /** Run once the adapters have stopped (the database pools: answers in flight may still claim). */
  const afterStop: (() => Promise<void>)[] = [];
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    for (const stop of onStop) stop();
    await Promise.allSettled(running.map((adapter) => adapter.stop()));
    await Promise.allSettled(afterStop.map((stop) => stop()));
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('unhandledRejection', (error) => log.error({ err: error }, 'unhandled rejection'));

  // INDEX_BACKEND=postgres: one pool for loading generations (long reads), one for shared state
  // (claims, briefing runs), whose queries give up after a few seconds rather than hang when the database is down.
  let indexPool: PgPool | null = null;
  let statePool: PgPool | null = null;
  if (config.INDEX_BACKEND === 'postgres') {
    const onError = (error: Error) => log.warn({ err: error }, 'a database connection broke; the next query reconnects');
    indexPool = openPool(config.DATABASE_URL!, { max: 2, onError });
    statePool = openPool(config.DATABASE_URL!, { max: 5, queryTimeoutMs: 5000, onError });
    log.info({ replica: REPLICA_ID }, 'INDEX_BACKEND=postgres: serving the database\'s generation');
    afterStop.push(() => indexPool!.end(), () => statePool!.end());
  }
  const backend = backendOf(config, indexPool);

  // A signal during the first build stops cleanly too: a build is swapped in whole or not at all.
  // The full reason for lexical-only search names server folders: the log has it, chats get one short line.
  const { citebot } = await prepareEngine(config, log, (notice) => log.warn(notice), indexPool ?? undefined);
  if (stopping) return;
  onStop.push(watchIndex(citebot, config, log));
  onStop.push(policy.watch());

  const index = () => {
    try {
      return citebot.indexInfo?.() ?? null;
    } catch {
      return null;
    }
  };
  let operations: Operations | null = null;
  const metrics = new Metrics({ queueDepth: () => operations?.queue.depth ?? 0, index });
  // Replicas share claims, the feedback log and conversation memory through the database.
  const shared = statePool
    ? {
        claims: new PostgresClaims(statePool, log.child({ component: 'claims' })),
        feedbackStore: new PostgresFeedback(statePool),
        conversationShare: new PostgresConversations(statePool, config.CONVERSATION_TTL_MINUTES * 60_000),
      }
    : {};
  operations = await createOperations(config, { policy: () => policy.current, metrics, ...shared });
  const ops = operations;
  onStop.push(() => void ops.conversations.flush());
  const scheduler = new BriefingScheduler({
    citebot,
    briefings,
    adapterFor: (platform) => running.find((adapter) => adapter.platform === platform),
    state: statePool ? new PostgresBriefingRuns(statePool, REPLICA_ID) : new BriefingStateStore(join(config.DATA_DIR, 'briefings-state.json')),
    log: log.child({ component: 'briefings' }),
    onPosted: (briefing, ok) => metrics.briefings.inc({ platform: briefing.platform, outcome: ok ? 'posted' : 'failed' }),
  });
  const platforms = configuredPlatforms(citebot, config, log, scheduler, ops, opsHandler(metrics, healthSources(config, citebot, running, platformNames(config), backend)));
  if (config.METRICS_PORT !== undefined && !(config.SLACK_BOT_TOKEN && !config.SLACK_APP_TOKEN && config.METRICS_PORT === config.PORT)) {
    try {
      const server = await startOpsServer(config.METRICS_PORT, opsHandler(metrics, healthSources(config, citebot, running, platformNames(config), backend)));
      onStop.push(() => void server.close());
      log.info({ port: server.port }, 'GET /healthz and /metrics listening');
    } catch (error) {
      log.error({ err: error, port: config.METRICS_PORT }, 'METRICS_PORT could not be opened; running without /healthz and /metrics there');
    }
  }
  for (const briefing of briefings) {
    if (!platforms.some((platform) => platform.name === briefing.platform)) {
      log.warn({ briefing: briefing.name }, `briefing "${briefing.name}" is for ${briefing.platform}, which is not configured: it will not be posted`);
    }
  }
  if (briefings.length > 0) scheduler.start();
  onStop.push(() => scheduler.stop());
  if (platforms.length === 0) {
    running.push(startTerminalChat({ citebot, onClose: () => void shutdown('end of input') }));
    return;
  }
  for (const platform of platforms) startWithRetry(platform, log, running, () => stopping);
}

main().catch((error: unknown) => {
  process.stderr.write(`citebot could not start: ${(error as Error).message}\n`);
  process.exit(1);
});
