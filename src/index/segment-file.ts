import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import type { FieldPostings, Segment } from './segment.ts';

/**
 * A segment on disk: a magic word, a JSON header naming each section (offset, length, crc32), then
 * the sections, 8-byte aligned: the terms (one per line), the page names (JSON), and the typed
 * arrays of the postings, little-endian, read back with one read each into their own buffer. Term
 * counts are stored as bytes, with the rare counts from 255 up in an overflow list.
 */
const MAGIC = 'CBLXSEG1';
const SEGMENT_FILE_VERSION = 1;
/** A count byte of this value means "see the overflow list". */
const ESCAPE = 255;

interface SectionEntry {
  name: string;
  offset: number;
  length: number;
  crc: number;
}

interface Header {
  version: number;
  passages: number;
  pages: number;
  terms: number;
  sections: SectionEntry[];
}

/** A segment file that cannot be read as one: damaged, truncated, or of another format. */
export class SegmentFileError extends Error {
  constructor(path: string, reason: string) {
    super(`lexical segment ${path} is unreadable: ${reason}`);
    this.name = 'SegmentFileError';
  }
}

const bytesOf = (array: ArrayBufferView): Uint8Array => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

function countSections(prefix: string, postings: FieldPostings): [string, Uint8Array][] {
  const text = new Uint8Array(postings.docs.length);
  const context = new Uint8Array(postings.docs.length);
  const overflow: number[] = [];
  for (let position = 0; position < postings.docs.length; position++) {
    const t = postings.textCounts[position]!;
    const c = postings.contextCounts[position]!;
    text[position] = Math.min(t, ESCAPE);
    context[position] = Math.min(c, ESCAPE);
    if (t >= ESCAPE || c >= ESCAPE) overflow.push(position, t, c);
  }
  return [
    [`${prefix}.offsets`, bytesOf(postings.offsets)],
    [`${prefix}.docs`, bytesOf(postings.docs)],
    [`${prefix}.textCounts`, text],
    [`${prefix}.contextCounts`, context],
    [`${prefix}.overflow`, bytesOf(Uint32Array.from(overflow))],
    [`${prefix}.textLengths`, bytesOf(postings.textLengths)],
    [`${prefix}.contextLengths`, bytesOf(postings.contextLengths)],
  ];
}

export function writeSegment(path: string, segment: Segment): void {
  const encoder = new TextEncoder();
  const sections: [string, Uint8Array][] = [
    ['terms', encoder.encode(segment.terms.join('\n'))],
    ['pageNames', encoder.encode(JSON.stringify(segment.pageNames))],
    ['pageOfPassage', bytesOf(segment.pageOfPassage)],
    ...countSections('passages', segment.passages),
    ...countSections('pages', segment.pages),
  ];
  // The header's own length decides where the sections start: lay it out with room to spare, then pad.
  const entries: SectionEntry[] = sections.map(([name, data]) => ({ name, offset: 0, length: data.byteLength, crc: crc32(data) }));
  const header: Header = {
    version: SEGMENT_FILE_VERSION,
    passages: segment.pageOfPassage.length,
    pages: segment.pageNames.length,
    terms: segment.terms.length,
    sections: entries,
  };
  const align = (value: number) => Math.ceil(value / 8) * 8;
  let headerBytes = encoder.encode(JSON.stringify(header));
  for (let attempt = 0; attempt < 4; attempt++) {
    let offset = align(MAGIC.length + 4 + headerBytes.byteLength + 64);
    for (const entry of entries) {
      entry.offset = offset;
      offset = align(offset + entry.length);
    }
    headerBytes = encoder.encode(JSON.stringify(header));
  }
  const start = entries[0]!.offset;
  if (MAGIC.length + 4 + headerBytes.byteLength > start) throw new Error('segment header does not fit');
  const prologue = new Uint8Array(start);
  prologue.set(encoder.encode(MAGIC), 0);
  new DataView(prologue.buffer).setUint32(MAGIC.length, headerBytes.byteLength, true);
  prologue.set(headerBytes, MAGIC.length + 4);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, prologue, 0, prologue.byteLength, 0);
    sections.forEach(([, data], index) => {
      if (data.byteLength > 0) writeSync(fd, data, 0, data.byteLength, entries[index]!.offset);
    });
    const end = align(entries.at(-1)!.offset + entries.at(-1)!.length);
    const last = entries.at(-1)!.offset + entries.at(-1)!.length;
    if (end > last) writeSync(fd, new Uint8Array(end - last), 0, end - last, last);
  } finally {
    closeSync(fd);
  }
}

class SegmentReader {
  private readonly fd: number;
  private readonly size: number;
  readonly header: Header;
  private readonly byName: Map<string, SectionEntry>;

  constructor(private readonly path: string) {
    this.fd = openSync(path, 'r');
    try {
      this.size = fstatSync(this.fd).size;
      const prologue = this.bytes(0, MAGIC.length + 4);
      if (new TextDecoder().decode(prologue.subarray(0, MAGIC.length)) !== MAGIC) throw this.error('not a citebot lexical segment');
      const headerLength = new DataView(prologue.buffer).getUint32(MAGIC.length, true);
      let header: Header;
      try {
        header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(this.bytes(MAGIC.length + 4, headerLength))) as Header;
      } catch {
        throw this.error('damaged header');
      }
      if (header.version !== SEGMENT_FILE_VERSION) throw this.error(`format ${header.version}, expected ${SEGMENT_FILE_VERSION}`);
      this.header = header;
      this.byName = new Map(header.sections.map((entry) => [entry.name, entry]));
    } catch (error) {
      closeSync(this.fd);
      throw error;
    }
  }

  private error(reason: string): SegmentFileError {
    return new SegmentFileError(this.path, reason);
  }

  private bytes(offset: number, length: number): Uint8Array {
    if (offset + length > this.size) throw this.error(`truncated (${this.size} bytes, needs ${offset + length})`);
    const data = new Uint8Array(new ArrayBuffer(length));
    let done = 0;
    while (done < length) {
      const read = readSync(this.fd, data, done, length - done, offset + done);
      if (read === 0) throw this.error('truncated');
      done += read;
    }
    return data;
  }

  section(name: string, elementSize = 1, expected?: number): Uint8Array {
    const entry = this.byName.get(name);
    if (!entry) throw this.error(`no section ${name}`);
    if (entry.length % elementSize !== 0 || (expected !== undefined && entry.length !== expected * elementSize)) throw this.error(`section ${name} has the wrong size`);
    const data = this.bytes(entry.offset, entry.length);
    if (crc32(data) !== entry.crc) throw this.error(`section ${name} is damaged (checksum)`);
    return data;
  }

  uint32(name: string, expected?: number): Uint32Array {
    const data = this.section(name, 4, expected);
    return new Uint32Array(data.buffer, 0, data.byteLength / 4);
  }

  text(name: string): string {
    return new TextDecoder('utf-8', { fatal: true }).decode(this.section(name));
  }

  close(): void {
    closeSync(this.fd);
  }

  postings(prefix: string, documents: number, terms: number): FieldPostings {
    const offsets = this.uint32(`${prefix}.offsets`, terms + 1);
    const total = offsets[terms]!;
    const docs = this.uint32(`${prefix}.docs`, total);
    for (let term = 0; term < terms; term++) if (offsets[term]! > offsets[term + 1]!) throw this.error(`${prefix} offsets out of order`);
    let largest = 0;
    for (let position = 0; position < docs.length; position++) if (docs[position]! > largest) largest = docs[position]!;
    if (docs.length > 0 && largest >= documents) throw this.error(`${prefix} posting names document ${largest} of ${documents}`);
    const text = this.section(`${prefix}.textCounts`, 1, total);
    const context = this.section(`${prefix}.contextCounts`, 1, total);
    const textCounts = new Uint32Array(text);
    const contextCounts = new Uint32Array(context);
    const overflow = this.uint32(`${prefix}.overflow`);
    for (let i = 0; i + 2 < overflow.length; i += 3) {
      const position = overflow[i]!;
      if (position >= total) throw this.error(`${prefix} overflow out of range`);
      textCounts[position] = overflow[i + 1]!;
      contextCounts[position] = overflow[i + 2]!;
    }
    return {
      offsets,
      docs,
      textCounts,
      contextCounts,
      textLengths: this.uint32(`${prefix}.textLengths`, documents),
      contextLengths: this.uint32(`${prefix}.contextLengths`, documents),
    };
  }
}

export function readSegment(path: string): Segment {
  const reader = new SegmentReader(path);
  try {
    const { passages, pages, terms: termCount } = reader.header;
    const termText = reader.text('terms');
    const terms = termCount === 0 ? [] : termText.split('\n');
    if (terms.length !== termCount) throw new SegmentFileError(path, 'term count does not match');
    const pageNames = JSON.parse(reader.text('pageNames')) as string[];
    if (!Array.isArray(pageNames) || pageNames.length !== pages) throw new SegmentFileError(path, 'page count does not match');
    const pageOfPassage = reader.uint32('pageOfPassage', passages);
    for (let passage = 0; passage < pageOfPassage.length; passage++) if (pageOfPassage[passage]! >= pages) throw new SegmentFileError(path, 'a passage names a page out of range');
    return {
      terms,
      pageNames,
      pageOfPassage,
      passages: reader.postings('passages', passages, termCount),
      pages: reader.postings('pages', pages, termCount),
    };
  } finally {
    reader.close();
  }
}

/** The pages (files) a segment holds and how many passages each has, without reading its postings. */
export function readSegmentPages(path: string): { names: string[]; passages: Uint32Array } {
  const reader = new SegmentReader(path);
  try {
    const names = JSON.parse(reader.text('pageNames')) as string[];
    const passages = new Uint32Array(names.length);
    for (const page of reader.uint32('pageOfPassage', reader.header.passages)) {
      if (page >= names.length) throw new SegmentFileError(path, 'a passage names a page out of range');
      passages[page]! += 1;
    }
    return { names, passages };
  } finally {
    reader.close();
  }
}
