import { readFile, writeFile } from 'node:fs/promises';

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

export async function readEmbeddings(path: string, dimension: number): Promise<Float32Array[]> {
  const bytes = await readFile(path);
  const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  if (floats.length % dimension !== 0) throw new Error(`${path} does not hold vectors of dimension ${dimension}`);
  return Array.from({ length: floats.length / dimension }, (_, row) => floats.slice(row * dimension, (row + 1) * dimension));
}
