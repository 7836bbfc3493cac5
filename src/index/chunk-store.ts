import type { StoredChunk } from './stored-chunk.ts';

/** A chunk as a loaded index returns it: with its position in the chunk store (the lexical and vector indexes' document number). */
export interface LoadedChunk extends StoredChunk {
  readonly position: number;
}

/**
 * The chunks of a loaded index, by position. A file build reads them from its chunk file when asked
 * (chunk-file.ts); a postgres generation holds them in an array.
 */
export interface ChunkStore extends Iterable<LoadedChunk> {
  readonly length: number;
  /** The chunk at `position` (0 ≤ position < length). */
  at(position: number): LoadedChunk;
  /** Its file alone, without reading its text: what checks and filters over many chunks ask. */
  fileOf(position: number): string;
}

/** Chunks held in memory (a postgres generation, an index of the older JSON format, tests). */
export class ArrayChunkStore implements ChunkStore {
  private readonly chunks: readonly LoadedChunk[];

  constructor(chunks: readonly StoredChunk[]) {
    this.chunks = chunks.map((chunk, position) => ({ ...chunk, position }));
  }

  get length(): number {
    return this.chunks.length;
  }

  at(position: number): LoadedChunk {
    const chunk = this.chunks[position];
    if (!chunk) throw new RangeError(`no chunk at position ${position} (${this.chunks.length} chunks)`);
    return chunk;
  }

  fileOf(position: number): string {
    return this.at(position).file;
  }

  [Symbol.iterator](): Iterator<LoadedChunk> {
    return this.chunks[Symbol.iterator]();
  }
}
