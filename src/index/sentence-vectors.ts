// Sentence vectors computed at build time, so that the highlight of a passage that shares no word
// with the question (every cross-language question) needs no embedding at answer time.
//
// Only passages of more than one sentence have them (a single sentence is its own highlight). On disk:
// sentences.f16 holds the vectors as float16, back to back, in chunk order, sentence order; and
// sentences.idx holds, as uint32, the first row of each chunk and, last, the number of rows. Rows are
// read when a highlight needs them, a few kilobytes, never loaded whole.
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { splitSentences } from '../text/sentences.ts';
import { decodeHalf } from './float16.ts';
import { buildFiles } from './layout.ts';

/** The sentences of a chunk's text that get a stored vector, as the highlight cuts them: all when there are two or more, none otherwise. */
export function storedSentencesOf(text: string): string[] {
  const spans = splitSentences(text);
  return spans.length > 1 ? spans.map((span) => text.slice(span.start, span.end)) : [];
}

export class SentenceVectors {
  private constructor(
    private readonly path: string,
    private readonly rows: Uint32Array,
    readonly dimension: number,
  ) {}

  /** The sentence vectors of a build, or null when it has none (an index built before they existed, or lexical-only). */
  static open(buildDir: string, dimension: number, chunks: number): SentenceVectors | null {
    const path = join(buildDir, buildFiles.sentenceVectors);
    const rowsPath = join(buildDir, buildFiles.sentenceRows);
    if (!existsSync(path) || !existsSync(rowsPath)) return null;
    const bytes = readFileSync(rowsPath);
    const rows = new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    if (rows.length !== chunks + 1) throw new Error('sentence vectors do not match the chunk store');
    return new SentenceVectors(path, rows, dimension);
  }

  /** Sentences stored in all. */
  get count(): number {
    return this.rows[this.rows.length - 1]!;
  }

  /**
   * The stored vectors of one chunk's sentences (storedSentencesOf order): empty for a chunk of one
   * sentence, null when the file can no longer be read (a newer build replaced this one).
   */
  vectorsOf(chunk: number): Float32Array[] | null {
    const first = this.rows[chunk];
    const end = this.rows[chunk + 1];
    if (first === undefined || end === undefined) return null;
    if (end === first) return [];
    const values = (end - first) * this.dimension;
    const half = new Uint16Array(values);
    let descriptor: number;
    try {
      descriptor = openSync(this.path, 'r');
    } catch {
      return null;
    }
    try {
      const read = readSync(descriptor, new Uint8Array(half.buffer), 0, values * 2, first * this.dimension * 2);
      if (read !== values * 2) return null;
    } finally {
      closeSync(descriptor);
    }
    return Array.from({ length: end - first }, (_, row) => decodeHalf(half, row * this.dimension, this.dimension));
  }
}
