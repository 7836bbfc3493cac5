import { copyFileSync, existsSync, linkSync, rmSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { SectionFile, bytesOf, writeSectionFile, type LazySection } from './section-file.ts';
import type { SourceStore } from './source-store.ts';
import { IndexUnavailableError } from './unavailable.ts';

/**
 * The source store of a file build: every file's text as UTF-8, with its CRC-32 (checked the first time
 * the text is read: a quote is never taken from damaged bytes).
 *
 * sources.bin (the base) holds texts back to back, with the byte offset where each starts and the
 * files' paths. A rebuild after a few changed files does not write it again: it hard-links the
 * previous build's base and writes beside it sources-delta.bin, which names every file of the new
 * build and where its text is (in the base, or in the delta's own texts, for the files that
 * changed), until the delta grows past a quarter of the base, when the base is written whole again.
 * Opening reads the paths and the offsets; a text is read and decoded when it is asked for (the few
 * last ones are kept decoded).
 */
const MAGIC = 'CBSRC001';
const VERSION = 1;
const DELTA_MAGIC = 'CBSRCD01';
const DELTA_VERSION = 1;
/** Past this share of the base's bytes written in the delta, or no longer used, the base is written whole again. */
const MAX_DELTA_SHARE = 0.25;
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

/** Where a text lies: in the base's texts or the delta's, bytes `start` to `end`. */
interface Location {
  inDelta: boolean;
  start: number;
  end: number;
}

const encoder = new TextEncoder();

/**
 * The texts of `documents` that `place` keeps, back to back, as pieces to write; `starts` and `ends`
 * get where each of them lies. Texts carried over side by side in the same previous section are
 * copied together, in large reads.
 */
function* packTexts(
  documents: readonly SourceEntry[],
  place: (entry: SourceEntry, index: number) => boolean,
  starts: Float64Array,
  ends: Float64Array,
  crcs: Uint32Array,
): Generator<Uint8Array> {
  let offset = 0;
  let pending: ({ from: SourceFile } & Location) | null = null;
  function* flush(): Generator<Uint8Array> {
    if (!pending) return;
    for (let start = pending.start; start < pending.end; start += COPY_BLOCK_BYTES) {
      yield pending.from.rawBytes(pending.inDelta, start, Math.min(pending.end, start + COPY_BLOCK_BYTES));
    }
    pending = null;
  }
  for (const [index, document] of documents.entries()) {
    if (!place(document, index)) continue;
    starts[index] = offset;
    if ('text' in document) {
      yield* flush();
      const bytes = encoder.encode(document.text);
      crcs[index] = crc32(bytes);
      offset += bytes.byteLength;
      ends[index] = offset;
      yield bytes;
      continue;
    }
    const where = document.from.locationOf(document.number);
    offset += where.end - where.start;
    ends[index] = offset;
    if (pending && pending.from === document.from && pending.inDelta === where.inDelta && pending.end === where.start) pending.end = where.end;
    else {
      yield* flush();
      pending = { from: document.from, ...where };
    }
  }
  yield* flush();
}

const fileList = (documents: readonly SourceEntry[]) => encoder.encode(JSON.stringify(documents.map((document) => document.file)));

/** Where each text starts, and the end of the last. */
function offsetsOf(starts: Float64Array, ends: Float64Array): Float64Array {
  const offsets = new Float64Array(starts.length + 1);
  offsets.set(starts);
  offsets[starts.length] = ends.at(-1) ?? 0;
  return offsets;
}

/** The checksums of carried texts, as their store has them (read and computed for a store written before it kept them); null for a new text. */
function carriedCrcs(documents: readonly SourceEntry[], compute: boolean): { crcs: Uint32Array; known: boolean } {
  const crcs = new Uint32Array(documents.length);
  let known = true;
  documents.forEach((document, index) => {
    if ('text' in document) return;
    const crc = document.from.crcOf(document.number);
    if (crc !== null) crcs[index] = crc;
    else if (compute) crcs[index] = crc32(document.from.bytesOf(document.number));
    else known = false;
  });
  return { crcs, known };
}

/** Texts are stored as UTF-8: a lone UTF-16 surrogate (a PDF's text may hold one), which has no UTF-8 form, reads back as U+FFFD. */
export function writeSourceFile(path: string, documents: readonly SourceEntry[]): void {
  const starts = new Float64Array(documents.length);
  const ends = new Float64Array(documents.length);
  const { crcs } = carriedCrcs(documents, true);
  writeSectionFile(path, MAGIC, { version: VERSION, files: documents.length }, [
    { name: 'text', content: () => packTexts(documents, () => true, starts, ends, crcs) },
    { name: 'offsets', content: () => [bytesOf(offsetsOf(starts, ends))] },
    { name: 'files', content: () => [fileList(documents)] },
    { name: 'crcs', content: () => [bytesOf(crcs)] },
  ]);
}

/** The previous store every carried entry comes from, when there is exactly one. */
function carriedFrom(documents: readonly SourceEntry[]): SourceFile | null {
  let from: SourceFile | null = null;
  for (const document of documents) {
    if ('text' in document) continue;
    if (from && document.from !== from) return null;
    from = document.from;
  }
  return from;
}

/** Where an entry's text is in the previous store's base, or null when it is not there (a new text, or one in the previous delta). */
const baseLocation = (document: SourceEntry): Location | null => {
  if ('text' in document) return null;
  const where = document.from.locationOf(document.number);
  return where.inDelta ? null : where;
};

/**
 * The source store of a new build at `basePath` (and `deltaPath`): the previous build's base linked
 * with a delta of the texts not in it, when most of the base is still used and the delta stays small
 * (see MAX_DELTA_SHARE); else written whole, without a delta.
 */
export function writeSourceStore(basePath: string, deltaPath: string, documents: readonly SourceEntry[]): 'delta' | 'whole' {
  rmSync(deltaPath, { force: true });
  const from = carriedFrom(documents);
  const locations = documents.map(baseLocation);
  let usedBaseBytes = 0;
  let deltaBytes = 0;
  documents.forEach((document, index) => {
    const where = locations[index];
    if (where) usedBaseBytes += where.end - where.start;
    else deltaBytes += 'text' in document ? Buffer.byteLength(document.text) : document.from.byteLength(document.number);
  });
  const baseBytes = from?.baseByteLength ?? 0;
  if (!from || baseBytes === 0 || usedBaseBytes < (1 - MAX_DELTA_SHARE) * baseBytes || deltaBytes > MAX_DELTA_SHARE * baseBytes) {
    writeSourceFile(basePath, documents);
    return 'whole';
  }
  try {
    linkSync(from.basePath, basePath);
  } catch {
    copyFileSync(from.basePath, basePath);
  }
  const starts = Float64Array.from(locations, (where) => where?.start ?? 0);
  const ends = Float64Array.from(locations, (where) => where?.end ?? 0);
  // A store written before checksums were kept is not read whole for them: its texts go unchecked until the base is written again.
  const { crcs, known } = carriedCrcs(documents, false);
  writeSectionFile(deltaPath, DELTA_MAGIC, { version: DELTA_VERSION, files: documents.length }, [
    { name: 'text', content: () => packTexts(documents, (_, index) => locations[index] === null, starts, ends, crcs) },
    { name: 'where', content: () => [Uint8Array.from(locations, (where) => (where ? 0 : 1))] },
    { name: 'starts', content: () => [bytesOf(starts)] },
    { name: 'ends', content: () => [bytesOf(ends)] },
    { name: 'files', content: () => [fileList(documents)] },
    ...(known ? [{ name: 'crcs', content: () => [bytesOf(crcs)] }] : []),
  ]);
  return 'delta';
}

export class SourceFile implements SourceStore {
  private numbers: Map<string, number> | null = null;
  private readonly decoded = new Map<number, string>();
  private cachedChars = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  /** 1 for a text whose checksum was checked. */
  private readonly checked: Uint8Array;

  private constructor(
    private readonly names: readonly string[],
    /** 1 where a text is in the delta's texts, 0 in the base's; null: all in the base. */
    private readonly inDelta: Uint8Array | null,
    private readonly starts: Float64Array,
    private readonly ends: Float64Array,
    private readonly baseText: LazySection,
    private readonly deltaText: LazySection | null,
    /** The base file (sources.bin), which a rebuild links. */
    readonly basePath: string,
    /** Each text's CRC-32; null in a store written before they were kept. */
    private readonly crcs: Uint32Array | null,
  ) {
    this.checked = new Uint8Array(crcs ? names.length : 0);
  }

  /** Throws when a file is not a source store (or its delta), is truncated or damaged. `deltaPath`: read when that file exists. */
  static open(path: string, deltaPath?: string): SourceFile {
    const file = SectionFile.open(path, MAGIC, VERSION);
    const names = file.json('files');
    const count = file.header.files;
    if (!isStringList(names) || names.length !== count) throw new Error(`${path} is unreadable: damaged file list`);
    const offsets = file.float64('offsets', names.length + 1);
    const baseText = file.lazy('text');
    for (let index = 0; index < names.length; index++) {
      if (!(offsets[index]! <= offsets[index + 1]!)) throw new Error(`${path} is unreadable: text offsets out of order`);
    }
    if (offsets[0] !== 0 || offsets[names.length] !== baseText.length) throw new Error(`${path} is unreadable: text offsets do not match the text`);
    if (!deltaPath || !existsSync(deltaPath)) {
      const crcs = file.has('crcs') ? file.uint32('crcs', names.length) : null;
      return new SourceFile(names, null, offsets.subarray(0, names.length), offsets.subarray(1), baseText, null, path, crcs);
    }

    const delta = SectionFile.open(deltaPath, DELTA_MAGIC, DELTA_VERSION);
    const deltaNames = delta.json('files');
    if (!isStringList(deltaNames) || deltaNames.length !== delta.header.files) throw new Error(`${deltaPath} is unreadable: damaged file list`);
    const inDelta = delta.bytes('where', 1, deltaNames.length);
    const starts = delta.float64('starts', deltaNames.length);
    const ends = delta.float64('ends', deltaNames.length);
    const deltaText = delta.lazy('text');
    for (let index = 0; index < deltaNames.length; index++) {
      const limit = inDelta[index] === 1 ? deltaText.length : baseText.length;
      if (!(0 <= starts[index]! && starts[index]! <= ends[index]! && ends[index]! <= limit)) throw new Error(`${deltaPath} is unreadable: a text lies outside its file`);
    }
    const crcs = delta.has('crcs') ? delta.uint32('crcs', deltaNames.length) : null;
    return new SourceFile(deltaNames, inDelta, starts, ends, baseText, deltaText, path, crcs);
  }

  get count(): number {
    return this.names.length;
  }

  /** Bytes of texts in the base file, whether this store still uses them or not. */
  get baseByteLength(): number {
    return this.baseText.length;
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
    const where = this.locationOf(number);
    return where.end - where.start;
  }

  /** Where the text of source `number` is (what a new build copies or links). */
  locationOf(number: number): Location {
    this.fileAt(number);
    return { inDelta: this.inDelta?.[number] === 1, start: this.starts[number]!, end: this.ends[number]! };
  }

  /** Bytes `start` to `end` of the base's texts (or of the delta's), undecoded. */
  rawBytes(inDelta: boolean, start: number, end: number): Uint8Array {
    const text = inDelta ? this.deltaText : this.baseText;
    if (!text) throw new Error('this source store has no delta');
    return text.read(start, end - start);
  }

  /** The CRC-32 of source `number`'s UTF-8 text, or null when this store does not keep them. */
  crcOf(number: number): number | null {
    this.fileAt(number);
    return this.crcs ? this.crcs[number]! : null;
  }

  /** The whole UTF-8 text of source `number`, undecoded and unchecked. */
  bytesOf(number: number): Uint8Array {
    const where = this.locationOf(number);
    return this.rawBytes(where.inDelta, where.start, where.end);
  }

  /** Throws when the text of source `number` does not match its checksum (read whole once, then known good). */
  private check(number: number): void {
    if (!this.crcs || this.checked[number] === 1) return;
    if (crc32(this.bytesOf(number)) !== this.crcs[number]) {
      throw new IndexUnavailableError(`the index's text of ${this.fileAt(number)} is damaged (checksum, in ${this.basePath}); run \`npm run build\` to rebuild it`);
    }
    this.checked[number] = 1;
  }

  /** Bytes `start` to `end` of source `number`'s UTF-8 text, decoded (a passage of it). */
  textAt(number: number, start: number, end: number): string {
    this.check(number);
    const where = this.locationOf(number);
    if (start < 0 || end < start || end > where.end - where.start) throw new RangeError(`bytes ${start}–${end} are outside source ${number}`);
    return this.decoder.decode(this.rawBytes(where.inDelta, where.start + start, where.start + end));
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

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
