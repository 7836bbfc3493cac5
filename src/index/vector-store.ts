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

/** Approximate nearest neighbours (hnswlib, cosine space); labels are chunk positions. */
export class VectorStore {
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
    return neighbors.map((index, position) => ({ index, similarity: 1 - (distances[position] ?? 1) }));
  }
}
