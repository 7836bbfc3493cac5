// The build's side of sentence-vectors.ts: embed the sentences of every passage of two or more
// sentences, and write them in chunk order without holding them all in memory. Chunks carried over
// from the previous build have their rows copied as they are; among new chunks, a sentence the
// previous build embedded elsewhere (an edited file's unchanged paragraphs) is copied too.
import { closeSync, existsSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Embedder } from '../embed/types.ts';
import { previousChunks } from './build-stores.ts';
import type { ChunkRun } from './chunk-runs.ts';
import { encodeHalf } from './float16.ts';
import { buildFiles } from './layout.ts';
import { storedSentencesOf } from './sentence-vectors.ts';

/** Rows copied from the previous file at a time. */
const COPY_ROWS = 4096;

export interface SentenceBuildInput {
  /** The new build's chunks; carried runs are positions in the previous build's stores. */
  runs: readonly ChunkRun[];
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

/** The previous build's sentence rows (first row of each chunk, then the count), or null when it has none of this dimension. */
async function previousFirstRows(buildDir: string | null, dimension: number): Promise<Uint32Array | null> {
  if (!buildDir || !existsSync(join(buildDir, buildFiles.sentenceVectors))) return null;
  try {
    const manifest = JSON.parse(await readFile(join(buildDir, buildFiles.manifest), 'utf8')) as { model?: { dimension?: number } | null };
    if (manifest.model?.dimension !== dimension) return null;
    const bytes = readFileSync(join(buildDir, buildFiles.sentenceRows));
    return new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  } catch {
    return null;
  }
}

/** Row of each sentence vector of the previous build's chunks that are not carried over, by cache key. */
async function reusableRows(buildDir: string, firstRows: Uint32Array, runs: readonly ChunkRun[], keyOf: (text: string) => string): Promise<Map<string, number>> {
  const rows = new Map<string, number>();
  try {
    const chunks = await previousChunks(buildDir);
    if (firstRows.length !== chunks.length + 1) return rows;
    const carried = new Uint8Array(chunks.length);
    for (const run of runs) if (run.kind === 'carried') carried.fill(1, run.start, run.end);
    for (let position = 0; position < chunks.length; position++) {
      if (carried[position] === 1 || firstRows[position] === firstRows[position + 1]) continue;
      let row = firstRows[position]!;
      for (const sentence of storedSentencesOf(chunks.at(position).text)) rows.set(keyOf(sentence), row++);
    }
  } catch {
    rows.clear();
  }
  return rows;
}

export async function buildSentenceVectors(outputDir: string, input: SentenceBuildInput): Promise<SentenceBuildCounts> {
  const { embedder, runs } = input;
  const dimension = embedder.dimension;
  const rowBytes = dimension * 2;
  const previousRows = await previousFirstRows(input.previousBuildDir, dimension);
  if (runs.some((run) => run.kind === 'carried') && !previousRows) throw new Error('chunks carried over from a build without sentence vectors');

  // Rows of the new file: each chunk's first row, and what fills each stretch of rows.
  const firstRow: number[] = [0];
  const copies: { row: number; from: number; rows: number }[] = [];
  const sentences: { row: number; text: string }[] = [];
  let rows = 0;
  for (const run of runs) {
    if (run.kind === 'carried') {
      const from = previousRows![run.start]!;
      for (let position = run.start; position < run.end; position++) firstRow.push(rows + previousRows![position + 1]! - from);
      const count = previousRows![run.end]! - from;
      copies.push({ row: rows, from, rows: count });
      rows += count;
      continue;
    }
    for (const chunk of run.chunks) {
      for (const text of storedSentencesOf(chunk.text)) sentences.push({ row: rows++, text });
      firstRow.push(rows);
    }
  }
  const reusable = previousRows && sentences.length > 0 ? await reusableRows(input.previousBuildDir!, previousRows, runs, input.keyOf) : new Map<string, number>();

  const output = openSync(join(outputDir, buildFiles.sentenceVectors), 'w');
  const row = new Uint16Array(dimension);
  const rowView = new Uint8Array(row.buffer);
  let reused = 0;
  try {
    const missing: { row: number; text: string }[] = [];
    const source = previousRows ? openSync(join(input.previousBuildDir!, buildFiles.sentenceVectors), 'r') : null;
    try {
      const copy = new Uint8Array(rowBytes * COPY_ROWS);
      for (const stretch of copies) {
        for (let done = 0; done < stretch.rows; ) {
          const count = Math.min(COPY_ROWS, stretch.rows - done);
          const bytes = count * rowBytes;
          if (readSync(source!, copy, 0, bytes, (stretch.from + done) * rowBytes) !== bytes) throw new Error('the previous sentence vectors are truncated');
          writeSync(output, copy, 0, bytes, (stretch.row + done) * rowBytes);
          done += count;
        }
        reused += stretch.rows;
      }
      for (const sentence of sentences) {
        const old = source === null ? undefined : reusable.get(input.keyOf(sentence.text));
        if (old === undefined || readSync(source!, rowView, 0, rowBytes, old * rowBytes) !== rowBytes) {
          missing.push(sentence);
          continue;
        }
        writeSync(output, rowView, 0, rowBytes, sentence.row * rowBytes);
        reused++;
      }
    } finally {
      if (source !== null) closeSync(source);
    }
    // By length, so that a batch holds texts of similar length and pads little.
    missing.sort((a, b) => a.text.length - b.text.length);
    input.onProgress?.(0, missing.length);
    for (let offset = 0; offset < missing.length; offset += input.batchSize) {
      const batch = missing.slice(offset, offset + input.batchSize);
      const vectors = await embedder.embedPassages(batch.map((sentence) => sentence.text));
      batch.forEach((sentence, index) => {
        encodeHalf(vectors[index]!, row);
        writeSync(output, rowView, 0, rowBytes, sentence.row * rowBytes);
      });
      input.onProgress?.(Math.min(offset + batch.length, missing.length), missing.length);
    }
    return { sentences: rows, embedded: missing.length, reused };
  } finally {
    closeSync(output);
    await writeFile(join(outputDir, buildFiles.sentenceRows), new Uint8Array(Uint32Array.from(firstRow).buffer));
  }
}
