import { count, fixed, percent, table } from './lib/markdown.ts';
import type { CorpusResult } from './quality/run.ts';
import { thresholdCurve } from './quality/threshold.ts';
import { firstAnswerMedianMs, servingPeakMiB } from './scale/render-startup.ts';
import type { ScaleResults } from './scale/run.ts';
import type { SpeedResults } from './speed/run.ts';

export interface BenchRun {
  quality?: CorpusResult[];
  speed?: SpeedResults;
  scale?: ScaleResults;
  /** Seconds each benchmark took, in run order. */
  seconds: [string, number][];
  /** When the figures come from separate runs (`npm run bench:summary`): each run's command and date. */
  assembledFrom?: string[];
}

/** The headline figures of a full `npm run bench`, with links to the sections that hold the rest. */
export function renderSummary(run: BenchRun, provenance: string): string {
  const rows: string[][] = [];
  for (const corpus of run.quality ?? []) {
    if (corpus.spec.keepOutcomes) {
      const lexical = corpus.strategies.find((result) => result.strategy === 'lexical' && result.outcomes);
      if (lexical?.outcomes) {
        const curve = thresholdCurve(lexical.outcomes, corpus.answerable);
        rows.push([
          'No-answer threshold (lexical-only)',
          `recommended ${fixed(curve.recommended.threshold, 2)}: answers ${percent(curve.recommended.answersAnyway)} of questions about absent articles, declines ${percent(curve.recommended.declinesAnswerable)} of answerable ones`,
        ]);
      }
      continue;
    }
    const lexical = corpus.strategies.find((result) => result.strategy === 'lexical')?.metrics;
    const hybrid = corpus.strategies.find((result) => result.strategy === 'hybrid-rrf');
    if (lexical) {
      rows.push([
        `${(corpus.spec.source ?? 'piaf') === 'piaf' ? 'PIAF retrieval' : 'Retrieval'}, ${corpus.spec.name} (${count(corpus.passages)} passages)`,
        `lexical-only hit@1 ${percent(lexical.hitAt1)}, hit@5 ${percent(lexical.hitAt5)}, MRR ${fixed(lexical.mrr, 3)}${
          corpus.baseline ? ` (plain BM25: hit@1 ${percent(corpus.baseline.metrics.hitAt1)}, MRR ${fixed(corpus.baseline.metrics.mrr, 3)})` : ''
        }; hybrid: ${
          hybrid?.metrics ? `hit@1 ${percent(hybrid.metrics.hitAt1)}, MRR ${fixed(hybrid.metrics.mrr, 3)}` : 'no model available'
        }`,
      ]);
    }
  }
  if (run.speed) {
    const whole = run.speed.stages[0]?.latency;
    const lexical = run.speed.lexicalOnlyWhole;
    const single = run.speed.embedding.find((row) => row.batchSize === 1);
    const batched = run.speed.embedding.at(-1);
    rows.push([
      'Query latency, warm (e5-small-shaped model)',
      `hybrid p50 ${fixed(whole?.p50, 1)} ms, p95 ${fixed(whole?.p95, 1)} ms; lexical-only p50 ${fixed(lexical.p50, 1)} ms (×${fixed((whole?.p50 ?? NaN) / lexical.p50, 1)})`,
    ]);
    rows.push([
      'Embedding (e5-small-shaped model)',
      `${fixed(single?.msPerChunk, 1)} ms per chunk one at a time, ${fixed(batched?.msPerChunk, 1)} ms in batches of ${batched?.batchSize ?? '—'}`,
    ]);
    for (const { mode, runs } of run.speed.coldStarts) {
      const sorted = runs.map((entry) => entry.firstAnswerMs).sort((a, b) => a - b);
      rows.push([`Cold start to first answer, ${mode}`, `${fixed(sorted[Math.floor((sorted.length - 1) / 2)], 0)} ms`]);
    }
  }
  if (run.scale) {
    for (const outcome of run.scale.hnsw) {
      if (!outcome.ok) {
        rows.push([`HNSW at ${count(outcome.size)} vectors`, `failed: ${outcome.error}`]);
        continue;
      }
      const r = outcome.result;
      const ef = r.hnsw.find((entry) => entry.efSearch === r.chosen.efSearch) ?? r.hnsw[0];
      const size = r.buildCompleted
        ? `${count(r.size)} vectors`
        : `${count(r.built)} vectors (of ${count(r.size)}: what ${run.scale.options.hnswBuildLimitSeconds} s built)`;
      rows.push([
        `HNSW at ${size}`,
        `efSearch ${ef?.efSearch} (chosen by the build): recall@10 ${percent(ef?.recallAt10)}, p95 ${fixed(ef?.latency.p95, 2)} ms vs exact ${fixed(r.exact.mean, 1)} ms mean; built in ${fixed(r.buildSeconds, 0)} s, index ${fixed((r.indexRssMiB / r.built) * 1e6, 0)} MiB per million vectors`,
      ]);
    }
    const startup = run.scale.startup.filter((outcome) => outcome.ok).at(-1);
    if (startup?.ok) {
      const r = startup.result;
      rows.push([
        `Start-up on ${count(r.passages)} passages (lexical-only, \`npm run ask\` cold)`,
        `first answer ${fixed(firstAnswerMedianMs(r) / 1000, 1)} s (median of ${r.runs.length}), peak RSS ${fixed(servingPeakMiB(r), 0)} MiB; ` +
          `\`npm run build\` after ${r.rebuilds.map((rebuild) => `${rebuild.change}: ${fixed(rebuild.seconds, 1)} s`).join(', after ')}`,
      ]);
    }
    for (const variant of ['before', 'segments'] as const) {
      const largest = run.scale.lexical.filter((entry) => entry.variant === variant && entry.outcome.ok).at(-1)?.outcome;
      if (!largest?.ok) continue;
      const r = largest.result;
      rows.push([
        `BM25F at ${count(r.built)} passages, ${variant === 'before' ? 'index before issue 14' : 'segmented index'}`,
        `p50 ${fixed(r.latency.p50, 1)} ms, p95 ${fixed(r.latency.p95, 1)} ms; built in ${fixed(r.buildSeconds, 0)} s, opened in ${fixed(r.openSeconds ?? undefined, 1)} s`,
      ]);
    }
  }
  const total = run.seconds.reduce((sum, [, seconds]) => sum + seconds, 0);
  return [
    '## Summary',
    '',
    provenance,
    run.assembledFrom
      ? `- Assembled from the last run of each benchmark: ${run.assembledFrom.join('; ')}`
      : `- Total run time: ${fixed(total / 60, 1)} min (${run.seconds.map(([name, seconds]) => `${name} ${fixed(seconds, 0)} s`).join(', ')})`,
    '',
    table(['What', 'Figure'], rows),
    '',
    'Details and method: [quality](#quality-retrieval-on-piaf-v11-alone-and-among-french-man-pages-on-the-service-public-development-set-and-on-english-man-pages), ' +
      '[ablation](#ablation-what-each-retrieval-change-pays), [lexical speed targets](#speed-issue-10-targets-lexical-only), ' +
      '[no-answer threshold](#the-no-good-answer-threshold), [speed](#speed-build-query-latency-cold-start), ' +
      '[HNSW at scale](#scale-hnsw-against-exact-search-as-the-corpus-grows-efsearch-chosen-by-the-build), [lexical at scale](#scale-lexical-search-as-the-corpus-grows), ' +
      '[start-up at scale](#scale-start-up-of-the-product-on-a-large-index).',
  ].join('\n');
}
