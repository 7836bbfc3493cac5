import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBuild } from '../../src/cli/run-build.ts';
import { parseConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { FAKE_BOT_USER_ID, FakeSlack } from '../../test/fakes/slack/fake-slack.ts';
import { pinnedConfigEnv, startCitebot, type NodeProcess } from '../../test/main/citebot-process.ts';
import { sample } from '../lib/random.ts';
import { loadServicePublic, writeKnownItemCorpus } from '../quality/corpus.ts';

export interface ReplicaLoadResult {
  replicas: number;
  questions: number;
  seconds: number;
  answersPerSecond: number;
  /** Questions answered more than once (must be 0). */
  duplicates: number;
}

export interface LoadOptions {
  questions: number;
  seed: number;
}

/**
 * Answers per second with 1 and with 2 replicas (`npm start` processes, the real Bolt in Socket Mode)
 * sharing one database, on this machine: the fake Slack (in this process) spreads app mentions over
 * their connections, all sent at once; the clock stops when the last one is answered.
 */
export async function measureReplicaLoad(databaseUrl: string, options: LoadOptions): Promise<{ passages: number; results: ReplicaLoadResult[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'citebot-bench-replicas-'));
  const slack = await FakeSlack.start();
  slack.delivery = 'one';
  const started: NodeProcess[] = [];
  try {
    const corpusDir = join(dir, 'corpus');
    const pages = await writeKnownItemCorpus(corpusDir, loadServicePublic());
    const env: Record<string, string> = {
      ...pinnedConfigEnv(),
      CORPUS_DIR: corpusDir,
      INDEX_DIR: join(dir, 'index'),
      MODELS_DIR: join(dir, 'models'),
      BRIEFINGS_FILE: join(dir, 'briefings.yml'),
      ALLOW_MODEL_DOWNLOAD: 'false',
      INDEX_BACKEND: 'postgres',
      DATABASE_URL: databaseUrl,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_APP_TOKEN: 'xapp-bench',
      SLACK_API_URL: slack.apiUrl,
      RATE_LIMIT_USER: 'off',
      RATE_LIMIT_CHANNEL: 'off',
      ENGINE_QUEUE: '10000',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
    };
    const built = await runBuild(parseConfig(env), createLogger('silent'), null, 'benchmark: no embedding model');
    const questions = sample(pages, options.questions, options.seed).map((page) => page.question);
    const results: ReplicaLoadResult[] = [];
    for (const count of [1, 2]) {
      const replicas = Array.from({ length: count }, (_, index) => startCitebot({ ...env, DATA_DIR: join(dir, `data-${count}-${index}`) }));
      started.push(...replicas);
      const deadline = Date.now() + 180_000;
      while (slack.connectedSockets < count) {
        if (Date.now() > deadline) throw new Error(`${count} replica(s) did not connect to the fake Slack`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const channel = `C0LOAD${count}`;
      const answered = () => slack.callsOf('chat.postMessage').filter((call) => call.args.channel === channel);
      const send = (text: string) => {
        const ts = slack.nextTs();
        slack.event({ event: { type: 'app_mention', user: 'U0BENCH', text: `<@${FAKE_BOT_USER_ID}> ${text}`, ts, channel } });
        return ts;
      };
      // Warm-up: a few questions through every connection.
      const warm = questions.slice(0, 4 * count).map(send);
      while (answered().length < warm.length) await new Promise((resolve) => setTimeout(resolve, 20));
      const before = answered().length;
      const clock = performance.now();
      const sent = questions.map(send);
      while (answered().length < before + sent.length) {
        if (Date.now() > deadline + 600_000) throw new Error(`${count} replica(s): ${answered().length - before} of ${sent.length} answered`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const seconds = (performance.now() - clock) / 1000;
      const byThread = new Map<string, number>();
      for (const call of answered()) byThread.set(String(call.args.thread_ts), (byThread.get(String(call.args.thread_ts)) ?? 0) + 1);
      results.push({ replicas: count, questions: sent.length, seconds, answersPerSecond: sent.length / seconds, duplicates: [...byThread.values()].filter((n) => n > 1).length });
      await Promise.all(replicas.map((replica) => replica.stopWith('SIGTERM', 30_000)));
      while (slack.connectedSockets > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return { passages: built.manifest.counts.chunks, results };
  } finally {
    for (const replica of started) if (!replica.exit) replica.child.kill('SIGKILL');
    await slack.close();
    await rm(dir, { recursive: true, force: true });
  }
}
