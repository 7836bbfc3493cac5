import { seededGaussian, seededRandom } from './random.ts';

export interface VectorSet {
  dimension: number;
  count: number;
  /** Row-major, every row of unit length. */
  data: Float32Array;
}

export interface ClusteredVectorOptions {
  count: number;
  dimension: number;
  seed: number;
  /** Number of cluster centres; one per 500 vectors by default. */
  clusters?: number;
  /** Length of the Gaussian noise added to a unit centre: 0.75 puts points at cosine ≈ 0.8 from their centre. */
  spread?: number;
}

function normalizeRow(data: Float32Array, offset: number, dimension: number): void {
  let norm = 0;
  for (let j = 0; j < dimension; j++) {
    const value = data[offset + j] as number;
    norm += value * value;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let j = 0; j < dimension; j++) data[offset + j] = (data[offset + j] as number) * scale;
}

/**
 * Unit vectors drawn around random unit centres, a crude stand-in for sentence embeddings (which
 * gather by topic). The same seed gives the same vectors; queries use another seed with the same
 * centres (`centreSeed`), so they fall in the clusters without being in the index.
 */
export function clusteredVectors(options: ClusteredVectorOptions & { centreSeed?: number }): VectorSet {
  const { count, dimension } = options;
  const clusters = options.clusters ?? Math.max(1, Math.ceil(count / 500));
  const spread = options.spread ?? 0.75;
  const centreGaussian = seededGaussian(options.centreSeed ?? 1);
  const centres = new Float32Array(clusters * dimension);
  for (let i = 0; i < centres.length; i++) centres[i] = centreGaussian();
  for (let c = 0; c < clusters; c++) normalizeRow(centres, c * dimension, dimension);

  const pick = seededRandom(options.seed);
  const noise = seededGaussian(options.seed ^ 0x9e3779b9);
  const noiseScale = spread / Math.sqrt(dimension);
  const data = new Float32Array(count * dimension);
  for (let i = 0; i < count; i++) {
    const centre = Math.floor(pick() * clusters) * dimension;
    const row = i * dimension;
    for (let j = 0; j < dimension; j++) data[row + j] = (centres[centre + j] as number) + noise() * noiseScale;
    normalizeRow(data, row, dimension);
  }
  return { dimension, count, data };
}

export function row(vectors: VectorSet, index: number): Float32Array {
  return vectors.data.subarray(index * vectors.dimension, (index + 1) * vectors.dimension);
}

/** hnswlib-node only takes plain arrays. */
export function copyInto(target: number[], source: Float32Array): number[] {
  for (let j = 0; j < source.length; j++) target[j] = source[j] as number;
  return target;
}

/** Exact top-k by dot product (= cosine on unit vectors), best first: the brute-force limit. */
export function exactTopK(vectors: VectorSet, query: Float32Array, k: number): number[] {
  const { data, dimension, count } = vectors;
  const bestIds = new Int32Array(k).fill(-1);
  const bestScores = new Float64Array(k).fill(-Infinity);
  for (let i = 0; i < count; i++) {
    const offset = i * dimension;
    let score = 0;
    for (let j = 0; j < dimension; j++) score += (data[offset + j] as number) * (query[j] as number);
    if (score <= (bestScores[k - 1] as number)) continue;
    let slot = k - 1;
    while (slot > 0 && score > (bestScores[slot - 1] as number)) {
      bestScores[slot] = bestScores[slot - 1] as number;
      bestIds[slot] = bestIds[slot - 1] as number;
      slot--;
    }
    bestScores[slot] = score;
    bestIds[slot] = i;
  }
  return Array.from(bestIds).filter((id) => id >= 0);
}

/** Share of the exact top-k that the approximate answer found. */
export function recallAtK(exact: readonly number[], approximate: readonly number[]): number {
  if (exact.length === 0) return 1;
  const found = new Set(approximate);
  return exact.filter((id) => found.has(id)).length / exact.length;
}
