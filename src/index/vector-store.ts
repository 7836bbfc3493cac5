import hnswlib from 'hnswlib-node';
import { addedCount, type VectorDelta } from './vector-delta.ts';

export interface HnswParameters {
  M: number;
  efConstruction: number;
  /** Query-time candidate list; the build measures one for the index when absent (see ef-search.ts). */
  efSearch?: number;
}

export interface VectorHit {
  index: number;
  /** Cosine similarity in [-1, 1]. */
  similarity: number;
}

/**
 * Approximate nearest neighbours (hnswlib, cosine space). Labels are chunk positions in a graph built
 * at once; a graph updated in place (deleted points marked, new points added under new labels)
 * maps its labels to chunk positions with `positions`.
 */
export class VectorStore {
  /** Chunk position of each label (−1: deleted); null: labels are positions. */
  private positions: Int32Array | null = null;

  private constructor(
    private readonly hnsw: hnswlib.HierarchicalNSW,
    readonly dimension: number,
    private ef: number,
  ) {}

  /** Default when neither the build nor the configuration chose one. */
  static readonly DEFAULT_EF_SEARCH = 64;

  /** `heldOut`: labels left out for now (the build measures efSearch with them, then adds them). */
  static build(vectors: Float32Array[], dimension: number, parameters: HnswParameters, heldOut: readonly number[] = []): VectorStore {
    const hnsw = new hnswlib.HierarchicalNSW('cosine', dimension);
    hnsw.initIndex(Math.max(1, vectors.length), parameters.M, parameters.efConstruction, 100);
    const skip = new Set(heldOut);
    vectors.forEach((vector, label) => {
      if (!skip.has(label)) hnsw.addPoint(Array.from(vector), label);
    });
    const efSearch = parameters.efSearch ?? VectorStore.DEFAULT_EF_SEARCH;
    hnsw.setEf(efSearch);
    return new VectorStore(hnsw, dimension, efSearch);
  }

  /**
   * A written graph, with the changes kept beside it since it was written (vector-delta.ts) applied. Read off
   * the main thread (hnswlib-node's async worker): a large graph loads while the rest of the index opens.
   */
  static async read(path: string, dimension: number, efSearch: number, delta: VectorDelta | null = null): Promise<VectorStore> {
    const hnsw = new hnswlib.HierarchicalNSW('cosine', dimension);
    await hnsw.readIndex(path);
    const store = new VectorStore(hnsw, dimension, efSearch);
    if (delta) {
      if (delta.basePoints !== hnsw.getCurrentCount()) throw new Error(`${path} holds ${hnsw.getCurrentCount()} points, its delta expects ${delta.basePoints}`);
      const added = addedCount(delta, dimension);
      if (added > 0) hnsw.resizeIndex(hnsw.getCurrentCount() + added);
      for (let row = 0; row < added; row++) store.add(delta.addedVectors.subarray(row * dimension, (row + 1) * dimension), delta.basePoints + row);
      for (const label of delta.deleted) store.remove(label);
    }
    hnsw.setEf(efSearch);
    return store;
  }

  add(vector: Float32Array, label: number): void {
    this.hnsw.addPoint(Array.from(vector), label);
  }

  /** Leaves a point out of every search from now on (hnswlib's markDelete). */
  remove(label: number): void {
    this.hnsw.markDelete(label);
  }

  /** Maps labels to chunk positions for `query` (see `positions`). */
  setPositions(positions: Int32Array): void {
    this.positions = positions;
  }

  write(path: string): void {
    this.hnsw.writeIndexSync(path);
  }

  get efSearch(): number {
    return this.ef;
  }

  set efSearch(value: number) {
    this.ef = value;
    this.hnsw.setEf(value);
  }

  /** Labels of the approximate k nearest neighbours at a given efSearch (the build measures recall with it). */
  searchLabels(vector: Float32Array, k: number, efSearch: number): number[] {
    this.hnsw.setEf(efSearch);
    try {
      return this.hnsw.searchKnn(Array.from(vector), Math.min(k, this.size)).neighbors;
    } finally {
      this.hnsw.setEf(this.ef);
    }
  }

  get size(): number {
    return this.hnsw.getCurrentCount();
  }

  query(vector: Float32Array, limit: number): VectorHit[] {
    const k = Math.min(limit, this.size);
    if (k === 0) return [];
    const { neighbors, distances } = this.hnsw.searchKnn(Array.from(vector), k);
    const hits = neighbors.map((label, position) => ({ index: this.positions ? (this.positions[label] ?? -1) : label, similarity: 1 - (distances[position] ?? 1) }));
    return this.positions ? hits.filter((hit) => hit.index >= 0) : hits;
  }
}
