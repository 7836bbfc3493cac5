import hnswlib from 'hnswlib-node';

export interface HnswParameters {
  M: number;
  efConstruction: number;
  efSearch: number;
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
  ) {}

  static build(vectors: Float32Array[], dimension: number, parameters: HnswParameters): VectorStore {
    const hnsw = new hnswlib.HierarchicalNSW('cosine', dimension);
    hnsw.initIndex(Math.max(1, vectors.length), parameters.M, parameters.efConstruction, 100);
    vectors.forEach((vector, label) => hnsw.addPoint(Array.from(vector), label));
    hnsw.setEf(parameters.efSearch);
    return new VectorStore(hnsw, dimension);
  }

  static read(path: string, dimension: number, efSearch: number): VectorStore {
    const hnsw = new hnswlib.HierarchicalNSW('cosine', dimension);
    hnsw.readIndexSync(path);
    hnsw.setEf(efSearch);
    return new VectorStore(hnsw, dimension);
  }

  /** A written graph opened for an update, with room for `extra` more points. */
  static readForUpdate(path: string, dimension: number, extra: number): VectorStore {
    const hnsw = new hnswlib.HierarchicalNSW('cosine', dimension);
    hnsw.readIndexSync(path);
    hnsw.resizeIndex(hnsw.getCurrentCount() + Math.max(1, extra));
    return new VectorStore(hnsw, dimension);
  }

  /** Leaves a point out of every search from now on (hnswlib's markDelete). */
  remove(label: number): void {
    this.hnsw.markDelete(label);
  }

  add(vector: Float32Array, label: number): void {
    this.hnsw.addPoint(Array.from(vector), label);
  }

  /** Maps labels to chunk positions for `query` (see `positions`). */
  setPositions(positions: Int32Array): void {
    this.positions = positions;
  }

  write(path: string): void {
    this.hnsw.writeIndexSync(path);
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
