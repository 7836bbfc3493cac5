/** Every chunk's embedding, by chunk position: what the answer's cosine relevance reads for its candidates. */
export interface EmbeddingStore {
  /** Chunks with a vector (0 for a lexical-only build). */
  readonly length: number;
  at(position: number): Float32Array | undefined;
}

/** Vectors held in memory (a postgres generation). */
export class ArrayEmbeddingStore implements EmbeddingStore {
  constructor(private readonly vectors: readonly Float32Array[]) {}

  get length(): number {
    return this.vectors.length;
  }

  at(position: number): Float32Array | undefined {
    return this.vectors[position];
  }
}

export const NO_EMBEDDINGS: EmbeddingStore = new ArrayEmbeddingStore([]);
