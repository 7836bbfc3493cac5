import type { Chunk } from '../corpus/types.ts';

/** A chunk as an index build keeps it (in its chunk store, chunk-file.ts, or in a postgres generation). */
export interface StoredChunk extends Chunk {
  /** Hash of model, dtype and prefixed text: the embedding cache key (null in a lexical-only build). */
  embedKey: string | null;
}
