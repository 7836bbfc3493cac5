// efSearch by measurement at build time: a sample of the stored vectors, each used as a query with
// itself left out, searched at growing efSearch until the HNSW top-k holds RECALL_GOAL of the exact
// top-k. A bigger index needs a bigger efSearch for the same recall (bench:scale: at 1,000,000
// vectors, 64 finds 92 % of the true top-10); measuring the index itself follows its size and its data.

/** What the measurement needs from an index: its stored vectors (unit length) and an approximate search. */
export interface KnnSample {
  count: number;
  /** The stored vector of a label (0 … count − 1), unit length. */
  vector(label: number): Float32Array;
  /** Labels of the approximate `k` nearest neighbours at this efSearch, best first. */
  search(query: Float32Array, k: number, efSearch: number): number[];
}

export interface EfSearchOptions {
  k: number;
  /** Sample size: stored vectors used as queries (fewer when the index is smaller). */
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

/** Distinct labels in [0, count), spread by a seeded generator: the same index gives the same sample. */
function sampleLabels(count: number, size: number, seed: number): number[] {
  if (size >= count) return Array.from({ length: count }, (_, label) => label);
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

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += (a[j] as number) * (b[j] as number);
  return sum;
}

/**
 * The similarity of each query's k-th exact neighbour (itself left out), in one pass over the stored
 * vectors: each stored vector is read once and compared with every query.
 */
function exactKthSimilarity(index: KnnSample, queries: number[], k: number): Float64Array {
  const vectors = queries.map((label) => index.vector(label));
  const best = queries.map(() => new Float64Array(k).fill(-Infinity));
  for (let label = 0; label < index.count; label++) {
    const stored = index.vector(label);
    for (let q = 0; q < queries.length; q++) {
      if (queries[q] === label) continue;
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
 * The smallest efSearch of `steps` at which the sample's recall@k reaches the goal. A found neighbour
 * counts when it is as similar as the k-th exact one (ties and duplicate passages are not misses).
 */
export function chooseEfSearch(index: KnnSample, options: EfSearchOptions = DEFAULT_EF_SEARCH_OPTIONS): EfSearchChoice {
  const { k, steps } = options;
  const first = steps[0]!;
  // With k + 1 vectors or fewer, every search returns all of them.
  if (index.count <= k + 1) return { efSearch: first, recall: 1, queries: 0, tried: [] };
  const queries = sampleLabels(index.count, options.queries, options.seed);
  const kth = exactKthSimilarity(index, queries, k);
  const tried: EfSearchChoice['tried'] = [];
  for (const efSearch of steps) {
    let found = 0;
    queries.forEach((label, q) => {
      const query = index.vector(label);
      const neighbours = index.search(query, k + 1, efSearch).filter((other) => other !== label).slice(0, k);
      found += neighbours.filter((other) => dot(query, index.vector(other)) >= kth[q]! - 1e-6).length;
    });
    const recall = found / (queries.length * k);
    tried.push({ efSearch, recall });
    if (recall >= options.goal) return { efSearch, recall, queries: queries.length, tried };
  }
  const last = tried.at(-1)!;
  return { efSearch: last.efSearch, recall: last.recall, queries: queries.length, tried };
}
