import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VectorStore } from '../../src/index/vector-store.ts';
import { secondsSince, summarize, timeEach, type LatencySummary } from '../lib/stats.ts';
import { clusteredVectors, row } from '../lib/vectors.ts';

/** One corpus change applied to the written graph the way the product's build does it (src/index/vector-update.ts). */
export interface HnswUpdateStep {
  label: string;
  deleted: number;
  added: number;
  readSeconds: number;
  /** markDelete and addPoint. */
  changeSeconds: number;
  writeSeconds: number;
  totalSeconds: number;
  /** Deleted labels returned by any of the searches after the update (must be 0). */
  deletedReturned: number;
  /** Searches at the build's efSearch on the updated graph, median of three passes per query. */
  latency: LatencySummary;
}

export interface HnswUpdateResult {
  fileMiB: number;
  firstWriteSeconds: number;
  steps: HnswUpdateStep[];
}

interface Graph {
  writeIndexSync(path: string): void;
}

const PASSAGES_PER_FILE = 10;

/**
 * Writes the graph, then, as a build after a corpus change does: opens the written graph for an update
 * (`VectorStore.readForUpdate`), marks the changed file's points deleted, adds the new points under new
 * labels and writes it again. First one file of 10 passages changed, then 100 files added on top.
 */
export function measureHnswUpdates(
  graph: Graph,
  options: { built: number; dimension: number; seed: number; clusters: number; efSearch: number; queries: Float32Array[] },
): HnswUpdateResult {
  const dir = mkdtempSync(join(tmpdir(), 'citebot-bench-hnsw-update-'));
  try {
    const first = join(dir, 'vectors-0.hnsw');
    const writeStart = performance.now();
    graph.writeIndexSync(first);
    const firstWriteSeconds = secondsSince(writeStart);
    const fileMiB = statSync(first).size / 2 ** 20;
    const plan = [
      { label: 'change 1 file', deleted: PASSAGES_PER_FILE, added: PASSAGES_PER_FILE },
      { label: 'then add 100 files', deleted: 0, added: 100 * PASSAGES_PER_FILE },
    ];
    const steps: HnswUpdateStep[] = [];
    let path = first;
    let nextLabel = options.built;
    const deletedLabels: number[] = [];
    plan.forEach((step, stepIndex) => {
      const fresh = clusteredVectors({ count: step.added, dimension: options.dimension, seed: options.seed + 10 + stepIndex, clusters: options.clusters });
      const started = performance.now();
      const store = VectorStore.readForUpdate(path, options.dimension, step.added, options.efSearch);
      const readSeconds = secondsSince(started);
      const changeStart = performance.now();
      for (let label = 0; label < step.deleted; label++) {
        store.remove(deletedLabels.length);
        deletedLabels.push(deletedLabels.length);
      }
      for (let i = 0; i < step.added; i++) store.add(row(fresh, i), nextLabel++);
      const changeSeconds = secondsSince(changeStart);
      const writeStart = performance.now();
      path = join(dir, `vectors-${stepIndex + 1}.hnsw`);
      store.write(path);
      const writeSeconds = secondsSince(writeStart);
      const totalSeconds = secondsSince(started);
      const deleted = new Set(deletedLabels);
      let deletedReturned = 0;
      const passes = [0, 1, 2].map(() =>
        timeEach(options.queries, (query) => {
          for (const label of store.searchLabels(query, 10, options.efSearch)) if (deleted.has(label)) deletedReturned++;
        }),
      );
      const medians = options.queries.map((_, i) => passes.map((pass) => pass[i]!).sort((a, b) => a - b)[1]!);
      steps.push({ label: step.label, deleted: step.deleted, added: step.added, readSeconds, changeSeconds, writeSeconds, totalSeconds, deletedReturned, latency: summarize(medians) });
    });
    return { fileMiB, firstWriteSeconds, steps };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
