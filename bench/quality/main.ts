import { numberList, positiveNumber } from '../lib/env.ts';
import { provenance } from '../lib/machine.ts';
import { commandLine, isMainModule } from '../lib/main-module.ts';
import { writeSection } from '../lib/report.ts';
import { benchConfig } from './engine.ts';
import { renderQuality, renderThreshold } from './render.ts';
import { DEFAULT_QUALITY_OPTIONS, runQuality, type CorpusResult } from './run.ts';

export async function benchQuality(): Promise<CorpusResult[]> {
  const started = performance.now();
  const limit = process.env.BENCH_QUALITY_QUESTIONS ? positiveNumber('BENCH_QUALITY_QUESTIONS', 0) : undefined;
  const corpora = await runQuality({
    ...DEFAULT_QUALITY_OPTIONS,
    ...(limit ? { questionLimit: limit } : {}),
    concurrency: numberList('BENCH_QUALITY_CONCURRENCY', [DEFAULT_QUALITY_OPTIONS.concurrency])[0]!,
  });
  const seconds = (performance.now() - started) / 1000;
  const header = provenance(commandLine('bench:quality'), seconds);
  writeSection('quality', renderQuality(corpora, header));
  const currentDefault = benchConfig('.', '.').NO_ANSWER_THRESHOLD;
  writeSection('threshold', renderThreshold(corpora, currentDefault, header).markdown);
  return corpora;
}

if (isMainModule(import.meta.url)) {
  await benchQuality();
}
