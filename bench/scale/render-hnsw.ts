import { count, fixed, percent, table } from '../lib/markdown.ts';
import { MAX_DELTA_POINTS } from '../../src/index/vector-update.ts';
import { hnswBytesPerVector, type HnswScaleResult } from './hnsw-at-size.ts';
import type { Outcome, ScaleResults } from './run.ts';

/** Issue 14's bar at every size up to 1,000,000 vectors. */
export const HNSW_TARGETS = { recallAt10: 0.98, p95Ms: 2, updateSeconds: 10 };

/** "100,000", or "919,000 of 1,000,000 (stopped at 1800 s)" for a build the time limit cut short. */
export function sizeLabel(result: { size: number; built: number; buildCompleted: boolean; buildSeconds: number }): string {
  return result.buildCompleted ? count(result.size) : `${count(result.built)} of ${count(result.size)} (stopped at ${fixed(result.buildSeconds, 0)} s)`;
}

const ok = (outcomes: Outcome<HnswScaleResult>[]) => outcomes.flatMap((outcome) => (outcome.ok ? [outcome.result] : []));
const atChosen = (r: HnswScaleResult) => r.hnsw.find((entry) => entry.efSearch === r.chosen.efSearch);
const perMillionMiB = (r: HnswScaleResult) => (r.indexRssMiB / r.built) * 1_000_000;

export function renderScaleHnsw(results: ScaleResults, provenance: string): string {
  const { options } = results;
  const parts: string[] = ['## Scale: HNSW against exact search as the corpus grows, efSearch chosen by the build', '', provenance, ''];
  parts.push(
    `Vectors: ${options.dimension}-dimensional unit vectors in clusters (one seeded random centre per 500 vectors, ` +
      `Gaussian noise of length 0.75 around it: cosine ≈ 0.8 to the centre), seed ${options.seed}. ` +
      `${options.queries} held-out query vectors drawn the same way (not in the index). Exact top-10 by a brute-force ` +
      `dot-product loop over a Float32Array (the limit HNSW approximates). HNSW: hnswlib-node \`HierarchicalNSW('cosine', ${options.dimension})\`, ` +
      `M ${options.m}, efConstruction ${options.efConstruction} (the product builds with 200, a better graph: these recalls are a floor), ` +
      `one \`addPoint\` per vector, single thread. Each size runs in its own process; "index memory" is the resident memory the ` +
      `build added, "peak" the process's high-water mark (vectors, exact search and index together). A build that passes ` +
      `${options.hnswBuildLimitSeconds} s is stopped there and measured at the size it reached.`,
    '',
    `**efSearch is chosen by the build** (\`src/index/ef-search.ts\`, run here on each index as \`buildIndex\` runs it): ` +
      `100 of the index's vectors are held out of the graph while it is built, then searched for at efSearch 32, 48, 64, 96, 128, 192, 256, 384, 512 ` +
      `until their recall@10 against exact search (over the vectors in the graph) reaches 0.99, a margin over the 0.98 goal; then they are added. ` +
      `The ${options.queries} held-out query vectors, never in the index, then measure that choice. Latency: each query is timed in three passes ` +
      `and keeps its median (after 20 warm-up searches), so that a pause of the process by other work on this shared machine does not count as search time.`,
    '',
  );

  const hnsw = ok(results.hnsw);
  const failed = results.hnsw.flatMap((outcome) => (outcome.ok ? [] : [`${count(outcome.size)}: failed: ${outcome.error}`]));
  parts.push(
    '### The chosen efSearch: recall@10 and latency on held-out queries',
    '',
    table(
      ['Vectors', 'Chosen efSearch', 'Sample recall@10', 'Time to choose (s)', 'Recall@10', 'p50 (ms)', 'p95 (ms)', `Recall ≥ ${percent(HNSW_TARGETS.recallAt10, 0)} and p95 ≤ ${HNSW_TARGETS.p95Ms} ms`],
      hnsw.map((r) => {
        const chosen = atChosen(r);
        const met = chosen !== undefined && chosen.recallAt10 >= HNSW_TARGETS.recallAt10 && chosen.latency.p95 <= HNSW_TARGETS.p95Ms;
        return [
          sizeLabel(r),
          r.chosen.efSearch,
          `${percent(r.chosen.sampleRecall, 1)} (${r.chosen.sampleQueries} vectors)`,
          fixed(r.chosen.seconds, 1),
          percent(chosen?.recallAt10, 1),
          fixed(chosen?.latency.p50, 3),
          fixed(chosen?.latency.p95, 3),
          met ? '✓' : '✗',
        ];
      }),
    ),
    ...(failed.length > 0 ? ['', ...failed] : []),
    '',
  );

  parts.push(
    '### HNSW build, memory and exact search',
    '',
    table(
      ['Vectors', 'Build (s)', 'Vectors/s', 'Index memory (MiB)', 'Per 1,000,000 vectors (MiB)', 'Peak RSS (MiB)', 'Exact search ms (mean / p50 / p95)'],
      hnsw.map((r) => [
        sizeLabel(r),
        fixed(r.buildSeconds, 1),
        count(Math.round(r.built / r.buildSeconds)),
        fixed(r.indexRssMiB, 0),
        fixed(perMillionMiB(r), 0),
        fixed(r.peakRssMiB, 0),
        `${fixed(r.exact.mean, 2)} / ${fixed(r.exact.p50, 2)} / ${fixed(r.exact.p95, 2)}`,
      ]),
    ),
    '',
  );

  const updated = hnsw.filter((r) => r.updates !== null);
  if (updated.length > 0) {
    parts.push(
      '### Updating the graph after a corpus change',
      '',
      'What a build after a corpus change does to the HNSW graph (`writeUpdatedGraph` in `src/index/vector-update.ts`, called here on the ' +
        'written graph): the changed file\'s points are to be marked deleted (hnswlib `markDelete`) and the new points added under new labels ' +
        '(`addPoint`). Reading and writing a graph of a million vectors takes seconds each way, so the new build links the previous graph file ' +
        `and writes the changes beside it (\`vectors-delta.bin\`); a server opening it reads the graph and replays them. Past ${count(MAX_DELTA_POINTS)} ` +
        'points to replay, the build writes the graph whole again (read, replay, write) and the delta starts empty. "Change 1 file": 10 points deleted ' +
        'and 10 added; "then add 100 files": 1,000 more; "then add 200 more files": 2,000 more, past the limit. Embedding the new passages is not ' +
        `counted (see Speed for its rate). After each update the ${options.queries} held-out queries search the opened graph at the build's efSearch: no deleted point may come back.`,
      '',
      table(
        ['Vectors', 'Graph file (MiB)', 'Step', 'Written as', 'Update (s)', 'Open after (s)', 'Update + open (s)', 'Deleted points returned', 'p95 after (ms)', `Update + open ≤ ${HNSW_TARGETS.updateSeconds} s`],
        updated.flatMap((r) =>
          r.updates!.steps.map((step) => [
            sizeLabel(r),
            fixed(r.updates!.fileMiB, 0),
            step.label,
            step.kind === 'delta' ? 'delta beside the linked graph' : 'graph written whole',
            fixed(step.updateSeconds, 2),
            fixed(step.openSeconds, 2),
            fixed(step.updateSeconds + step.openSeconds, 2),
            step.deletedReturned,
            fixed(step.latency.p95, 3),
            step.updateSeconds + step.openSeconds <= HNSW_TARGETS.updateSeconds && step.deletedReturned === 0 ? '✓' : '✗',
          ]),
        ),
      ),
      '',
      `The ${HNSW_TARGETS.updateSeconds} s column applies issue 14's one-file target to every step. A one-file change is written as a delta ` +
        `until the changes since the graph was last written whole pass ${count(MAX_DELTA_POINTS)} points (about every ${count(MAX_DELTA_POINTS / 20)} ` +
        'one-file changes of 10 passages); the build that passes that limit takes what the "graph written whole" row takes, whatever its own change.',
      '',
    );
  }

  const sweepRows: (string | number)[][] = [];
  for (const r of hnsw) {
    for (const ef of r.hnsw) {
      sweepRows.push([
        count(r.built),
        ef.efSearch === r.chosen.efSearch ? `**${ef.efSearch}** (chosen)` : ef.efSearch,
        fixed(ef.latency.mean, 3),
        fixed(ef.latency.p50, 3),
        fixed(ef.latency.p95, 3),
        percent(ef.recallAt10, 1),
        `${fixed(r.exact.mean / ef.latency.mean, 0)}×`,
      ]);
    }
  }
  parts.push(
    '### Every efSearch: latency and recall@10 against exact search',
    '',
    'Speed-up is exact mean time over HNSW mean time, both measured in the same process.',
    '',
    table(['Vectors', 'efSearch', 'Mean (ms)', 'p50 (ms)', 'p95 (ms)', 'Recall@10', 'Speed-up vs exact'], sweepRows),
    '',
  );

  const m = options.m;
  const bytes = hnswBytesPerVector(options.dimension, m);
  const vectorBytes = options.dimension * 4;
  const memoryText =
    `**Memory per 1,000,000 vectors.** hnswlib keeps, per vector, its ${vectorBytes} bytes of float32 and ${2 * m} level-0 links ` +
    `(M ${m}): ${fixed(bytes, 0)} bytes, ${fixed((bytes * 1e6) / 2 ** 20, 0)} MiB per million by its layout (the measured resident memory is in the table above). ` +
    `The vectors are ${percent(vectorBytes / bytes, 0)} of it, so a smaller M saves little (M ${options.lowMemory?.m ?? 8}: ` +
    `${fixed(hnswBytesPerVector(options.dimension, options.lowMemory?.m ?? 8), 0)} bytes) and needs a larger efSearch for the same recall (below). ` +
    `hnswlib-node stores float32 only, so float16 cannot shrink the graph itself. citebot keeps no second copy of the vectors in ` +
    `memory: the answer's cosine relevance reads each candidate's vector from \`embeddings.f32\` when it needs it (${vectorBytes} bytes a vector, ` +
    `${fixed((vectorBytes * 1e6) / 2 ** 20, 0)} MiB per million on disk).`;
  parts.push('### Lowering the memory', '', memoryText, '');
  const low = ok(results.hnswLowMemory);
  if (low.length > 0 && options.lowMemory) {
    const rows = low.flatMap((r) => {
      const base = hnsw.find((entry) => entry.size === r.size);
      return [base, r].flatMap((entry) => {
        if (!entry) return [];
        const chosen = atChosen(entry);
        return [[sizeLabel(entry), entry.m, fixed(entry.indexRssMiB, 0), fixed(perMillionMiB(entry), 0), fixed(entry.buildSeconds, 1), entry.chosen.efSearch, percent(chosen?.recallAt10, 1), fixed(chosen?.latency.p95, 3)]];
      });
    });
    parts.push(
      `M ${options.lowMemory.m} beside M ${m}, same vectors and queries, up to ${count(options.lowMemory.maxSize)} vectors:`,
      '',
      table(['Vectors', 'M', 'Index memory (MiB)', 'Per 1,000,000 vectors (MiB)', 'Build (s)', 'Chosen efSearch', 'Recall@10', 'p95 (ms)'], rows),
    );
  }
  return parts.join('\n');
}
