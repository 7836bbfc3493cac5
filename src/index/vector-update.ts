import { existsSync } from 'node:fs';
import { copyFile, link, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Embedder } from '../embed/types.ts';
import type { Logger } from '../log.ts';
import { chunkCount, type ChunkRun } from './chunk-runs.ts';
import { buildFiles } from './layout.ts';
import { madeBy } from './manifest.ts';
import type { PreviousBuild } from './previous-build.ts';
import { chooseEfSearch, heldOutLabels } from './ef-search.ts';
import { addedCount, deltaSize, emptyDelta, graphPointCount, readVectorDelta, withChanges, writeVectorDelta, type VectorDelta } from './vector-delta.ts';
import { VectorStore, type HnswParameters } from './vector-store.ts';

/** Past this share of deleted points the graph is built anew (deleted points still cost memory and search time). */
const MAX_DELETED_SHARE = 0.25;

export interface VectorIndexUpdate {
  /** 'built': a new graph; 'updated': the previous graph with changed files' points deleted and new points added. */
  kind: 'built' | 'updated';
  /** Points marked deleted in the written graph. */
  deleted: number;
  /** The efSearch queries will use: measured when the graph is built, the previous build's when it is updated. */
  efSearch: number;
  /** Recall@10 of the build's held-out sample at that efSearch; null when HNSW_EF_SEARCH chose it. */
  sampleRecall: number | null;
}

/**
 * A new HNSW graph and the efSearch queries will use: the configured one, else the smallest that finds
 * 99 % of the exact top 10 for a sample of vectors held out of the graph until then (ef-search.ts).
 */
export function buildVectorStore(vectors: Float32Array[], dimension: number, hnsw: HnswParameters, log?: Pick<Logger, 'info'>) {
  if (hnsw.efSearch !== undefined) return { store: VectorStore.build(vectors, dimension, hnsw), efSearch: hnsw.efSearch, sampleRecall: null };
  const heldOut = heldOutLabels(vectors.length);
  const store = VectorStore.build(vectors, dimension, hnsw, heldOut);
  const started = performance.now();
  const choice = chooseEfSearch(
    { count: vectors.length, vector: (label) => vectors[label]!, search: (query, k, ef) => store.searchLabels(query, k, ef) },
    heldOut,
  );
  for (const label of heldOut) store.add(vectors[label]!, label);
  store.efSearch = choice.efSearch;
  log?.info({ efSearch: choice.efSearch, sampleRecall: choice.recall, queries: choice.queries, ms: Math.round(performance.now() - started) }, 'efSearch measured');
  return { store, efSearch: choice.efSearch, sampleRecall: choice.recall };
}

export interface VectorIndexInput {
  /** The new build's chunks: carried over from the previous build (keeping their points) or new (with their vectors). */
  runs: readonly ChunkRun[];
  /** Every vector of the new build, in chunk order: read when the graph is built anew. */
  allVectors: () => Promise<Float32Array[]>;
  /** The new build's folder. */
  dir: string;
  previous: PreviousBuild | null;
  embedder: Embedder;
  hnsw: HnswParameters;
  log: Logger;
}

/** HNSW label of each chunk of a build (its position when the graph was built at once). */
export async function readVectorLabels(buildDir: string, chunkCount: number): Promise<Uint32Array> {
  const path = join(buildDir, buildFiles.vectorLabels);
  if (!existsSync(path)) return Uint32Array.from({ length: chunkCount }, (_, index) => index);
  const bytes = await readFile(path);
  if (bytes.byteLength !== chunkCount * 4) throw new Error('vector labels do not match the chunk store');
  const labels = new Uint32Array(chunkCount);
  new Uint8Array(labels.buffer).set(bytes);
  return labels;
}

/** Chunk position of each label (−1 for deleted labels), for VectorStore.setPositions. */
export function positionsOfLabels(labels: Uint32Array, graphSize: number): Int32Array {
  const positions = new Int32Array(graphSize).fill(-1);
  labels.forEach((label, position) => {
    if (label >= graphSize) throw new Error('a vector label is outside the graph');
    positions[label] = position;
  });
  return positions;
}

/** Past this many points to replay (added plus deleted), opening the graph would take too long: it is written whole again. */
export const MAX_DELTA_POINTS = 2_000;

/**
 * The updated graph of a new build: the previous graph file linked (not copied) with the changes since
 * it was written beside it, or, once those are many, the graph with the changes applied written whole.
 */
export async function writeUpdatedGraph(
  previousGraph: string,
  delta: VectorDelta,
  target: { dir: string; dimension: number; efSearch: number; maxDeltaPoints?: number },
): Promise<'delta' | 'rewritten'> {
  const graph = join(target.dir, buildFiles.vectors);
  if (deltaSize(delta, target.dimension) <= (target.maxDeltaPoints ?? MAX_DELTA_POINTS)) {
    await link(previousGraph, graph).catch(() => copyFile(previousGraph, graph));
    await writeVectorDelta(join(target.dir, buildFiles.vectorDelta), delta, target.dimension);
    return 'delta';
  }
  (await VectorStore.read(previousGraph, target.dimension, target.efSearch, delta)).write(graph);
  await rm(join(target.dir, buildFiles.vectorDelta), { force: true });
  return 'rewritten';
}

/**
 * Writes the HNSW graph of the new build: the previous build's graph updated (hnswlib's markDelete
 * for the points of changed and removed files, addPoint for those of changed and added files, under
 * new labels; kept as a delta beside the linked graph file until it grows, see writeUpdatedGraph),
 * or a new graph when there is nothing to update from, the model or the graph's parameters differ,
 * or too many points would be deleted.
 */
export async function writeVectorIndex(input: VectorIndexInput): Promise<VectorIndexUpdate> {
  const { runs, dir, previous, embedder, hnsw } = input;
  const buildAnew = async (): Promise<VectorIndexUpdate> => {
    await rm(join(dir, buildFiles.vectorLabels), { force: true });
    await rm(join(dir, buildFiles.vectorDelta), { force: true });
    const built = buildVectorStore(await input.allVectors(), embedder.dimension, hnsw, input.log);
    built.store.write(join(dir, buildFiles.vectors));
    return { kind: 'built', deleted: 0, efSearch: built.efSearch, sampleRecall: built.sampleRecall };
  };
  const before = previous?.manifest;
  if (
    !previous ||
    !before?.hnsw ||
    !madeBy(before.model, embedder) ||
    before.hnsw.M !== hnsw.M ||
    before.hnsw.efConstruction !== hnsw.efConstruction
  ) {
    return buildAnew();
  }
  try {
    const oldCount = before.counts.chunks;
    const oldLabels = await readVectorLabels(previous.dir, oldCount);
    // Chunks carried over keep their points; the points of every other chunk of the previous build go.
    const carried = new Uint8Array(oldCount);
    for (const run of runs) {
      if (run.kind !== 'carried') continue;
      if (run.end > oldCount) throw new Error('carried chunks lie outside the previous build');
      carried.fill(1, run.start, run.end);
    }
    const removed: number[] = [];
    oldLabels.forEach((label, position) => {
      if (carried[position] === 0) removed.push(label);
    });
    const added: Float32Array[] = [];
    for (const run of runs) {
      if (run.kind !== 'fresh') continue;
      if (!run.vectors) throw new Error('new chunks without their vectors');
      // One at a time: a spread of many vectors would overflow the stack.
      for (const vector of run.vectors) added.push(vector);
    }
    // A few changed files do not move the graph's recall: the efSearch measured when it was built stays.
    const efSearch = hnsw.efSearch ?? before.hnsw.efSearch;
    const previousGraph = join(previous.dir, buildFiles.vectors);
    const previousDelta =
      (await readVectorDelta(join(previous.dir, buildFiles.vectorDelta), embedder.dimension)) ?? emptyDelta(await graphPointCount(previousGraph));
    const graphSize = previousDelta.basePoints + addedCount(previousDelta, embedder.dimension);
    const deleted = (before.hnsw.deleted ?? 0) + removed.length;
    if (deleted > MAX_DELETED_SHARE * (graphSize + added.length)) return buildAnew();
    // New points get the labels that follow the graph's, in order: the delta's order.
    const labels = new Uint32Array(chunkCount(runs));
    let position = 0;
    let next = graphSize;
    for (const run of runs) {
      if (run.kind === 'carried') {
        labels.set(oldLabels.subarray(run.start, run.end), position);
        position += run.end - run.start;
      } else for (let index = 0; index < run.chunks.length; index++) labels[position++] = next++;
    }
    const delta = withChanges(previousDelta, embedder.dimension, removed, added);
    await writeUpdatedGraph(previousGraph, delta, { dir, dimension: embedder.dimension, efSearch });
    await writeFile(join(dir, buildFiles.vectorLabels), new Uint8Array(labels.buffer));
    return { kind: 'updated', deleted, efSearch, sampleRecall: hnsw.efSearch === undefined ? before.hnsw.sampleRecall : null };
  } catch (error) {
    input.log.warn({ error: (error as Error).message }, 'the previous vector index cannot be updated; building it anew');
    return buildAnew();
  }
}
