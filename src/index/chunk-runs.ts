import type { StoredChunk } from './stored-chunk.ts';

/**
 * The chunks of a new build, in order, as runs: chunks of the serving build copied as they are
 * (positions `start` to `end` of its stores: files whose bytes did not change), or new chunks, with
 * their vectors in a build with a model.
 */
export type ChunkRun = CarriedRun | FreshRun;

export interface CarriedRun {
  kind: 'carried';
  start: number;
  end: number;
}

export interface FreshRun {
  kind: 'fresh';
  chunks: readonly StoredChunk[];
  /** One per chunk; null in a lexical-only build. */
  vectors: readonly Float32Array[] | null;
}

export const runLength = (run: ChunkRun): number => (run.kind === 'carried' ? run.end - run.start : run.chunks.length);

/** Chunks in a build laid out as `runs`. */
export const chunkCount = (runs: readonly ChunkRun[]): number => runs.reduce((sum, run) => sum + runLength(run), 0);

/** New chunks alone, as one run (a build with nothing to carry over). */
export const freshRuns = (chunks: readonly StoredChunk[], vectors: readonly Float32Array[] | null): ChunkRun[] => [{ kind: 'fresh', chunks, vectors }];
