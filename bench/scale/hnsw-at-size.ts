import { createRequire } from 'node:module';
import type { HierarchicalNSW as HierarchicalNSWType } from 'hnswlib-node';
import { peakRssMiB, rssMiB } from '../lib/memory.ts';
import { secondsSince, summarize, timeEach, type LatencySummary } from '../lib/stats.ts';
import { chooseEfSearch, heldOutLabels } from '../../src/index/ef-search.ts';
import { clusteredVectors, copyInto, exactTopK, recallAtK, row } from '../lib/vectors.ts';
import { measureHnswUpdates, type HnswUpdateResult } from './hnsw-update.ts';

const require = createRequire(import.meta.url);
const { HierarchicalNSW } = require('hnswlib-node') as { HierarchicalNSW: typeof HierarchicalNSWType };

export interface HnswScaleOptions {
  size: number;
  dimension: number;
  queries: number;
  efSearch: number[];
  m: number;
  efConstruction: number;
  seed: number;
  k?: number;
  /** Stop adding points after this long and report the size as not built. */
  buildLimitSeconds?: number;
  /** Also write the graph and update it in place as a build after a corpus change does (hnsw-update.ts). */
  measureUpdates?: boolean;
}

export interface HnswScaleResult {
  size: number;
  dimension: number;
  queries: number;
  m: number;
  efConstruction: number;
  generateSeconds: number;
  /** False when the build passed buildLimitSeconds; `built` points were added by then, and the searches ran on those. */
  buildCompleted: boolean;
  built: number;
  buildSeconds: number;
  /** Resident memory the index added (rss after the build minus rss before, vectors already in memory). */
  indexRssMiB: number;
  /** Peak resident memory of the whole measuring process, vectors and exact search included. */
  peakRssMiB: number;
  exact: LatencySummary;
  /** The product's build-time choice (src/index/ef-search.ts) on this index, and what it cost. */
  chosen: { efSearch: number; sampleRecall: number; sampleQueries: number; seconds: number };
  /** Every efSearch of the sweep and the chosen one, on the held-out queries. */
  hnsw: { efSearch: number; latency: LatencySummary; recallAt10: number }[];
  /** In-place updates of the written graph; null when not measured. */
  updates: HnswUpdateResult | null;
}

/** hnswlib's bytes per stored vector (level 0: links, vector, label; upper levels add about 1/M of the links). */
export function hnswBytesPerVector(dimension: number, m: number): number {
  const level0 = 4 + 2 * m * 4 + dimension * 4 + 8;
  const upper = (4 + m * 4) / m;
  return level0 + upper;
}

export async function measureHnswAtSize(options: HnswScaleOptions): Promise<HnswScaleResult> {
  const k = options.k ?? 10;
  const generateStart = performance.now();
  const clusters = Math.max(1, Math.ceil(options.size / 500));
  const vectors = clusteredVectors({ count: options.size, dimension: options.dimension, seed: options.seed, clusters });
  const queries = clusteredVectors({ count: options.queries, dimension: options.dimension, seed: options.seed + 1, clusters });
  const generateSeconds = secondsSince(generateStart);

  const queryRows = Array.from({ length: queries.count }, (_, index) => row(queries, index));
  const rssBefore = rssMiB();
  const buildStart = performance.now();
  const index = new HierarchicalNSW('cosine', options.dimension);
  index.initIndex({ maxElements: options.size, m: options.m, efConstruction: options.efConstruction, randomSeed: options.seed });
  const point = new Array<number>(options.dimension);
  const limit = options.buildLimitSeconds ?? Infinity;
  // As the product's build does: a sample held out of the graph until efSearch is measured (ef-search.ts).
  const heldOut = heldOutLabels(vectors.count);
  const isHeldOut = new Uint8Array(vectors.count);
  for (const label of heldOut) isHeldOut[label] = 1;
  let built = 0;
  for (; built < vectors.count; built++) {
    if (!isHeldOut[built]) index.addPoint(copyInto(point, row(vectors, built)), built);
    if (built % 1000 === 999 && secondsSince(buildStart) > limit) {
      built++;
      break;
    }
  }
  const choiceLabels = heldOut.filter((label) => label < built);
  const chooseStart = performance.now();
  const searchPoint = new Array<number>(options.dimension);
  const choice = chooseEfSearch(
    {
      count: built,
      vector: (label) => row(vectors, label),
      search: (query, count, efSearch) => {
        index.setEf(efSearch);
        return index.searchKnn(copyInto(searchPoint, query), count).neighbors;
      },
    },
    choiceLabels,
  );
  const chosen = { efSearch: choice.efSearch, sampleRecall: choice.recall, sampleQueries: choice.queries, seconds: secondsSince(chooseStart) };
  for (const label of choiceLabels) index.addPoint(copyInto(point, row(vectors, label)), label);
  const buildSeconds = secondsSince(buildStart) - chosen.seconds;
  const indexRss = rssMiB() - rssBefore;
  const buildCompleted = built === vectors.count;

  // Exact answers over what was built: a build stopped by the time limit is measured at the size it reached.
  const indexed = { ...vectors, count: built, data: vectors.data.subarray(0, built * options.dimension) };
  const exactAnswers: number[][] = [];
  const exactTimes = timeEach(queryRows, (query) => exactAnswers.push(exactTopK(indexed, query, k)));

  const queryArrays = queryRows.map((query) => copyInto(new Array<number>(options.dimension), query));
  const sweep = [...new Set([...options.efSearch, chosen.efSearch])].sort((a, b) => a - b);
  const hnsw = sweep.map((efSearch) => {
    index.setEf(Math.max(efSearch, k));
    for (const query of queryArrays.slice(0, 20)) index.searchKnn(query, k);
    const found: number[][] = [];
    const times = timeEach(queryArrays, (query) => found.push(index.searchKnn(query, k).neighbors));
    // Two more passes; each query keeps its median time, so that a pause of the process (other work on
    // a shared machine) does not pass for the cost of a search.
    const passes = [times, ...[1, 2].map(() => timeEach(queryArrays, (query) => index.searchKnn(query, k)))];
    const medians = queryArrays.map((_, i) => passes.map((pass) => pass[i]!).sort((a, b) => a - b)[1]!);
    const recall = found.reduce((sum, neighbors, i) => sum + recallAtK(exactAnswers[i] ?? [], neighbors), 0) / found.length;
    return { efSearch, latency: summarize(medians), recallAt10: recall };
  });

  const updates = options.measureUpdates
    ? await measureHnswUpdates(index, { built, dimension: options.dimension, seed: options.seed, clusters, efSearch: chosen.efSearch, queries: queryRows })
    : null;

  return {
    size: options.size,
    dimension: options.dimension,
    queries: options.queries,
    m: options.m,
    efConstruction: options.efConstruction,
    generateSeconds,
    buildCompleted,
    built,
    buildSeconds,
    indexRssMiB: indexRss,
    peakRssMiB: peakRssMiB(),
    exact: summarize(exactTimes),
    chosen,
    hnsw,
    updates,
  };
}
