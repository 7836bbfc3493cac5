/**
 * The load benchmark of issue 12: questions sent at once from many users through the real discord.js
 * and Bolt adapters against the local fake Discord and fake Slack (127.0.0.1 only), with the product's
 * own operations (citebot.yml open, token buckets, engine queue, conversation memory, metrics). Half
 * the questions are slash commands, half mentions. Bounded: a fixed number of questions, and a time
 * limit per platform after which it stops and reports what is missing.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOperations, type Operations } from '../../src/adapters/shared/operations.ts';
import type { RunningAdapter } from '../../src/adapters/shared/running-adapter.ts';
import { startDiscord } from '../../src/adapters/discord/start.ts';
import { startSlack } from '../../src/adapters/slack/start.ts';
import type { Citebot } from '../../src/answer/citebot.ts';
import { openCitebot } from '../../src/answer/open.ts';
import { parseConfig, type Config } from '../../src/config.ts';
import { buildIndex } from '../../src/index/build.ts';
import { createLogger } from '../../src/log.ts';
import { Metrics, type Outcome } from '../../src/ops/metrics.ts';
import type { FakeIds } from '../../test/fakes/discord/payloads.ts';
import type { RecordedCall } from '../../test/fakes/discord/server.ts';
import type { Ack, ApiCall, ResponseUrlPost } from '../../test/fakes/slack/fake-slack.ts';
import { FakesProcess } from './fakes-client.ts';
import type { Sent } from './plan.ts';
import { peakRssMiB, rssMiB } from '../lib/memory.ts';
import { summarize, type LatencySummary } from '../lib/stats.ts';

export interface LoadOptions {
  questions: number;
  users: number;
  /** Slack channels the users are spread over (the fake Discord has one text channel). */
  slackChannels: number;
  /** Give up on a platform after this long (the run then reports the questions still unaccounted for). */
  timeLimitSeconds: number;
  /** The product's settings that shape the run (the defaults, but for the channel bucket: see render). */
  env: Record<string, string>;
  platforms: ('discord' | 'slack')[];
  /** Corpus folder (the bundled one by default). */
  corpusDir?: string;
}

export const DEFAULT_LOAD_OPTIONS: LoadOptions = {
  questions: 500,
  users: 50,
  slackChannels: 10,
  timeLimitSeconds: 120,
  env: { RATE_LIMIT_USER: '6/60', RATE_LIMIT_CHANNEL: '1000/60', ENGINE_CONCURRENCY: '2', ENGINE_QUEUE: '200' },
  platforms: ['slack', 'discord'],
};

export interface PlatformLoad {
  platform: 'discord' | 'slack';
  sent: { commands: number; mentions: number };
  /** Outcomes as /metrics counts them. */
  outcomes: Record<Outcome, number>;
  /** Questions not accounted for when the time limit was reached (0 when all were). */
  missing: number;
  /** Slash commands acknowledged within 3 s, and the slowest acknowledgement. */
  acks: { within3s: number; of: number; maxMs: number };
  /** From sending to the answer reaching the fake, answered questions only. */
  latency: { all: LatencySummary; commands: LatencySummary; mentions: LatencySummary };
  /** Private notices seen by the fake: limited ("ask again") and busy; when the last arrived (ms after the first question was sent). */
  notices: { limited: number; busy: number; lastMs: number | null };
  memory: { rssBeforeMiB: number; rssAfterMiB: number; peakRssMiB: number; heapAfterMiB: number };
  conversations: number;
  /** Discord: REST requests sent with the bot token (bound to the global limit of 50 a second); null on Slack. */
  botRestCalls: number | null;
  seconds: number;
}

export interface LoadResults {
  options: LoadOptions;
  passages: number;
  mode: string;
  platforms: PlatformLoad[];
}

const OUTCOMES: Outcome[] = ['answered', 'declined', 'refused', 'limited', 'busy', 'error'];

async function outcomesOf(metrics: Metrics, platform: string): Promise<Record<Outcome, number>> {
  const counts = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])) as Record<Outcome, number>;
  for (const { labels, value } of (await metrics.questions.get()).values) {
    if (labels.platform === platform) counts[labels.outcome as Outcome] += value;
  }
  return counts;
}

const total = (outcomes: Record<Outcome, number>) => OUTCOMES.reduce((sum, outcome) => sum + outcomes[outcome], 0);

/** Wait until every question is counted by /metrics, or the time limit. */
async function settle(metrics: Metrics, platform: string, expected: number, deadline: number): Promise<Record<Outcome, number>> {
  for (;;) {
    const outcomes = await outcomesOf(metrics, platform);
    if (total(outcomes) >= expected || performance.now() > deadline) return outcomes;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function latencies(sent: Sent[], answeredAt: Map<string, number>) {
  const of = (kind?: Sent['kind']) => summarize(sent.filter((q) => !kind || q.kind === kind).flatMap((q) => (answeredAt.has(q.key) ? [answeredAt.get(q.key)! - q.at] : [])));
  return { all: of(), commands: of('command'), mentions: of('mention') };
}

const busyText = /busy answering|occupé à répondre/;
const limitedText = /faster than citebot allows|plus vite que citebot/;

async function operationsFor(config: Config, metrics: Metrics): Promise<Operations> {
  return createOperations(config, { metrics });
}

interface SentRecords {
  sent: Sent[];
  /** Slack: envelope id → when its slash command was sent. */
  envelopes: [string, number][];
}

async function loadSlack(citebot: Citebot, base: Config, options: LoadOptions): Promise<PlatformLoad> {
  const fakes = FakesProcess.start();
  try {
    const fake = await fakes.request<'start', { apiUrl: string }>({ op: 'start', platform: 'slack' });
    const config: Config = { ...base, SLACK_BOT_TOKEN: 'xoxb-load', SLACK_APP_TOKEN: 'xapp-load', SLACK_API_URL: fake.apiUrl };
    let ops: Operations | null = null;
    const metrics = new Metrics({ queueDepth: () => ops?.queue.depth ?? 0, index: () => citebot.indexInfo?.() ?? null });
    ops = await operationsFor(config, metrics);
    let adapter: RunningAdapter | null = null;
    try {
      adapter = await startSlack({ citebot, config, log: createLogger('silent'), operations: ops });
      await fakes.request({ op: 'connected' });
      global.gc?.();
      const rssBeforeMiB = rssMiB();
      const started = performance.now();
      const { sent, envelopes: sentEnvelopes } = await fakes.request<'send', SentRecords>({ op: 'send', options });
      const envelopes = new Map(sentEnvelopes);
      const outcomes = await settle(metrics, 'slack', sent.length, started + options.timeLimitSeconds * 1000);
      const seconds = (performance.now() - started) / 1000;
      const records = await fakes.request<'records', { calls: ApiCall[]; responses: ResponseUrlPost[]; acks: Ack[] }>({ op: 'records' });
      const answeredAt = new Map<string, number>();
      let limited = 0;
      let busy = 0;
      let lastNoticeAt = Number.NEGATIVE_INFINITY;
      for (const response of records.responses) {
        const text = String(response.body.text ?? '');
        if (busyText.test(text) || limitedText.test(text)) lastNoticeAt = Math.max(lastNoticeAt, response.at);
        if (busyText.test(text)) busy += 1;
        else if (limitedText.test(text)) limited += 1;
        else if (Array.isArray(response.body.blocks) && !answeredAt.has(response.id)) answeredAt.set(response.id, response.at);
      }
      for (const call of records.calls) {
        const text = String(call.args.text ?? '');
        if (call.method === 'chat.postEphemeral') {
          if (busyText.test(text) || limitedText.test(text)) lastNoticeAt = Math.max(lastNoticeAt, call.at);
          if (busyText.test(text)) busy += 1;
          else if (limitedText.test(text)) limited += 1;
        } else if (call.method === 'chat.postMessage' && typeof call.args.thread_ts === 'string' && !answeredAt.has(call.args.thread_ts)) {
          answeredAt.set(call.args.thread_ts, call.at);
        }
      }
      const ackTimes = records.acks.flatMap((ack) => (envelopes.has(ack.envelope_id) ? [ack.at - envelopes.get(ack.envelope_id)!] : []));
      global.gc?.();
      return {
        platform: 'slack',
        sent: { commands: sent.filter((q) => q.kind === 'command').length, mentions: sent.filter((q) => q.kind === 'mention').length },
        outcomes,
        missing: Math.max(0, sent.length - total(outcomes)),
        acks: { within3s: ackTimes.filter((ms) => ms <= 3000).length, of: envelopes.size, maxMs: Math.max(0, ...ackTimes) },
        latency: latencies(sent, answeredAt),
        notices: { limited, busy, lastMs: Number.isFinite(lastNoticeAt) ? lastNoticeAt - Math.min(...sent.map((q) => q.at)) : null },
        memory: { rssBeforeMiB, rssAfterMiB: rssMiB(), peakRssMiB: peakRssMiB(), heapAfterMiB: process.memoryUsage().heapUsed / 1024 ** 2 },
        conversations: ops.conversations.size,
        botRestCalls: null,
        seconds,
      };
    } finally {
      await adapter?.stop();
    }
  } finally {
    await fakes.close();
  }
}

/** What the fake Discord received: when each answer arrived (by interaction token or question id), and the notices. */
function readDiscordCalls(calls: RecordedCall[], dmChannel: string) {
  const answeredAt = new Map<string, number>();
  const firstResponse = new Map<string, number>();
  let limited = 0;
  let busy = 0;
  let lastNoticeAt = Number.NEGATIVE_INFINITY;
  const notice = (content: unknown, at: number) => {
    const text = String(content ?? '');
    if (busyText.test(text)) busy += 1;
    else if (limitedText.test(text)) limited += 1;
    else return false;
    lastNoticeAt = Math.max(lastNoticeAt, at);
    return true;
  };
  for (const call of calls) {
    if (call.route === '/interactions/:id/:token/callback') {
      const token = call.params.token ?? '';
      if (!firstResponse.has(token)) firstResponse.set(token, call.at);
      if (call.body.type === 4 && !notice(call.body.data?.content, call.at)) answeredAt.set(token, call.at);
    } else if (call.method === 'PATCH' && call.route === '/webhooks/:app/:token/messages/:message') {
      if (!answeredAt.has(call.params.token ?? '')) answeredAt.set(call.params.token ?? '', call.at);
    } else if (call.method === 'POST' && call.route === '/webhooks/:app/:token') {
      notice(call.body.content, call.at);
    } else if (call.method === 'POST' && call.route === '/channels/:channel/messages') {
      if (call.params.channel === dmChannel) notice(call.body.content, call.at);
      else {
        const reference = (call.body.message_reference as { message_id?: string } | undefined)?.message_id;
        if (reference && !answeredAt.has(reference)) answeredAt.set(reference, call.at);
      }
    }
  }
  return { answeredAt, firstResponse, limited, busy, lastNoticeAt: Number.isFinite(lastNoticeAt) ? lastNoticeAt : null };
}

async function loadDiscord(citebot: Citebot, base: Config, options: LoadOptions): Promise<PlatformLoad> {
  const fakes = FakesProcess.start();
  try {
    const fake = await fakes.request<'start', { apiUrl: string; token: string; ids: FakeIds }>({ op: 'start', platform: 'discord' });
    const config: Config = { ...base, DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.ids.app, DISCORD_GUILD_ID: fake.ids.guild, DISCORD_API_URL: fake.apiUrl };
    let ops: Operations | null = null;
    const metrics = new Metrics({ queueDepth: () => ops?.queue.depth ?? 0, index: () => citebot.indexInfo?.() ?? null });
    ops = await operationsFor(config, metrics);
    let adapter: RunningAdapter | null = null;
    try {
      adapter = await startDiscord({ citebot, config, log: createLogger('silent'), operations: ops });
      global.gc?.();
      const rssBeforeMiB = rssMiB();
      const started = performance.now();
      const { sent } = await fakes.request<'send', SentRecords>({ op: 'send', options });
      const deadline = started + options.timeLimitSeconds * 1000;
      const outcomes = await settle(metrics, 'discord', sent.length, deadline);
      const seconds = (performance.now() - started) / 1000;
      // The calls since the questions were sent (the adapter's start is left out).
      const records = async () => (await fakes.request<'records', { calls: RecordedCall[] }>({ op: 'records' })).calls;
      // Every question turned away is told (a DM for a mention, sent after the answers in progress): wait for
      // those notices within the time limit, then stop the adapter (which sends any notice still held) and read
      // everything the fake received.
      while (readDiscordCalls(await records(), fake.ids.dmChannel).busy < outcomes.busy && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await adapter.stop();
      const calls = await records();
      // BENCH_LOAD_TRACE=file.json: every call the fake received and every question sent, to see where the time goes.
      if (process.env.BENCH_LOAD_TRACE) await writeFile(process.env.BENCH_LOAD_TRACE, JSON.stringify({ sent, calls, dmChannel: fake.ids.dmChannel }));
      const { answeredAt, firstResponse, limited, busy, lastNoticeAt } = readDiscordCalls(calls, fake.ids.dmChannel);
      const ackTimes = sent.filter((q) => q.kind === 'command').flatMap((q) => (firstResponse.has(q.key) ? [firstResponse.get(q.key)! - q.at] : []));
      global.gc?.();
      return {
        platform: 'discord',
        sent: { commands: sent.filter((q) => q.kind === 'command').length, mentions: sent.filter((q) => q.kind === 'mention').length },
        outcomes,
        missing: Math.max(0, sent.length - total(outcomes)),
        acks: { within3s: ackTimes.filter((ms) => ms <= 3000).length, of: sent.filter((q) => q.kind === 'command').length, maxMs: Math.max(0, ...ackTimes) },
        latency: latencies(sent, answeredAt),
        notices: { limited, busy, lastMs: lastNoticeAt === null ? null : lastNoticeAt - Math.min(...sent.map((q) => q.at)) },
        memory: { rssBeforeMiB, rssAfterMiB: rssMiB(), peakRssMiB: peakRssMiB(), heapAfterMiB: process.memoryUsage().heapUsed / 1024 ** 2 },
        conversations: ops.conversations.size,
        // Interaction callbacks and interaction webhooks go without the bot token, outside the global limit.
        botRestCalls: calls.filter((call) => !call.route.startsWith('/interactions/') && !call.route.startsWith('/webhooks/')).length,
        seconds,
      };
    } finally {
      await adapter?.stop();
    }
  } finally {
    await fakes.close();
  }
}

export async function runLoad(options: LoadOptions): Promise<LoadResults> {
  const dir = await mkdtemp(join(tmpdir(), 'citebot-load-'));
  try {
    const corpusDir = options.corpusDir ?? fileURLToPath(new URL('../../corpus', import.meta.url));
    const config = parseConfig({
      CORPUS_DIR: corpusDir,
      INDEX_DIR: join(dir, 'index'),
      DATA_DIR: join(dir, 'data'),
      MODELS_DIR: join(dir, 'models'),
      ALLOW_MODEL_DOWNLOAD: 'false',
      LOG_LEVEL: 'silent',
      ...options.env,
    });
    const log = createLogger('silent');
    await buildIndex({
      corpusDir,
      indexDir: config.INDEX_DIR,
      chunkMaxChars: config.CHUNK_MAX_CHARS,
      hnsw: { M: config.HNSW_M, efConstruction: config.HNSW_EF_CONSTRUCTION, efSearch: config.HNSW_EF_SEARCH },
      embedder: null,
      lexicalOnlyReason: 'bench: lexical-only, so that the figures measure the adapters and the queue',
      batchSize: config.EMBED_BATCH_SIZE,
      log,
    });
    const citebot = await openCitebot({ config, log, embedder: null, embedderReason: 'bench: lexical-only' });
    const info = citebot.indexInfo?.();
    const platforms: PlatformLoad[] = [];
    for (const platform of options.platforms) {
      // Each platform gets its own data folder, operations and metrics: their figures do not mix.
      const platformConfig: Config = { ...config, DATA_DIR: join(dir, `data-${platform}`) };
      platforms.push(platform === 'slack' ? await loadSlack(citebot, platformConfig, options) : await loadDiscord(citebot, platformConfig, options));
    }
    return { options, passages: info?.passages ?? 0, mode: info?.mode ?? 'unknown', platforms };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
