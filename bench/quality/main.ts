import { numberList, positiveNumber } from '../lib/env.ts';
import { provenance } from '../lib/machine.ts';
import { commandLine, isMainModule } from '../lib/main-module.ts';
import { saveLastRun } from '../lib/last-run.ts';
import { writeSection } from '../lib/report.ts';
import { benchConfig } from './engine.ts';
import { renderAblation, renderQuality, renderThreshold } from './render.ts';
import { DEFAULT_QUALITY_OPTIONS, runQuality, type CorpusResult } from './run.ts';

export async function benchQuality(): Promise<CorpusResult[]> {
  const started = performance.now();
  const limit = process.env.BENCH_QUALITY_QUESTIONS ? positiveNumber('BENCH_QUALITY_QUESTIONS', 0) : undefined;
  // Quick runs: fewer articles (or Service-Public pages), fewer man page paragraphs, or only the named corpora.
  const articles = process.env.BENCH_QUALITY_ARTICLES ? positiveNumber('BENCH_QUALITY_ARTICLES', 0) : undefined;
  const distractors = process.env.BENCH_QUALITY_DISTRACTORS ? positiveNumber('BENCH_QUALITY_DISTRACTORS', 0) : undefined;
  const only = process.env.BENCH_QUALITY_CORPORA?.split(',').map((name) => name.trim().toLowerCase());
  const corpora = await runQuality({
    ...DEFAULT_QUALITY_OPTIONS,
    corpora: DEFAULT_QUALITY_OPTIONS.corpora.filter((spec) => !only || only.includes(spec.name.toLowerCase())),
    ...(limit ? { questionLimit: limit } : {}),
    ...(articles ? { articleLimit: articles } : {}),
    ...(distractors ? { distractorLimit: distractors } : {}),
    concurrency: numberList('BENCH_QUALITY_CONCURRENCY', [DEFAULT_QUALITY_OPTIONS.concurrency])[0]!,
  });
  const seconds = (performance.now() - started) / 1000;
  const header = provenance(commandLine('bench:quality'), seconds);
  saveLastRun('quality', commandLine('bench:quality'), corpora);
  writeSection('quality', renderQuality(corpora, header));
  writeSection('ablation', renderAblation(corpora, header));
  const currentDefault = benchConfig('.', '.').NO_ANSWER_THRESHOLD;
  writeSection('threshold', renderThreshold(corpora, currentDefault, header).markdown);
  return corpora;
}

if (isMainModule(import.meta.url)) {
  await benchQuality();
}
