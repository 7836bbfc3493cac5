import { numberList, positiveNumber } from '../lib/env.ts';
import { provenance } from '../lib/machine.ts';
import { commandLine, isMainModule } from '../lib/main-module.ts';
import { saveLastRun } from '../lib/last-run.ts';
import { writeSection } from '../lib/report.ts';
import { renderScaleHnsw } from './render-hnsw.ts';
import { renderScale } from './render.ts';
import { renderScaleStartup } from './render-startup.ts';
import type { LexicalVariant } from './lexical-at-size.ts';
import { DEFAULT_SCALE_OPTIONS, runScale, type ScalePart, type ScaleResults } from './run.ts';

/** BENCH_SCALE_PARTS=hnsw (or lexical, or startup, or a list of them): only those parts, each rewriting its own section and leaving the others'. */
function parts(fallback: ScalePart[]): ScalePart[] {
  const raw = process.env.BENCH_SCALE_PARTS;
  if (!raw) return fallback;
  const chosen = raw.split(',').map((part) => part.trim());
  const known: ScalePart[] = ['hnsw', 'lexical', 'startup'];
  const unknown = chosen.filter((part) => !known.includes(part as ScalePart));
  if (unknown.length > 0) throw new Error(`BENCH_SCALE_PARTS: unknown part ${unknown.join(', ')} (${known.join(', ')})`);
  return chosen as ScalePart[];
}

/** BENCH_SCALE_LEXICAL: which lexical indexes to measure (before, segments, fts5), comma-separated. */
function lexicalVariants(fallback: LexicalVariant[]): LexicalVariant[] {
  const raw = process.env.BENCH_SCALE_LEXICAL;
  if (!raw) return fallback;
  const variants = raw.split(',').map((item) => item.trim());
  const known: LexicalVariant[] = ['before', 'segments', 'fts5'];
  if (variants.some((variant) => !known.includes(variant as LexicalVariant))) throw new Error(`BENCH_SCALE_LEXICAL must list some of ${known.join(', ')}`);
  return variants as LexicalVariant[];
}

export async function benchScale(): Promise<ScaleResults> {
  const started = performance.now();
  const defaults = DEFAULT_SCALE_OPTIONS;
  const results = await runScale({
    ...defaults,
    parts: parts(defaults.parts),
    sizes: numberList('BENCH_SCALE_SIZES', defaults.sizes),
    queries: positiveNumber('BENCH_SCALE_QUERIES', defaults.queries),
    efSearch: numberList('BENCH_SCALE_EF_SEARCH', defaults.efSearch),
    efConstruction: positiveNumber('BENCH_SCALE_EF_CONSTRUCTION', defaults.efConstruction),
    buildLimitSeconds: positiveNumber('BENCH_SCALE_BUILD_LIMIT_S', defaults.buildLimitSeconds),
    lexicalVariants: lexicalVariants(defaults.lexicalVariants),
    fts5MaxSize: positiveNumber('BENCH_SCALE_FTS5_MAX', defaults.fts5MaxSize),
    hnswBuildLimitSeconds: positiveNumber('BENCH_SCALE_HNSW_BUILD_LIMIT_S', defaults.hnswBuildLimitSeconds),
    startupRuns: positiveNumber('BENCH_SCALE_STARTUP_RUNS', defaults.startupRuns),
    // BENCH_SCALE_PARALLEL=0: the HNSW and lexical parts one after the other (slower, but neither slows the other's timings).
    parallel: process.env.BENCH_SCALE_PARALLEL === undefined ? defaults.parallel : process.env.BENCH_SCALE_PARALLEL !== '0',
  });
  const seconds = (performance.now() - started) / 1000;
  const written = provenance(commandLine('bench:scale'), seconds);
  // The raw figures, kept for inspection and for `npm run bench:summary`, one file per part (bench/.cache is not committed).
  for (const part of results.options.parts) saveLastRun(`scale-${part}`, commandLine('bench:scale'), results);
  if (results.options.parts.includes('hnsw')) writeSection('scale-hnsw', renderScaleHnsw(results, written));
  if (results.options.parts.includes('lexical')) writeSection('scale', renderScale(results, written));
  if (results.options.parts.includes('startup')) writeSection('scale-startup', renderScaleStartup(results, written));
  return results;
}

if (isMainModule(import.meta.url)) {
  await benchScale();
}
