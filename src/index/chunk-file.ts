import { chunkId } from '../corpus/chunk.ts';
import type { Lang } from '../text/lang.ts';
import type { ChunkStore, LoadedChunk } from './chunk-store.ts';
import { SectionFile, bytesOf, writeSectionFile, type LazySection } from './section-file.ts';
import type { SourceEntry, SourceFile } from './source-file.ts';
import { chunkCount, freshRuns, type CarriedRun, type ChunkRun, type FreshRun } from './chunk-runs.ts';
import type { StoredChunk } from './stored-chunk.ts';
import { BoundedMap } from '../text/bounded-map.ts';

/**
 * The chunk store of a file build (chunks.bin), in columns: one uint32 per chunk for each number
 * and for each string, the strings (titles, URLs, dates, languages, headings) written once in a
 * JSON list. A chunk's text is not stored again: it is a slice of its source's text, kept as the
 * UTF-8 byte range to read from sources.bin. What is not derived that way is stored as an extra
 * text: a `plain` that differs from the text, a text that is not the slice its offsets name, an id
 * not made the usual way. Opening reads the columns and the string lists, nothing else; a chunk's
 * texts are read when it is asked for.
 */
const MAGIC = 'CBCHK001';
const VERSION = 1;
/** In a column: null (url, date), absent (page), or derived (id, text, plain). */
const NONE = 0xffffffff;
const EMBED_KEY_BYTES = 32;
const LANGUAGES: readonly string[] = ['fr', 'en'] satisfies Lang[];

const COLUMNS = [
  'source',
  'title',
  'url',
  'date',
  'language',
  'headings',
  'paragraph',
  'part',
  'line',
  'page',
  'start',
  'end',
  'byteStart',
  'byteEnd',
  'id',
  'text',
  'plain',
] as const;
export type Column = (typeof COLUMNS)[number];
type Columns = Record<Column, Uint32Array>;

/** Strings written once and named by number. */
class Interned<T> {
  readonly values: T[] = [];
  private readonly numbers = new Map<string, number>();

  numberOf(value: T, key = String(value)): number {
    let number = this.numbers.get(key);
    if (number === undefined) {
      number = this.values.push(value) - 1;
      this.numbers.set(key, number);
    }
    return number;
  }
}

/** Does `offset` fall between two UTF-16 units of one character (a surrogate pair)? */
const splitsPair = (text: string, offset: number) => /[\uDC00-\uDFFF]/u.test(text[offset] ?? '') && /[\uD800-\uDBFF]/u.test(text[offset - 1] ?? '');

/** UTF-8 byte offsets of UTF-16 offsets in one text, counted on from the last one asked when it is further on. */
class ByteOffsets {
  private text = '';
  private unit = 0;
  private byte = 0;

  of(text: string, unit: number): number {
    if (text !== this.text || unit < this.unit) {
      this.text = text;
      this.unit = 0;
      this.byte = 0;
    }
    this.byte += Buffer.byteLength(text.slice(this.unit, unit));
    this.unit = unit;
    return this.byte;
  }
}

/**
 * Writes the chunk store of `chunks`, whose files are among `sources` (in the order writeSourceFile
 * was given them). Refuses what the format cannot hold (a negative or fractional offset, an embedding
 * key that is not a sha256).
 */
export function writeChunkFile(path: string, chunks: readonly StoredChunk[], sources: readonly SourceEntry[]): void {
  writeChunkRuns(path, freshRuns(chunks, null), sources, null);
}

/**
 * writeChunkFile for a build laid out in runs: new chunks, and chunks of `previous` (the serving
 * build's store) copied row by row, their strings and extra texts carried over and their sources
 * renumbered, without reading their texts.
 */
export function writeChunkRuns(path: string, runs: readonly ChunkRun[], sources: readonly SourceEntry[], previous: ChunkFile | null): void {
  const count = chunkCount(runs);
  const columns = Object.fromEntries(COLUMNS.map((name) => [name, new Uint32Array(count)])) as Columns;
  const strings = new Interned<string>();
  const headingLists = new Interned<number[]>();
  const extraOffsets: number[] = [0];
  const sourceNumbers = new Map(sources.map((source, number) => [source.file, number]));
  const keyed = runs.some((run) => (run.kind === 'fresh' ? run.chunks.some((chunk) => chunk.embedKey !== null) : previous?.keyed));
  const encoder = new TextEncoder();
  const uint32 = (value: number, what: string, chunk: StoredChunk) => {
    if (!Number.isInteger(value) || value < 0 || value >= NONE) throw new Error(`chunk ${chunk.id}: its ${what} (${value}) cannot be stored`);
    return value;
  };
  const carried = previous ? new CarriedNumbers(previous, strings, headingLists, sourceNumbers) : null;

  let extraBytes = 0;
  /** Row `position` of an extra-text column: NONE, or the number of the extra text written for it. */
  function* setExtra(column: (typeof EXTRA_COLUMNS)[number], position: number, encoded: Uint8Array | null): Generator<Uint8Array> {
    if (encoded === null) {
      columns[column][position] = NONE;
      return;
    }
    columns[column][position] = extraOffsets.length - 1;
    extraBytes += encoded.byteLength;
    extraOffsets.push(extraBytes);
    yield encoded;
  }

  /** Rows of the previous store copied from `run.start` on, into `position` on; returns the position after them. */
  function* copyCarried(run: CarriedRun, position: number): Generator<Uint8Array, number> {
    if (!previous || !carried) throw new Error('chunks carried over without the store they come from');
    for (const column of COPIED_COLUMNS) columns[column].set(previous.column(column).subarray(run.start, run.end), position);
    const old = Object.fromEntries([...RENUMBERED_COLUMNS, ...EXTRA_COLUMNS].map((column) => [column, previous.column(column)])) as Pick<
      Columns,
      (typeof RENUMBERED_COLUMNS)[number] | (typeof EXTRA_COLUMNS)[number]
    >;
    for (let from = run.start; from < run.end; from++, position++) {
      columns.source[position] = carried.source(old.source[from]!);
      for (const column of ['title', 'url', 'date', 'language'] as const) columns[column][position] = carried.string(old[column][from]!);
      columns.headings[position] = carried.headings(old.headings[from]!);
      for (const column of EXTRA_COLUMNS) {
        const number = old[column][from]!;
        yield* setExtra(column, position, number === NONE ? null : previous.extraBytes(number));
      }
    }
    return position;
  }

  const bytes = new ByteOffsets();
  /** New chunks written into `position` on; returns the position after them. */
  function* writeFresh(run: FreshRun, position: number): Generator<Uint8Array, number> {
    for (const chunk of run.chunks) {
      const number = sourceNumbers.get(chunk.file);
      const entry = number === undefined ? undefined : sources[number];
      if (number === undefined || !entry) throw new Error(`chunk ${chunk.id}: its file is not among the sources`);
      if (!('text' in entry)) throw new Error(`chunk ${chunk.id}: a new chunk of a source carried over`);
      const source = entry.text;
      const set = (column: Column, value: number) => (columns[column][position] = value);
      set('source', number);
      set('title', strings.numberOf(chunk.title));
      set('url', chunk.url === null ? NONE : strings.numberOf(chunk.url));
      set('date', chunk.date === null ? NONE : strings.numberOf(chunk.date));
      set('language', strings.numberOf(chunk.language));
      set('headings', headingLists.numberOf(chunk.headings.map((heading) => strings.numberOf(heading)), JSON.stringify(chunk.headings)));
      set('paragraph', uint32(chunk.paragraph, 'paragraph', chunk));
      set('part', uint32(chunk.part, 'part', chunk));
      set('line', uint32(chunk.line, 'line', chunk));
      set('page', chunk.page === undefined ? NONE : uint32(chunk.page, 'page', chunk));
      const start = set('start', uint32(chunk.start, 'start', chunk));
      const end = set('end', uint32(chunk.end, 'end', chunk));
      const isSlice = start <= end && end <= source.length && end - start === chunk.text.length && source.startsWith(chunk.text, start) && !splitsPair(source, start) && !splitsPair(source, end);
      if (isSlice) {
        set('byteStart', bytes.of(source, start));
        set('byteEnd', bytes.of(source, end));
      }
      yield* setExtra('text', position, isSlice ? null : encoder.encode(chunk.text));
      yield* setExtra('plain', position, chunk.plain === chunk.text ? null : encoder.encode(chunk.plain));
      yield* setExtra('id', position, chunk.id === chunkId(chunk.file, chunk.paragraph, chunk.part) ? null : encoder.encode(chunk.id));
      position++;
    }
    return position;
  }

  // One pass over the chunks fills the columns while the extra texts are written: they are never held all at once.
  function* extras(): Generator<Uint8Array> {
    let position = 0;
    for (const run of runs) position = run.kind === 'carried' ? yield* copyCarried(run, position) : yield* writeFresh(run, position);
  }

  function* embedKeys(): Generator<Uint8Array> {
    for (const run of runs) {
      if (run.kind === 'carried') {
        if (!previous?.keyed) throw new Error('chunks carried over without their embedding keys');
        yield previous.embedKeyBytes(run.start, run.end);
        continue;
      }
      for (const chunk of run.chunks) {
        if (chunk.embedKey === null || !/^[0-9a-f]{64}$/u.test(chunk.embedKey)) throw new Error(`chunk ${chunk.id}: its embedding key is not a sha256`);
        yield Buffer.from(chunk.embedKey, 'hex');
      }
    }
  }

  writeSectionFile(path, MAGIC, { version: VERSION, chunks: count, embedKeys: keyed }, [
    { name: 'extras', content: extras },
    { name: 'extraOffsets', content: () => [bytesOf(Float64Array.from(extraOffsets))] },
    ...COLUMNS.map((name) => ({ name, content: () => [bytesOf(columns[name])] })),
    { name: 'strings', content: () => [encoder.encode(JSON.stringify(strings.values))] },
    { name: 'headingLists', content: () => [encoder.encode(JSON.stringify(headingLists.values))] },
    ...(keyed ? [{ name: 'embedKeys', content: embedKeys }] : []),
  ]);
}

/** Columns a carried-over row keeps as they are (numbers that do not name strings, extras or sources). */
const COPIED_COLUMNS = ['paragraph', 'part', 'line', 'page', 'start', 'end', 'byteStart', 'byteEnd'] as const satisfies readonly Column[];
const EXTRA_COLUMNS = ['text', 'plain', 'id'] as const satisfies readonly Column[];
/** Columns a carried-over row renumbers (CarriedNumbers). */
const RENUMBERED_COLUMNS = ['source', 'title', 'url', 'date', 'language', 'headings'] as const satisfies readonly Column[];

/** The previous store's numbers (strings, heading lists, sources) in the store being written, each looked up once. */
class CarriedNumbers {
  private readonly strings: Int32Array;
  private readonly lists: Int32Array;
  private readonly sources: Int32Array;

  constructor(
    private readonly previous: ChunkFile,
    private readonly newStrings: Interned<string>,
    private readonly newLists: Interned<number[]>,
    private readonly newSources: ReadonlyMap<string, number>,
  ) {
    this.strings = new Int32Array(previous.stringCount).fill(-1);
    this.lists = new Int32Array(previous.headingListCount).fill(-1);
    this.sources = new Int32Array(previous.sourceCount).fill(-1);
  }

  string(number: number): number {
    if (number === NONE) return NONE;
    if (this.strings[number] === -1) this.strings[number] = this.newStrings.numberOf(this.previous.stringAt(number));
    return this.strings[number]!;
  }

  headings(number: number): number {
    if (this.lists[number] === -1) {
      const headings = this.previous.headingsAt(number);
      this.lists[number] = this.newLists.numberOf(
        headings.map((heading) => this.newStrings.numberOf(heading)),
        JSON.stringify(headings),
      );
    }
    return this.lists[number]!;
  }

  source(number: number): number {
    if (this.sources[number] === -1) {
      const file = this.previous.sourceFileAt(number);
      const renumbered = this.newSources.get(file);
      if (renumbered === undefined) throw new Error(`${file}: its chunks are carried over but not its text`);
      this.sources[number] = renumbered;
    }
    return this.sources[number]!;
  }
}

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
const isNumberLists = (value: unknown): value is number[][] =>
  Array.isArray(value) && value.every((list) => Array.isArray(list) && list.every((item) => Number.isInteger(item)));

/** Chunks kept decoded: the candidates of recent questions, each read from disk once (a positional read of its text). */
const CACHED_CHUNKS = 20_000;

export class ChunkFile implements ChunkStore {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly recent = new BoundedMap<number, LoadedChunk>(CACHED_CHUNKS);

  private constructor(
    private readonly columns: Columns,
    private readonly strings: readonly string[],
    private readonly headingLists: readonly (readonly string[])[],
    private readonly extras: LazySection,
    private readonly extraOffsets: Float64Array,
    private readonly embedKeys: LazySection | null,
    private readonly sources: SourceFile,
  ) {}

  /** Throws when the file is not a chunk store, is truncated, damaged, or names what `sources` lacks. */
  static open(path: string, sources: SourceFile): ChunkFile {
    const file = SectionFile.open(path, MAGIC, VERSION);
    const count = file.header.chunks;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw new Error(`${path} is unreadable: no chunk count`);
    const fail = (reason: string) => new Error(`${path} is unreadable: ${reason}`);
    const strings = file.json('strings');
    const lists = file.json('headingLists');
    if (!isStringList(strings) || !isNumberLists(lists) || lists.some((list) => list.some((number) => number < 0 || number >= strings.length))) {
      throw fail('damaged string lists');
    }
    const extraOffsets = file.float64('extraOffsets');
    const extras = file.lazy('extras');
    if (extraOffsets.length === 0 || extraOffsets[0] !== 0 || extraOffsets[extraOffsets.length - 1] !== extras.length) throw fail('extra texts do not match their offsets');
    const columns = Object.fromEntries(COLUMNS.map((name) => [name, file.uint32(name, count)])) as Columns;
    checkColumns(columns, { count, strings, lists: lists.length, extras: extraOffsets.length - 1, sources }, fail);
    const embedKeys = file.header.embedKeys === true ? file.lazy('embedKeys') : null;
    if (embedKeys && embedKeys.length !== count * EMBED_KEY_BYTES) throw fail('embedding keys do not match the chunks');
    const headingLists = lists.map((list) => list.map((number) => strings[number]!));
    return new ChunkFile(columns, strings, headingLists, extras, extraOffsets, embedKeys, sources);
  }

  get length(): number {
    return this.columns.source.length;
  }

  // What a new build reads to carry rows over as they are (writeChunkRuns).
  get keyed(): boolean {
    return this.embedKeys !== null;
  }

  get stringCount(): number {
    return this.strings.length;
  }

  get headingListCount(): number {
    return this.headingLists.length;
  }

  get sourceCount(): number {
    return this.sources.count;
  }

  column(name: Column): Uint32Array {
    return this.columns[name];
  }

  stringAt(number: number): string {
    return this.strings[number]!;
  }

  headingsAt(number: number): readonly string[] {
    return this.headingLists[number]!;
  }

  sourceFileAt(number: number): string {
    return this.sources.fileAt(number);
  }

  extraBytes(number: number): Uint8Array {
    const start = this.extraOffsets[number]!;
    return this.extras.read(start, this.extraOffsets[number + 1]! - start);
  }

  /** The embedding keys of chunks `start` to `end`, 32 bytes each, back to back. */
  embedKeyBytes(start: number, end: number): Uint8Array {
    if (!this.embedKeys) throw new Error('this chunk store has no embedding keys');
    return this.embedKeys.read(start * EMBED_KEY_BYTES, (end - start) * EMBED_KEY_BYTES);
  }

  /** The first chunk of each source and the end of its chunks (sources with none: start = end), or null when a source's chunks are not side by side. */
  chunkRangesOfSources(): { starts: Uint32Array; ends: Uint32Array } | null {
    const starts = new Uint32Array(this.sources.count);
    const ends = new Uint32Array(this.sources.count);
    const seen = new Uint8Array(this.sources.count);
    const sourceColumn = this.columns.source;
    for (let position = 0; position < sourceColumn.length; position++) {
      const source = sourceColumn[position]!;
      if (seen[source] === 0) {
        seen[source] = 1;
        starts[source] = position;
      } else if (ends[source] !== position) return null;
      ends[source] = position + 1;
    }
    return { starts, ends };
  }

  private extra(number: number): string {
    return this.decoder.decode(this.extraBytes(number));
  }

  private string(number: number): string | null {
    return number === NONE ? null : this.strings[number]!;
  }

  fileOf(position: number): string {
    this.check(position);
    return this.sources.fileAt(this.columns.source[position]!);
  }

  private check(position: number): void {
    if (!Number.isInteger(position) || position < 0 || position >= this.length) throw new RangeError(`no chunk at position ${position} (${this.length} chunks)`);
  }

  /** Frozen: the same object is handed to every caller while it stays cached. */
  at(position: number): LoadedChunk {
    let chunk = this.recent.get(position);
    if (!chunk) {
      chunk = Object.freeze(this.read(position));
      this.recent.set(position, chunk);
    }
    return chunk;
  }

  private read(position: number): LoadedChunk {
    this.check(position);
    const value = (column: Column) => this.columns[column][position]!;
    const source = value('source');
    const file = this.sources.fileAt(source);
    const paragraph = value('paragraph');
    const part = value('part');
    const page = value('page');
    const text = value('text') === NONE ? this.sources.textAt(source, value('byteStart'), value('byteEnd')) : this.extra(value('text'));
    return {
      id: value('id') === NONE ? chunkId(file, paragraph, part) : this.extra(value('id')),
      file,
      title: this.strings[value('title')]!,
      url: this.string(value('url')),
      date: this.string(value('date')),
      headings: [...this.headingLists[value('headings')]!],
      language: this.strings[value('language')] as Lang,
      paragraph,
      part,
      line: value('line'),
      ...(page === NONE ? {} : { page }),
      start: value('start'),
      end: value('end'),
      text,
      plain: value('plain') === NONE ? text : this.extra(value('plain')),
      embedKey: this.embedKeys ? Buffer.from(this.embedKeys.read(position * EMBED_KEY_BYTES, EMBED_KEY_BYTES)).toString('hex') : null,
      position,
    };
  }

  *[Symbol.iterator](): Iterator<LoadedChunk> {
    // Not through the cache: a pass over every chunk (a rebuild) would only churn it.
    for (let position = 0; position < this.length; position++) yield this.read(position);
  }
}

interface ColumnLimits {
  count: number;
  strings: readonly string[];
  lists: number;
  extras: number;
  sources: SourceFile;
}

/** Every number that names something names what exists: a damaged store is refused at open, not while answering. */
function checkColumns(columns: Columns, limits: ColumnLimits, fail: (reason: string) => Error): void {
  const { source, title, url, date, language, headings, start, end, byteStart, byteEnd, id, text, plain } = columns;
  const strings = limits.strings.length;
  const languages = new Set<number>();
  for (let position = 0; position < limits.count; position++) {
    const number = source[position]!;
    if (number >= limits.sources.count) throw fail(`chunk ${position} names source ${number} of ${limits.sources.count}`);
    if (title[position]! >= strings || language[position]! >= strings || headings[position]! >= limits.lists) throw fail(`chunk ${position} names a string that is not there`);
    if ((url[position] !== NONE && url[position]! >= strings) || (date[position] !== NONE && date[position]! >= strings)) throw fail(`chunk ${position} names a string that is not there`);
    for (const ref of [id[position]!, text[position]!, plain[position]!]) if (ref !== NONE && ref >= limits.extras) throw fail(`chunk ${position} names an extra text that is not there`);
    if (start[position]! > end[position]!) throw fail(`chunk ${position} ends before it starts`);
    if (text[position] === NONE && (byteStart[position]! > byteEnd[position]! || byteEnd[position]! > limits.sources.byteLength(number))) throw fail(`chunk ${position} lies outside its source`);
    languages.add(language[position]!);
  }
  for (const number of languages) if (!LANGUAGES.includes(limits.strings[number]!)) throw fail(`unknown language ${limits.strings[number]}`);
}
