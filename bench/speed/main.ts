import { positiveNumber } from '../lib/env.ts';
import { provenance } from '../lib/machine.ts';
import { commandLine, isMainModule } from '../lib/main-module.ts';
import { saveLastRun } from '../lib/last-run.ts';
import { writeSection } from '../lib/report.ts';
import { benchLexicalTargets } from './lexical-targets.ts';
import { renderSpeed } from './render.ts';
import { DEFAULT_SPEED_OPTIONS, runSpeed, type SpeedResults } from './run.ts';

export async function benchSpeed(): Promise<SpeedResults> {
  const started = performance.now();
  const results = await runSpeed({
    ...DEFAULT_SPEED_OPTIONS,
    queries: positiveNumber('BENCH_SPEED_QUERIES', DEFAULT_SPEED_OPTIONS.queries),
    modelArticles: positiveNumber('BENCH_SPEED_ARTICLES', DEFAULT_SPEED_OPTIONS.modelArticles),
  });
  const seconds = (performance.now() - started) / 1000;
  saveLastRun('speed', commandLine('bench:speed'), results);
  writeSection('speed', renderSpeed(results, provenance(commandLine('bench:speed'), seconds)));
  // Issue 10's lexical-only targets (Service-Public build time, warm answer on PIAF + man pages), in their own section.
  await benchLexicalTargets();
  return results;
}

if (isMainModule(import.meta.url)) {
  await benchSpeed();
}
