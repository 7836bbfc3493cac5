// efSearch by measurement at build time. A sample of the vectors is held out: the graph is built
// from the others, the sample is searched at growing efSearch until its HNSW top-k holds the goal's
// share of its exact top-k, and only then are the sample's vectors added. A bigger index needs a
// bigger efSearch for the same recall (bench:scale: at 1,000,000 vectors, 64 finds 90 % of the true
// top 10); measuring the index itself follows its size and its data.
//
// Held out, not left out: a vector already in the graph is found at once and its links are its
// neighbours, so searching the graph for its own vectors overstates recall (at 10,000 vectors,
// 99.3 % against 94.7 % for queries not in the graph).

/** What the measurement needs from an index: its vectors (unit length) and an approximate search. */
export interface KnnSample {
  count: number;
  /** The vector of a label (0 … count − 1), unit length; the sample's labels are not in the graph yet. */
  vector(label: number): Float32Array;
  /** Labels of the approximate `k` nearest neighbours at this efSearch, best first. */
  search(query: Float32Array, k: number, efSearch: number): number[];
}

export interface EfSearchOptions {
  k: number;
  /** Sample size: vectors held out of the graph and used as queries (fewer when the index is small). */
  queries: number;
  /** The sample's recall@k the chosen efSearch must reach; above 0.98 to keep a margin for the sample's noise and for real queries. */
  goal: number;
  /** Tried in order; the first that reaches the goal is chosen, the last one when none does. */
  steps: readonly number[];
  seed: number;
}

/** Issue 14's bar is recall@10 ≥ 0.98; the sample must show 0.99. */
export const DEFAULT_EF_SEARCH_OPTIONS: EfSearchOptions = {
  k: 10,
  queries: 100,
  goal: 0.99,
  steps: [32, 48, 64, 96, 128, 192, 256, 384, 512],
  seed: 14,
};

export interface EfSearchChoice {
  efSearch: number;
  /** The sample's recall@k at the chosen efSearch. */
  recall: number;
  /** Sample queries used (0 when the index is too small to need any). */
  queries: number;
  /** Each efSearch tried, with the sample's recall@k. */
  tried: { efSearch: number; recall: number }[];
}

/**
 * The labels to hold out of the graph until efSearch is measured: distinct, spread by a seeded
 * generator (the same index gives the same sample), none when the index has k + 1 vectors or fewer
 * (every search returns them all), and at most a tenth of the index.
 */
export function heldOutLabels(count: number, options: EfSearchOptions = DEFAULT_EF_SEARCH_OPTIONS): number[] {
  if (count <= options.k + 1) return [];
  const size = Math.min(options.queries, Math.max(1, Math.floor(count / 10)));
  return sampleLabels(count, size, options.seed);
}

function sampleLabels(count: number, size: number, seed: number): number[] {
  let state = (seed * 2654435761) >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const chosen = new Set<number>();
  while (chosen.size < size) chosen.add(Math.floor(next() * count));
  return [...chosen].sort((a, b) => a - b);
}

/** Four running sums: about twice as fast as one on the exact pass over a large index. */
function dot(a: Float32Array, b: Float32Array): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const whole = a.length - (a.length % 4);
  let j = 0;
  for (; j < whole; j += 4) {
    s0 += a[j]! * b[j]!;
    s1 += a[j + 1]! * b[j + 1]!;
    s2 += a[j + 2]! * b[j + 2]!;
    s3 += a[j + 3]! * b[j + 3]!;
  }
  for (; j < a.length; j++) s0 += a[j]! * b[j]!;
  return s0 + s1 + s2 + s3;
}

/**
 * The similarity of each query's k-th exact neighbour among the vectors in the graph, in one pass:
 * each vector is read once and compared with every query.
 */
function exactKthSimilarity(index: KnnSample, queries: number[], k: number): Float64Array {
  const vectors = queries.map((label) => index.vector(label));
  const heldOut = new Uint8Array(index.count);
  for (const label of queries) heldOut[label] = 1;
  const best = queries.map(() => new Float64Array(k).fill(-Infinity));
  for (let label = 0; label < index.count; label++) {
    if (heldOut[label]) continue;
    const stored = index.vector(label);
    for (let q = 0; q < queries.length; q++) {
      const top = best[q]!;
      const similarity = dot(vectors[q]!, stored);
      if (similarity <= top[k - 1]!) continue;
      let slot = k - 1;
      while (slot > 0 && similarity > top[slot - 1]!) {
        top[slot] = top[slot - 1]!;
        slot--;
      }
      top[slot] = similarity;
    }
  }
  return Float64Array.from(best, (top) => top[k - 1]!);
}

/**
 * The smallest efSearch of `steps` at which the held-out queries' recall@k reaches the goal. `queries`
 * are labels whose vectors are not in the graph yet (heldOutLabels). A found neighbour counts when it
 * is as similar as the k-th exact one (ties and duplicate passages are not misses).
 */
export function chooseEfSearch(index: KnnSample, queries: number[], options: EfSearchOptions = DEFAULT_EF_SEARCH_OPTIONS): EfSearchChoice {
  const { k, steps } = options;
  if (queries.length === 0) return { efSearch: steps[0]!, recall: 1, queries: 0, tried: [] };
  const kth = exactKthSimilarity(index, queries, k);
  const tried: EfSearchChoice['tried'] = [];
  for (const efSearch of steps) {
    let found = 0;
    queries.forEach((label, q) => {
      const query = index.vector(label);
      found += index.search(query, k, efSearch).filter((other) => dot(query, index.vector(other)) >= kth[q]! - 1e-6).length;
    });
    const recall = found / (queries.length * k);
    tried.push({ efSearch, recall });
    if (recall >= options.goal) return { efSearch, recall, queries: queries.length, tried };
  }
  const last = tried.at(-1)!;
  return { efSearch: last.efSearch, recall: last.recall, queries: queries.length, tried };
}
