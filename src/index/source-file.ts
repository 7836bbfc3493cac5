import { SectionFile, bytesOf, writeSectionFile, type LazySection } from './section-file.ts';
import type { SourceStore } from './source-store.ts';

/**
 * The source store of a file build (sources.bin): every file's text as UTF-8, back to back, with the
 * byte offset where each starts and the files' paths. Opening reads the paths and the offsets; a
 * text is read and decoded when it is asked for (the few last ones are kept decoded).
 */
const MAGIC = 'CBSRC001';
const VERSION = 1;
/** Decoded texts kept (a question's passages come from a handful of files, asked several times while answering), up to so many characters in all. */
const CACHED_TEXTS = 16;
const CACHED_CHARS = 8_000_000;
/** Bytes read at a time when texts are copied to a new store. */
const COPY_BLOCK_BYTES = 8 * 1024 * 1024;

export interface SourceDocument {
  file: string;
  text: string;
}

/** A source of a new build: a text, or the bytes of a source of the serving build's store, copied as they are. */
export type SourceEntry = SourceDocument | { file: string; from: SourceFile; number: number };

/** Texts are stored as UTF-8: a lone UTF-16 surrogate (a PDF's text may hold one), which has no UTF-8 form, reads back as U+FFFD. */
export function writeSourceFile(path: string, documents: readonly SourceEntry[]): void {
  const offsets = new Float64Array(documents.length + 1);
  const encoder = new TextEncoder();
  writeSectionFile(path, MAGIC, { version: VERSION, files: documents.length }, [
    {
      name: 'text',
      content: function* () {
        let offset = 0;
        for (let index = 0; index < documents.length; ) {
          const document = documents[index]!;
          if ('text' in document) {
            const bytes = encoder.encode(document.text);
            offsets[index++] = offset;
            offset += bytes.byteLength;
            yield bytes;
            continue;
          }
          // Texts carried over side by side in the previous store are copied together, in large reads.
          const { from, number: first } = document;
          let end = index + 1;
          while (end < documents.length) {
            const next = documents[end]!;
            if ('text' in next || next.from !== from || next.number !== first + (end - index)) break;
            end++;
          }
          const base = from.startOf(first);
          for (let carried = index; carried < end; carried++) offsets[carried] = offset + from.startOf(first + carried - index) - base;
          for (const block of from.textBlocks(first, first + (end - index))) {
            offset += block.byteLength;
            yield block;
          }
          index = end;
        }
        offsets[documents.length] = offset;
      },
    },
    { name: 'offsets', content: () => [bytesOf(offsets)] },
    { name: 'files', content: () => [encoder.encode(JSON.stringify(documents.map((document) => document.file)))] },
  ]);
}

export class SourceFile implements SourceStore {
  private numbers: Map<string, number> | null = null;
  private readonly decoded = new Map<number, string>();
  private cachedChars = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  private constructor(
    private readonly names: readonly string[],
    /** Byte offset of each text in `text`, and its end last. */
    private readonly offsets: Float64Array,
    private readonly text: LazySection,
  ) {}

  /** Throws when the file is not a source store, is truncated or damaged. */
  static open(path: string): SourceFile {
    const file = SectionFile.open(path, MAGIC, VERSION);
    const names = file.json('files');
    const count = file.header.files;
    if (!Array.isArray(names) || names.length !== count || names.some((name) => typeof name !== 'string')) throw new Error(`${path} is unreadable: damaged file list`);
    const offsets = file.float64('offsets', names.length + 1);
    const text = file.lazy('text');
    for (let index = 0; index < names.length; index++) {
      if (!(offsets[index]! <= offsets[index + 1]!)) throw new Error(`${path} is unreadable: text offsets out of order`);
    }
    if (offsets[0] !== 0 || offsets[names.length] !== text.length) throw new Error(`${path} is unreadable: text offsets do not match the text`);
    return new SourceFile(names as string[], offsets, text);
  }

  get count(): number {
    return this.names.length;
  }

  /** The number of a file in this store, or undefined. */
  numberOf(file: string): number | undefined {
    this.numbers ??= new Map(this.names.map((name, number) => [name, number]));
    return this.numbers.get(file);
  }

  fileAt(number: number): string {
    const name = this.names[number];
    if (name === undefined) throw new RangeError(`no source ${number} (${this.names.length} sources)`);
    return name;
  }

  /** Bytes in the UTF-8 text of source `number`. */
  byteLength(number: number): number {
    return this.offsets[number + 1]! - this.offsets[number]!;
  }

  /** Where the text of source `number` starts in the store's text (`count` for the end of the last). */
  startOf(number: number): number {
    const start = this.offsets[number];
    if (start === undefined) throw new RangeError(`no source ${number} (${this.names.length} sources)`);
    return start;
  }

  /** The UTF-8 texts of sources `first` to `end` (excluded), back to back and undecoded, in blocks of a few megabytes. */
  *textBlocks(first: number, end: number): Generator<Uint8Array> {
    const stop = this.startOf(end);
    for (let start = this.startOf(first); start < stop; start += COPY_BLOCK_BYTES) yield this.text.read(start, Math.min(COPY_BLOCK_BYTES, stop - start));
  }

  /** Bytes `start` to `end` of source `number`'s UTF-8 text, decoded (a passage of it). */
  textAt(number: number, start: number, end: number): string {
    if (start < 0 || end < start || end > this.byteLength(number)) throw new RangeError(`bytes ${start}–${end} are outside source ${number}`);
    return this.decoder.decode(this.text.read(this.offsets[number]! + start, end - start));
  }

  get(file: string): string | undefined {
    const number = this.numberOf(file);
    if (number === undefined) return undefined;
    const cached = this.decoded.get(number);
    const text = cached ?? this.textAt(number, 0, this.byteLength(number));
    // Most recently asked last; the least recent go first.
    if (cached !== undefined) this.decoded.delete(number);
    else this.cachedChars += text.length;
    this.decoded.set(number, text);
    for (const [oldest, old] of this.decoded) {
      if (this.decoded.size <= 1 || (this.decoded.size <= CACHED_TEXTS && this.cachedChars <= CACHED_CHARS)) break;
      this.decoded.delete(oldest);
      this.cachedChars -= old.length;
    }
    return text;
  }

  has(file: string): boolean {
    return this.numberOf(file) !== undefined;
  }

  files(): readonly string[] {
    return this.names;
  }
}
