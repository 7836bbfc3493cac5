import { numberList, positiveNumber } from '../lib/env.ts';
import { provenance } from '../lib/machine.ts';
import { commandLine, isMainModule } from '../lib/main-module.ts';
import { writeSection } from '../lib/report.ts';
import { renderScale } from './render.ts';
import { DEFAULT_SCALE_OPTIONS, runScale, type ScaleResults } from './run.ts';

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
  });
  const seconds = (performance.now() - started) / 1000;
  writeSection('scale', renderScale(results, provenance(commandLine('bench:scale'), seconds)));
  return results;
}

if (isMainModule(import.meta.url)) {
  await benchScale();
}
