// The build's side of sentence-vectors.ts: embed the sentences of every passage of two or more
// sentences (those the previous build already embedded are copied, not embedded again), and write
// them in chunk order without holding them all in memory.
import { closeSync, existsSync, openSync, readSync, writeSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Embedder } from '../embed/types.ts';
import { previousChunks } from './build-stores.ts';
import { encodeHalf } from './float16.ts';
import { buildFiles } from './layout.ts';
import { storedSentencesOf } from './sentence-vectors.ts';

export interface SentenceBuildInput {
  texts: string[];
  embedder: Embedder;
  /** The embedding cache key of a text (model, dtype, prefix and text). */
  keyOf: (text: string) => string;
  /** The serving build, whose sentence vectors are reused (null: none). */
  previousBuildDir: string | null;
  batchSize: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SentenceBuildCounts {
  sentences: number;
  embedded: number;
  reused: number;
}

/** Row of each sentence vector of the previous build, by cache key (empty when it has none). */
async function previousRows(buildDir: string | null, keyOf: (text: string) => string, dimension: number): Promise<Map<string, number>> {
  const rows = new Map<string, number>();
  if (!buildDir || !existsSync(join(buildDir, buildFiles.sentenceVectors))) return rows;
  try {
    const manifest = JSON.parse(await readFile(join(buildDir, buildFiles.manifest), 'utf8')) as { model?: { dimension?: number } | null };
    if (manifest.model?.dimension !== dimension) return rows;
    const chunks = await previousChunks(buildDir);
    let row = 0;
    for (const chunk of chunks) for (const sentence of storedSentencesOf(chunk.text)) rows.set(keyOf(sentence), row++);
  } catch {
    rows.clear();
  }
  return rows;
}

export async function buildSentenceVectors(outputDir: string, input: SentenceBuildInput): Promise<SentenceBuildCounts> {
  const { embedder } = input;
  const dimension = embedder.dimension;
  const rowBytes = dimension * 2;
  const sentences = input.texts.map(storedSentencesOf);
  const firstRow = new Uint32Array(sentences.length + 1);
  sentences.forEach((list, chunk) => (firstRow[chunk + 1] = firstRow[chunk]! + list.length));
  const all = sentences.flat();
  const previous = await previousRows(input.previousBuildDir, input.keyOf, dimension);

  const output = openSync(join(outputDir, buildFiles.sentenceVectors), 'w');
  const row = new Uint16Array(dimension);
  const rowView = new Uint8Array(row.buffer);
  let reused = 0;
  try {
    const missing: number[] = [];
    const source = previous.size > 0 ? openSync(join(input.previousBuildDir!, buildFiles.sentenceVectors), 'r') : null;
    try {
      all.forEach((sentence, position) => {
        const old = source === null ? undefined : previous.get(input.keyOf(sentence));
        if (old === undefined || readSync(source!, rowView, 0, rowBytes, old * rowBytes) !== rowBytes) {
          missing.push(position);
          return;
        }
        writeSync(output, rowView, 0, rowBytes, position * rowBytes);
        reused++;
      });
    } finally {
      if (source !== null) closeSync(source);
    }
    // By length, so that a batch holds texts of similar length and pads little.
    missing.sort((a, b) => all[a]!.length - all[b]!.length);
    input.onProgress?.(0, missing.length);
    for (let offset = 0; offset < missing.length; offset += input.batchSize) {
      const batch = missing.slice(offset, offset + input.batchSize);
      const vectors = await embedder.embedPassages(batch.map((position) => all[position]!));
      batch.forEach((position, index) => {
        encodeHalf(vectors[index]!, row);
        writeSync(output, rowView, 0, rowBytes, position * rowBytes);
      });
      input.onProgress?.(Math.min(offset + batch.length, missing.length), missing.length);
    }
    return { sentences: all.length, embedded: missing.length, reused };
  } finally {
    closeSync(output);
    await writeFile(join(outputDir, buildFiles.sentenceRows), new Uint8Array(firstRow.buffer));
  }
}
