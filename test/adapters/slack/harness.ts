import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Citebot } from '../../../src/answer/citebot.ts';
import type { CommandArgs } from '../../../src/answer/commands/types.ts';
import type { BriefingPreviewer } from '../../../src/briefings/previewer.ts';
import { parseConfig, type Config } from '../../../src/config.ts';
import type { Operations } from '../../../src/adapters/shared/operations.ts';
import { createLogger } from '../../../src/log.ts';
import { type SlackAdapter, startSlack } from '../../../src/adapters/slack/start.ts';
import { FakeSlack } from '../../fakes/slack/fake-slack.ts';
import { bundledCorpus, makeTestCitebot, type TestCitebot } from '../../helpers/citebot.ts';

export const BOT_TOKEN = 'xoxb-test-bot-token';
export const APP_TOKEN = 'xapp-test-app-token';
export const SIGNING_SECRET = 'test-signing-secret';

export interface Harness {
  fake: FakeSlack;
  adapter: SlackAdapter;
  citebot: Citebot;
  /** The engine's temp folder and configuration (its corpus can be changed and rebuilt). */
  engine: TestCitebot;
  /** Engine runs, in order (the real engine, counted). */
  runs: Array<{ command: string; args: CommandArgs }>;
  corpus: Record<string, string>;
  dataDir: string;
  close(): Promise<void>;
}

async function readBundledCorpus(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of await readdir(bundledCorpus)) files[name] = await readFile(join(bundledCorpus, name), 'utf8');
  return files;
}

/** A fake Slack, the real engine (lexical-only) over a corpus, and the real Bolt app started against them. */
export async function startHarness(
  options: {
    mode?: 'socket' | 'http';
    corpus?: Record<string, string>;
    env?: Record<string, string>;
    /** The `briefings` start option, built over the harness's engine. */
    briefings?: (citebot: Citebot, engine: TestCitebot) => BriefingPreviewer;
    /** The shared operations (policy, limits, queue, memory, metrics) to start with. */
    operations?: (config: Config) => Promise<Operations>;
    /** Use this data folder (kept on close) instead of a fresh one: a restart test starts twice on one. */
    dataDir?: string;
    /** startSlack's indicatorDelayMs: 0 (👀 at once) unless given, so that every answer shows it. */
    indicatorDelayMs?: number;
  } = {},
): Promise<Harness> {
  const engine = await makeTestCitebot(options.corpus ? { corpus: options.corpus } : {});
  const corpus = options.corpus ?? (await readBundledCorpus());
  const fake = await FakeSlack.start();
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'citebot-slack-')));
  const runs: Harness['runs'] = [];
  // The real engine, with its runs counted (a Proxy, so that whatever else Citebot offers passes through).
  const real = engine.citebot;
  const countedRun: Citebot['run'] = (command, args) => {
    runs.push({ command, args });
    return real.run(command, args);
  };
  const citebot = new Proxy(real, {
    get(target, property) {
      if (property === 'run') return countedRun;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const mode = options.mode ?? 'socket';
  let adapter: SlackAdapter;
  try {
    const config = parseConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      ...(mode === 'socket' ? { SLACK_APP_TOKEN: APP_TOKEN } : { SLACK_SIGNING_SECRET: SIGNING_SECRET }),
      SLACK_API_URL: fake.apiUrl,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      RATE_LIMIT_USER: 'off',
      RATE_LIMIT_CHANNEL: 'off',
      ...options.env,
    });
    const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
    const briefings = options.briefings?.(citebot, engine);
    const operations = options.operations ? await options.operations(config) : undefined;
    adapter = await startSlack({ citebot, config, log, port: 0, indicatorDelayMs: options.indicatorDelayMs ?? 0, ...(briefings ? { briefings } : {}), ...(operations ? { operations } : {}) });
  } catch (error) {
    // Nothing may stay open when the start fails, or the test process never exits.
    await fake.close();
    await engine.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    fake,
    adapter,
    citebot,
    engine,
    runs,
    corpus,
    dataDir,
    async close() {
      await adapter.stop();
      await fake.close();
      await engine.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// ---------- reading what the app sent ----------

export type Block = { type: string; text?: { type: string; text: string }; elements?: Array<Record<string, unknown>>; fields?: unknown[] };

export function blocksOf(message: Record<string, unknown>): Block[] {
  const blocks = message.blocks;
  assert.ok(Array.isArray(blocks), 'message has blocks');
  return blocks as Block[];
}

export function findButton(message: Record<string, unknown>, actionId: string): { value: string; text: string } | undefined {
  for (const block of blocksOf(message)) {
    if (block.type !== 'actions') continue;
    for (const element of block.elements ?? []) {
      if (element.action_id === actionId) {
        return { value: element.value as string, text: (element.text as { text: string }).text };
      }
    }
  }
  return undefined;
}

/** The mrkdwn of every section that is a quote (lines starting with ">"). */
export function quoteSections(message: Record<string, unknown>): string[] {
  return blocksOf(message)
    .filter((block) => block.type === 'section' && block.text?.text.startsWith('>'))
    .map((block) => block.text?.text ?? '');
}

export function contextTexts(message: Record<string, unknown>): string[] {
  return blocksOf(message)
    .filter((block) => block.type === 'context')
    .flatMap((block) => (block.elements ?? []).map((element) => String(element.text)));
}

export function unescapeMrkdwn(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The corpus text shown by a quote section: no `>` prefixes, no bold markers, unescaped. */
export function unquote(mrkdwn: string): string {
  return unescapeMrkdwn(
    mrkdwn
      .split('\n')
      .map((line) => line.replace(/^>/, ''))
      .join('\n')
      .replace(/\u200B/g, '')
      .replace(/\*/g, ''),
  );
}

export const fold = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Asserts `shown` is verbatim text of one corpus file (whitespace folded); returns that file's name. */
export function assertVerbatim(shown: string, corpus: Record<string, string>): string {
  const needle = fold(shown);
  assert.ok(needle.length > 20, `quote is not trivially short: ${needle}`);
  const file = Object.keys(corpus).find((name) => fold(corpus[name] ?? '').includes(needle));
  assert.ok(file, `quote is verbatim corpus text: ${needle.slice(0, 120)}`);
  return file;
}
