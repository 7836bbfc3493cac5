import { count, fixed, percent, table } from '../lib/markdown.ts';
import { renderLexicalScale } from './render-lexical.ts';
import type { ScaleResults } from './run.ts';

/** "100,000", or "919,000 of 1,000,000 (stopped at 600 s)" for a build the time limit cut short. */
function sizeLabel(result: { size: number; built: number; buildCompleted: boolean; buildSeconds: number }): string {
  return result.buildCompleted ? count(result.size) : `${count(result.built)} of ${count(result.size)} (stopped at ${fixed(result.buildSeconds, 0)} s)`;
}

export function renderScale(results: ScaleResults, provenance: string): string {
  const { options } = results;
  const parts: string[] = ['## Scale: HNSW against exact search, and lexical search, as the corpus grows', '', provenance, ''];

  parts.push(
    `Vectors: ${options.dimension}-dimensional unit vectors in clusters (one seeded random centre per 500 vectors, ` +
      `Gaussian noise of length 0.75 around it: cosine ≈ 0.8 to the centre), seed ${options.seed}. ` +
      `${options.queries} query vectors drawn the same way (not in the index). Exact top-10 by a brute-force ` +
      `dot-product loop over a Float32Array (the limit HNSW approximates). HNSW: hnswlib-node \`HierarchicalNSW('cosine', ${options.dimension})\`, ` +
      `M ${options.m}, efConstruction ${options.efConstruction}, one \`addPoint\` per vector, single thread. ` +
      `Each size runs in its own process; "index memory" is the resident memory the build added, "peak" the ` +
      `process's high-water mark (vectors, exact search and index together). A size whose build passes ` +
      `${options.buildLimitSeconds} s (HNSW, or the lexical index before issue 14) is stopped there and measured at the size it reached: the largest size ` +
      `that builds in that time here.` +
      (options.parallel && options.isolate
        ? ' To keep `npm run bench` within its budget, the HNSW process of a size runs at the same time as its lexical processes, one per core.'
        : ''),
    '',
  );

  const buildRows = results.hnsw.map((outcome) => {
    if (!outcome.ok) return [count(outcome.size), `failed: ${outcome.error}`, '—', '—', '—', '—'];
    const r = outcome.result;
    return [
      sizeLabel(r),
      fixed(r.buildSeconds, 1),
      count(Math.round(r.built / r.buildSeconds)),
      fixed(r.indexRssMiB, 0),
      fixed(r.peakRssMiB, 0),
      `${fixed(r.exact.mean, 2)} / ${fixed(r.exact.p50, 2)} / ${fixed(r.exact.p95, 2)}`,
    ];
  });
  parts.push(
    '### HNSW build and exact search',
    '',
    table(
      ['Vectors', 'Build (s)', 'Vectors/s', 'Index memory (MiB)', 'Peak RSS (MiB)', 'Exact search ms (mean / p50 / p95)'],
      buildRows,
    ),
    '',
  );

  const searchRows: (string | number)[][] = [];
  for (const outcome of results.hnsw) {
    if (!outcome.ok) continue;
    const r = outcome.result;
    for (const ef of r.hnsw) {
      searchRows.push([
        count(r.built),
        ef.efSearch,
        fixed(ef.latency.mean, 3),
        fixed(ef.latency.p50, 3),
        fixed(ef.latency.p95, 3),
        percent(ef.recallAt10, 1),
        `${fixed(r.exact.mean / ef.latency.mean, 0)}×`,
      ]);
    }
  }
  parts.push(
    '### HNSW search: latency and recall@10 against exact search',
    '',
    'Speed-up is exact mean time over HNSW mean time, both measured in the same process.',
    '',
    table(['Vectors', 'efSearch', 'Mean (ms)', 'p50 (ms)', 'p95 (ms)', 'Recall@10', 'Speed-up vs exact'], searchRows),
    '',
  );

  parts.push(renderLexicalScale(options, results.lexical));
  return parts.join('\n');
}
