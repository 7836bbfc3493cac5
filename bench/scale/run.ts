import { runInChild } from '../lib/child.ts';
import { loadPiaf } from '../lib/piaf.ts';
import { sample } from '../lib/random.ts';
import { measureHnswAtSize, type HnswScaleOptions, type HnswScaleResult } from './hnsw-at-size.ts';
import { measureLexicalAtSize, type LexicalScaleResult, type LexicalVariant } from './lexical-at-size.ts';
import { measureStartupAtSize, type StartupScaleResult } from './startup-at-size.ts';

export type ScalePart = 'hnsw' | 'lexical' | 'startup';

export interface ScaleOptions {
  /** Which measurements run (BENCH_SCALE_PARTS); each writes its own section of BENCHMARKS.md. */
  parts: ScalePart[];
  sizes: number[];
  dimension: number;
  queries: number;
  efSearch: number[];
  m: number;
  /** A smaller M measured beside the default at sizes up to maxSize: the memory it saves and the efSearch it needs. */
  lowMemory: { m: number; maxSize: number } | null;
  efConstruction: number;
  buildLimitSeconds: number;
  /** The HNSW build's own limit: 1,000,000 vectors take 10 to 20 minutes here, longer than the lexical limit. */
  hnswBuildLimitSeconds: number;
  wordsPerPassage: number;
  seed: number;
  /** Measure each size in its own process (for honest peak-RSS figures); in-process for the smoke test. */
  isolate: boolean;
  /** Run the HNSW and the lexical process of a size at the same time, one per core (keeps `npm run bench` within budget). */
  parallel: boolean;
  /** Lexical indexes measured side by side at each size (see LexicalVariant). */
  lexicalVariants: LexicalVariant[];
  /** SQLite FTS5 is measured up to this size only (it is the alternative, not the product). */
  fts5MaxSize: number;
  /** Cold starts of `npm run ask` at each size (the startup part). */
  startupRuns: number;
}

export const DEFAULT_SCALE_OPTIONS: ScaleOptions = {
  parts: ['hnsw', 'lexical', 'startup'],
  sizes: [10_000, 100_000, 1_000_000],
  dimension: 384,
  queries: 200,
  efSearch: [16, 32, 64, 128, 256],
  m: 16,
  lowMemory: { m: 8, maxSize: 100_000 },
  efConstruction: 100,
  buildLimitSeconds: 600,
  hnswBuildLimitSeconds: 1800,
  wordsPerPassage: 110,
  seed: 20261123,
  isolate: true,
  parallel: true,
  lexicalVariants: ['before', 'segments', 'fts5'],
  fts5MaxSize: 100_000,
  startupRuns: 3,
};

export type Outcome<T> = { ok: true; result: T } | { ok: false; size: number; error: string };

export interface LexicalOutcome {
  variant: LexicalVariant;
  outcome: Outcome<LexicalScaleResult>;
}

export interface ScaleResults {
  options: ScaleOptions;
  hnsw: Outcome<HnswScaleResult>[];
  /** The same with options.lowMemory's M, at the sizes it covers. */
  hnswLowMemory: Outcome<HnswScaleResult>[];
  /** Each size's lexical indexes, side by side, sizes in order. */
  lexical: LexicalOutcome[];
  /** The product started on a built index of each size (startup-at-size.ts). */
  startup: Outcome<StartupScaleResult>[];
}

type ChildInput =
  | { kind: 'hnsw'; options: HnswScaleOptions }
  | { kind: 'lexical'; variant: LexicalVariant; size: number; wordsPerPassage: number; queries: number; seed: number; buildLimitSeconds: number };

/** Entry point of the measuring child process (see runInChild). */
export async function runChild(input: ChildInput): Promise<HnswScaleResult | LexicalScaleResult> {
  if (input.kind === 'hnsw') return measureHnswAtSize(input.options);
  const piaf = loadPiaf();
  return measureLexicalAtSize({
    variant: input.variant,
    size: input.size,
    wordsPerPassage: input.wordsPerPassage,
    queries: input.queries,
    seed: input.seed,
    buildLimitSeconds: input.buildLimitSeconds,
    sourceTexts: piaf.paragraphs.map((paragraph) => paragraph.text),
    questions: piaf.questions.map((question) => question.question),
  });
}

async function measure<T>(size: number, input: ChildInput, isolate: boolean): Promise<Outcome<T>> {
  const started = performance.now();
  try {
    const result = isolate
      ? await runInChild<T>(import.meta.url, input, { maxOldSpaceMiB: 16_384, exposeGc: true })
      : ((await runChild(input)) as T);
    const what = input.kind === 'lexical' ? `lexical (${input.variant})` : input.kind;
    process.stderr.write(`scale: ${what} at ${size} measured in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    return { ok: true, result };
  } catch (error) {
    return { ok: false, size, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The product's start-up at one size: it spawns its own processes (the build, each cold start), so it never runs beside another measurement. */
async function measureStartup(size: number, options: ScaleOptions): Promise<Outcome<StartupScaleResult>> {
  const started = performance.now();
  try {
    const piaf = loadPiaf();
    const [question] = sample(piaf.questions, 1, options.seed);
    const result = await measureStartupAtSize({
      size,
      wordsPerPassage: options.wordsPerPassage,
      seed: options.seed,
      runs: options.startupRuns,
      sourceTexts: piaf.paragraphs.map((paragraph) => paragraph.text),
      question: question!.question,
    });
    process.stderr.write(`scale: startup at ${size} measured in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    return { ok: true, result };
  } catch (error) {
    return { ok: false, size, error: error instanceof Error ? error.message : String(error) };
  }
}

export async function runScale(options: ScaleOptions = DEFAULT_SCALE_OPTIONS): Promise<ScaleResults> {
  const results: ScaleResults = { options, hnsw: [], hnswLowMemory: [], lexical: [], startup: [] };
  const withHnsw = options.parts.includes('hnsw');
  const withLexical = options.parts.includes('lexical');
  const withStartup = options.parts.includes('startup');
  for (const size of options.sizes) {
    const hnswOptions = (m: number): HnswScaleOptions => ({
      size,
      dimension: options.dimension,
      queries: options.queries,
      efSearch: options.efSearch,
      m,
      efConstruction: options.efConstruction,
      seed: options.seed,
      buildLimitSeconds: options.hnswBuildLimitSeconds,
      measureUpdates: m === options.m,
    });
    const variants = options.lexicalVariants.filter((variant) => variant !== 'fts5' || size <= options.fts5MaxSize);
    const lexicalInput = (variant: LexicalVariant): ChildInput => ({
      kind: 'lexical',
      variant,
      size,
      wordsPerPassage: options.wordsPerPassage,
      queries: options.queries,
      seed: options.seed,
      buildLimitSeconds: options.buildLimitSeconds,
    });
    const hnsw = () => measure<HnswScaleResult>(size, { kind: 'hnsw', options: hnswOptions(options.m) }, options.isolate);
    // The lexical indexes of a size one after the other (each in its own process), beside the HNSW one.
    const lexical = async () => {
      const outcomes: LexicalOutcome[] = [];
      for (const variant of variants) outcomes.push({ variant, outcome: await measure<LexicalScaleResult>(size, lexicalInput(variant), options.isolate) });
      return outcomes;
    };
    if (withHnsw && withLexical && options.parallel && options.isolate) {
      const [hnswOutcome, lexicalOutcomes] = await Promise.all([hnsw(), lexical()]);
      results.hnsw.push(hnswOutcome);
      results.lexical.push(...lexicalOutcomes);
    } else {
      if (withHnsw) results.hnsw.push(await hnsw());
      if (withLexical) results.lexical.push(...(await lexical()));
    }
    if (withHnsw && options.lowMemory && size <= options.lowMemory.maxSize) {
      results.hnswLowMemory.push(await measure<HnswScaleResult>(size, { kind: 'hnsw', options: hnswOptions(options.lowMemory.m) }, options.isolate));
    }
    if (withStartup) results.startup.push(await measureStartup(size, options));
  }
  return results;
}
