import { existsSync } from 'node:fs';
import { open, readFile, writeFile } from 'node:fs/promises';

/**
 * Changes to a written HNSW graph, kept beside it instead of in it: reading and writing a graph of a
 * million vectors takes seconds each way, so a build after a small corpus change links the previous
 * graph file and writes only what changed. Opening applies the changes (addPoint, then markDelete);
 * past a size the build writes the whole graph again and the delta starts empty.
 */
export interface VectorDelta {
  /** Points in the graph file the delta applies to (deleted ones included): the first added label. */
  basePoints: number;
  /** Labels added since, in order (basePoints, basePoints + 1, …), and their vectors back to back. */
  addedVectors: Float32Array;
  /** Labels to mark deleted once the added points are in (base or added labels). */
  deleted: Uint32Array;
}

const MAGIC = 0x44564243; // "CBVD"
const VERSION = 1;
const HEADER_WORDS = 6;

/** No change yet to a graph of `basePoints` points. */
export function emptyDelta(basePoints: number): VectorDelta {
  return { basePoints, addedVectors: new Float32Array(0), deleted: new Uint32Array(0) };
}

export function addedCount(delta: VectorDelta, dimension: number): number {
  return delta.addedVectors.length / dimension;
}

/** Points added plus points deleted: what opening the graph must replay. */
export function deltaSize(delta: VectorDelta, dimension: number): number {
  return addedCount(delta, dimension) + delta.deleted.length;
}

/** The delta after more changes: `removed` labels deleted, `added` vectors appended under the next labels. */
export function withChanges(delta: VectorDelta, dimension: number, removed: readonly number[], added: readonly Float32Array[]): VectorDelta {
  const addedVectors = new Float32Array(delta.addedVectors.length + added.length * dimension);
  addedVectors.set(delta.addedVectors);
  added.forEach((vector, row) => addedVectors.set(vector, delta.addedVectors.length + row * dimension));
  const deleted = new Uint32Array(delta.deleted.length + removed.length);
  deleted.set(delta.deleted);
  deleted.set(removed, delta.deleted.length);
  return { basePoints: delta.basePoints, addedVectors, deleted };
}

export async function writeVectorDelta(path: string, delta: VectorDelta, dimension: number): Promise<void> {
  const header = Uint32Array.of(MAGIC, VERSION, dimension, delta.basePoints, addedCount(delta, dimension), delta.deleted.length);
  const parts = [header, delta.deleted, delta.addedVectors].map((array) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  await writeFile(path, Buffer.concat(parts));
}

/** The delta stored at `path`, or null when the graph has none; throws on a file that is not a whole delta of this dimension. */
export async function readVectorDelta(path: string, dimension: number): Promise<VectorDelta | null> {
  if (!existsSync(path)) return null;
  const bytes = await readFile(path);
  if (bytes.byteLength < HEADER_WORDS * 4) throw new Error(`${path} is truncated`);
  const words = new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const [magic, version, fileDimension, basePoints, added, deleted] = words;
  if (magic !== MAGIC || version !== VERSION || fileDimension !== dimension) throw new Error(`${path} is not a vector delta of dimension ${dimension}`);
  if (bytes.byteLength !== (HEADER_WORDS + deleted! + added! * dimension) * 4) throw new Error(`${path} is truncated`);
  return {
    basePoints: basePoints!,
    deleted: words.slice(HEADER_WORDS, HEADER_WORDS + deleted!),
    addedVectors: new Float32Array(words.buffer, (HEADER_WORDS + deleted!) * 4, added! * dimension),
  };
}

/**
 * Points in an hnswlib graph file, read from its header (hnswlib's saveIndex writes offsetLevel0,
 * max_elements and cur_element_count as 8-byte integers first), without reading the graph.
 */
export async function graphPointCount(path: string): Promise<number> {
  const file = await open(path, 'r');
  try {
    const header = Buffer.alloc(24);
    const { bytesRead } = await file.read(header, 0, 24, 0);
    if (bytesRead < 24) throw new Error(`${path} is truncated`);
    return Number(header.readBigUInt64LE(16));
  } finally {
    await file.close();
  }
}
