import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFiles } from '../../src/index/layout.ts';
import { emptyDelta, readVectorDelta, withChanges, type VectorDelta } from '../../src/index/vector-delta.ts';
import { VectorStore } from '../../src/index/vector-store.ts';
import { writeUpdatedGraph } from '../../src/index/vector-update.ts';
import { secondsSince, summarize, timeEach, type LatencySummary } from '../lib/stats.ts';
import { clusteredVectors, row } from '../lib/vectors.ts';

/** One corpus change applied to the written graph by the product's build (src/index/vector-update.ts). */
export interface HnswUpdateStep {
  label: string;
  deleted: number;
  added: number;
  /** 'delta': the previous graph file linked and the changes written beside it; 'rewritten': the graph written whole. */
  kind: 'delta' | 'rewritten';
  updateSeconds: number;
  /** Opening the updated graph as a server does (`VectorStore.read` with its delta). */
  openSeconds: number;
  /** Deleted labels returned by any of the searches after the update (must be 0). */
  deletedReturned: number;
  /** Searches at the build's efSearch on the opened graph, median of three passes per query. */
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
 * Writes the graph as a build does, then applies corpus changes with the product's `writeUpdatedGraph`
 * into a new build folder each time, and opens the result as a server does: one file of 10 passages
 * changed, then 100 files added, then 200 more (past the delta's size: the graph is written whole).
 */
export async function measureHnswUpdates(
  graph: Graph,
  options: { built: number; dimension: number; seed: number; clusters: number; efSearch: number; queries: Float32Array[] },
): Promise<HnswUpdateResult> {
  const root = mkdtempSync(join(tmpdir(), 'citebot-bench-hnsw-update-'));
  try {
    const buildDir = (step: number) => {
      const dir = join(root, `build-${step}`);
      mkdirSync(dir);
      return dir;
    };
    let dir = buildDir(0);
    const writeStart = performance.now();
    graph.writeIndexSync(join(dir, buildFiles.vectors));
    const firstWriteSeconds = secondsSince(writeStart);
    const fileMiB = statSync(join(dir, buildFiles.vectors)).size / 2 ** 20;
    const plan = [
      { label: 'change 1 file', deleted: PASSAGES_PER_FILE, added: PASSAGES_PER_FILE },
      { label: 'then add 100 files', deleted: 0, added: 100 * PASSAGES_PER_FILE },
      { label: 'then add 200 more files', deleted: 0, added: 200 * PASSAGES_PER_FILE },
    ];
    const steps: HnswUpdateStep[] = [];
    const deleted = new Set<number>();
    let delta: VectorDelta = emptyDelta(options.built);
    for (const [index, step] of plan.entries()) {
      const fresh = clusteredVectors({ count: step.added, dimension: options.dimension, seed: options.seed + 10 + index, clusters: options.clusters });
      const removed = Array.from({ length: step.deleted }, (_, i) => deleted.size + i);
      for (const label of removed) deleted.add(label);
      const previousGraph = join(dir, buildFiles.vectors);
      dir = buildDir(index + 1);
      const started = performance.now();
      delta = withChanges(delta, options.dimension, removed, Array.from({ length: step.added }, (_, i) => row(fresh, i)));
      const kind = await writeUpdatedGraph(previousGraph, delta, { dir, dimension: options.dimension, efSearch: options.efSearch });
      const updateSeconds = secondsSince(started);
      const openStart = performance.now();
      const written = await readVectorDelta(join(dir, buildFiles.vectorDelta), options.dimension);
      const store = await VectorStore.read(join(dir, buildFiles.vectors), options.dimension, options.efSearch, written);
      const openSeconds = secondsSince(openStart);
      if (kind === 'rewritten') delta = emptyDelta(store.size);
      let deletedReturned = 0;
      const passes = [0, 1, 2].map(() =>
        timeEach(options.queries, (query) => {
          for (const label of store.searchLabels(query, 10, options.efSearch)) if (deleted.has(label)) deletedReturned++;
        }),
      );
      const medians = options.queries.map((_, i) => passes.map((pass) => pass[i]!).sort((a, b) => a - b)[1]!);
      steps.push({ label: step.label, deleted: step.deleted, added: step.added, kind, updateSeconds, openSeconds, deletedReturned, latency: summarize(medians) });
    }
    return { fileMiB, firstWriteSeconds, steps };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
