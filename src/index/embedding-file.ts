import { closeSync, openSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ChunkRun } from './chunk-runs.ts';
import type { EmbeddingStore } from './embedding-store.ts';
import { RandomAccessFile } from './random-access-file.ts';

/** Rows copied from the previous file at a time. */
const COPY_ROWS = 4096;

/**
 * Vectors stored back to back as little-endian float32, in chunk order: new chunks' vectors, and the
 * rows of `previous` (the serving build's file) for chunks carried over, copied without decoding.
 */
export function writeEmbeddingRuns(path: string, runs: readonly ChunkRun[], previous: EmbeddingFile | null): void {
  const descriptor = openSync(path, 'w');
  try {
    const write = (bytes: Uint8Array) => {
      let done = 0;
      while (done < bytes.byteLength) done += writeSync(descriptor, bytes, done, bytes.byteLength - done);
    };
    for (const run of runs) {
      if (run.kind === 'fresh') {
        if (!run.vectors) throw new Error('new chunks without their vectors');
        for (const vector of run.vectors) write(new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength));
        continue;
      }
      if (!previous) throw new Error('vectors carried over without the file they come from');
      for (let start = run.start; start < run.end; start += COPY_ROWS) write(previous.rowBytes(start, Math.min(run.end, start + COPY_ROWS)));
    }
  } finally {
    closeSync(descriptor);
  }
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

  /** Rows `start` to `end`, undecoded. */
  rowBytes(start: number, end: number): Uint8Array {
    if (!(0 <= start && start <= end && end <= this.length)) throw new RangeError(`rows ${start}–${end} are outside ${this.length} vectors`);
    return this.file.read(start * this.dimension * 4, (end - start) * this.dimension * 4);
  }

  at(position: number): Float32Array | undefined {
    if (!Number.isInteger(position) || position < 0 || position >= this.length) return undefined;
    const bytes = this.file.read(position * this.dimension * 4, this.dimension * 4);
    return new Float32Array(bytes.buffer, 0, this.dimension);
  }
}
