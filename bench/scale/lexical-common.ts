import { readdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { searchSettings } from '../../src/answer/open.ts';
import { parseConfig } from '../../src/config.ts';
import { cachedTerms } from '../lib/lexical.ts';
import { peakRssMiB, rssMiB } from '../lib/memory.ts';
import { sample } from '../lib/random.ts';
import { secondsSince, summarize, timeEachWithCpu, type LatencySummary } from '../lib/stats.ts';
import { syntheticPassages } from '../lib/synthetic-text.ts';

/**
 * The lexical index measured at one size: 'before' is the index issue 14 replaced (one in-memory
 * build, one JSON file, every posting scored), 'segments' the product's, 'fts5' SQLite FTS5 over the
 * product's terms (the alternative the issue asked to measure).
 */
export type LexicalVariant = 'before' | 'segments' | 'fts5';

export interface LexicalScaleOptions {
  variant: LexicalVariant;
  size: number;
  wordsPerPassage: number;
  queries: number;
  seed: number;
  /** Real text the passages' words are drawn from. */
  sourceTexts: readonly string[];
  /** Real questions to ask. */
  questions: readonly string[];
  /** Stop adding passages after this long ('before' only: a probe sets what fits); the queries then run on what was added. */
  buildLimitSeconds?: number;
  /** Where the index is written (a fresh temporary folder). */
  workDir: string;
}

/** Time to apply a change to the index, and to open it again afterwards. */
export interface UpdateFigure {
  seconds: number;
  reopenSeconds: number;
  /** How the lexical index took it ('updated', 'merged', 'rebuilt'). */
  kind: string;
}

export interface LexicalScaleResult {
  variant: LexicalVariant;
  size: number;
  wordsPerPassage: number;
  queries: number;
  /** Passages indexed (fewer than `size` when the build limit stopped it). */
  built: number;
  buildCompleted: boolean;
  /** Indexing and writing to disk (the passages' text is generated beforehand, not counted). */
  buildSeconds: number;
  /** Size of the written index; null when it could not be written. */
  diskMiB: number | null;
  /** Opening the written index as a server does at start (null when it could not be written). */
  openSeconds: number | null;
  /** Resident memory the opened index holds (RSS after opening minus before). */
  openRssMiB: number;
  /** Peak resident memory of the measuring process (the build included). */
  peakRssMiB: number;
  /** Wall-clock time per query (what the targets are about). */
  latency: LatencySummary;
  /** CPU time per query (the process's user + system time during it): what the query costs, without the waits for cores other work holds. */
  cpuLatency: LatencySummary;
  /** The machine's 1-minute load average at the start and at the end of the timed queries. */
  queryLoad: { start: number; end: number };
  meanResults: number;
  /** Updates after changing one file (10 passages) and after adding 100 files ('segments' only). */
  updates?: { changeOneFile: UpdateFigure; addHundredFiles: UpdateFigure; latencyAfter: LatencySummary; cpuLatencyAfter: LatencySummary };
  /** What could not be measured, and why. */
  note?: string;
}

/** Passages per page (file) in the synthetic corpus. */
export const PASSAGES_PER_PAGE = 10;

export interface SyntheticCorpus {
  texts: string[];
  pageOf: (passage: number) => string;
}

/** A measured index: how to open it from disk and how to ask it (returns how many passages it ranked). */
export interface OpenedLexical {
  ask: (question: string) => number;
}

export const gc = () => (globalThis as { gc?: () => void }).gc?.();

/** The product's lexical settings (search path of the running bot). */
export const lexicalSettings = () => searchSettings(parseConfig({}));

export function syntheticCorpus(options: LexicalScaleOptions, size: number, seed = options.seed, prefix = 'page'): SyntheticCorpus {
  return {
    texts: [...syntheticPassages(options.sourceTexts, size, options.wordsPerPassage, seed)],
    pageOf: (passage) => `${prefix}-${String(Math.floor(passage / PASSAGES_PER_PAGE)).padStart(7, '0')}`,
  };
}

/** Opens, measures memory and latency: the part every variant shares. */
export async function measureQueries(
  options: LexicalScaleOptions,
  open: () => Promise<OpenedLexical> | OpenedLexical,
): Promise<{
  opened: OpenedLexical;
  openSeconds: number;
  openRssMiB: number;
  latency: LatencySummary;
  cpuLatency: LatencySummary;
  queryLoad: { start: number; end: number };
  meanResults: number;
}> {
  gc();
  const rssBefore = rssMiB();
  const openStart = performance.now();
  const opened = await open();
  const openSeconds = secondsSince(openStart);
  gc();
  const openRssMiB = rssMiB() - rssBefore;
  const questions = sample(options.questions, options.queries, options.seed + 1);
  for (const question of questions.slice(0, 10)) opened.ask(question);
  let results = 0;
  const loadStart = loadavg()[0]!;
  const times = timeEachWithCpu(questions, (question) => {
    results += opened.ask(question);
  });
  const queryLoad = { start: loadStart, end: loadavg()[0]! };
  return {
    opened,
    openSeconds,
    openRssMiB,
    latency: summarize(times.wall),
    cpuLatency: summarize(times.cpu),
    queryLoad,
    meanResults: results / Math.max(1, questions.length),
  };
}


/** Total size of the files in a folder, in MiB. */
export function folderMiB(dir: string): number {
  return readdirSync(dir).reduce((sum, file) => sum + statSync(join(dir, file)).size, 0) / 1024 ** 2;
}

export { cachedTerms, peakRssMiB, secondsSince };
