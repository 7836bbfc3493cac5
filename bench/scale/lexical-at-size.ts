import { buildLexicalIndex } from '../lib/lexical.ts';
import { peakRssMiB, rssMiB } from '../lib/memory.ts';
import { sample } from '../lib/random.ts';
import { secondsSince, summarize, timeEach, type LatencySummary } from '../lib/stats.ts';
import { syntheticPassages } from '../lib/synthetic-text.ts';

export interface LexicalScaleOptions {
  size: number;
  wordsPerPassage: number;
  queries: number;
  seed: number;
  /** Real text the passages' words are drawn from. */
  sourceTexts: readonly string[];
  /** Real questions to ask. */
  questions: readonly string[];
  /** Stop adding passages after this long; the queries then run on what was added. */
  buildLimitSeconds?: number;
}

export interface LexicalScaleResult {
  size: number;
  wordsPerPassage: number;
  queries: number;
  /** Passages added (fewer than `size` when the build limit stopped it). */
  built: number;
  buildCompleted: boolean;
  buildSeconds: number;
  indexRssMiB: number;
  peakRssMiB: number;
  latency: LatencySummary;
  meanResults: number;
}

/** Passages of the probe build that sets how many passages fit in the build time limit. */
const PROBE_SIZE = 10_000;

export function measureLexicalAtSize(options: LexicalScaleOptions): LexicalScaleResult {
  const limit = options.buildLimitSeconds ?? Infinity;
  // The product's index is built in one pass and cannot be stopped midway: a probe build of the first
  // PROBE_SIZE passages gives the rate, and the measured build holds what the time limit allows at that rate.
  let target = options.size;
  if (Number.isFinite(limit) && options.size > PROBE_SIZE * 2) {
    const probeStart = performance.now();
    buildLexicalIndex([...syntheticPassages(options.sourceTexts, PROBE_SIZE, options.wordsPerPassage, options.seed)]);
    const perPassage = secondsSince(probeStart) / PROBE_SIZE;
    target = Math.min(options.size, Math.max(PROBE_SIZE, Math.floor((limit * 0.9) / perPassage / 1000) * 1000));
  }
  const rssBefore = rssMiB();
  const buildStart = performance.now();
  const texts = [...syntheticPassages(options.sourceTexts, target, options.wordsPerPassage, options.seed)];
  const index = buildLexicalIndex(texts);
  const id = index.size;
  const buildSeconds = secondsSince(buildStart);
  const indexRss = rssMiB() - rssBefore;

  const questions = sample(options.questions, options.queries, options.seed + 1);
  for (const question of questions.slice(0, 10)) index.query(question);
  let results = 0;
  const times = timeEach(questions, (question) => {
    results += index.query(question);
  });
  return {
    size: options.size,
    wordsPerPassage: options.wordsPerPassage,
    queries: questions.length,
    built: id,
    buildCompleted: id === options.size,
    buildSeconds,
    indexRssMiB: indexRss,
    peakRssMiB: peakRssMiB(),
    latency: summarize(times),
    meanResults: results / Math.max(1, questions.length),
  };
}
