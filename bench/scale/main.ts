import { numberList, positiveNumber } from '../lib/env.ts';
import { provenance } from '../lib/machine.ts';
import { commandLine, isMainModule } from '../lib/main-module.ts';
import { writeSection } from '../lib/report.ts';
import { renderScale } from './render.ts';
import type { LexicalVariant } from './lexical-at-size.ts';
import { DEFAULT_SCALE_OPTIONS, runScale, type ScaleResults } from './run.ts';

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
    sizes: numberList('BENCH_SCALE_SIZES', defaults.sizes),
    queries: positiveNumber('BENCH_SCALE_QUERIES', defaults.queries),
    efSearch: numberList('BENCH_SCALE_EF_SEARCH', defaults.efSearch),
    efConstruction: positiveNumber('BENCH_SCALE_EF_CONSTRUCTION', defaults.efConstruction),
    buildLimitSeconds: positiveNumber('BENCH_SCALE_BUILD_LIMIT_S', defaults.buildLimitSeconds),
    lexicalVariants: lexicalVariants(defaults.lexicalVariants),
    fts5MaxSize: positiveNumber('BENCH_SCALE_FTS5_MAX', defaults.fts5MaxSize),
  });
  const seconds = (performance.now() - started) / 1000;
  writeSection('scale', renderScale(results, provenance(commandLine('bench:scale'), seconds)));
  return results;
}

if (isMainModule(import.meta.url)) {
  await benchScale();
}
