import { readFile, writeFile } from 'node:fs/promises';
import type { EmbeddingStore } from './embedding-store.ts';
import { RandomAccessFile } from './random-access-file.ts';

/** Vectors stored back to back as little-endian float32, in chunk order. */
export async function writeEmbeddings(path: string, vectors: Float32Array[]): Promise<void> {
  const buffer = Buffer.alloc(vectors.reduce((size, vector) => size + vector.byteLength, 0));
  let offset = 0;
  for (const vector of vectors) {
    buffer.set(new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength), offset);
    offset += vector.byteLength;
  }
  await writeFile(path, buffer);
}

/** Every vector of the file, as views into one buffer (a rebuild's cache of the previous build's vectors). */
export async function readEmbeddings(path: string, dimension: number): Promise<Float32Array[]> {
  const bytes = await readFile(path);
  const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  if (floats.length % dimension !== 0) throw new Error(`${path} does not hold vectors of dimension ${dimension}`);
  return Array.from({ length: floats.length / dimension }, (_, row) => floats.subarray(row * dimension, (row + 1) * dimension));
}

/**
 * The vectors of a build, read one at a time when a candidate needs its own (the HNSW graph holds
 * them too: the file is not loaded a second time).
 */
export class EmbeddingFile implements EmbeddingStore {
  private constructor(
    private readonly file: RandomAccessFile,
    private readonly dimension: number,
    readonly length: number,
  ) {}

  /** Throws when the file does not hold exactly `count` vectors of `dimension`. */
  static open(path: string, dimension: number, count: number): EmbeddingFile {
    const file = RandomAccessFile.open(path);
    if (file.size !== count * dimension * 4) throw new Error(`${path} holds ${file.size} bytes, not ${count} vectors of dimension ${dimension}`);
    return new EmbeddingFile(file, dimension, count);
  }

  at(position: number): Float32Array | undefined {
    if (!Number.isInteger(position) || position < 0 || position >= this.length) return undefined;
    const bytes = this.file.read(position * this.dimension * 4, this.dimension * 4);
    return new Float32Array(bytes.buffer, 0, this.dimension);
  }
}
