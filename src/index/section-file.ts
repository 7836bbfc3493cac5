import { closeSync, openSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { RandomAccessFile } from './random-access-file.ts';

/**
 * A file of named sections, for stores that open fast: a magic word, the sections (8-byte aligned),
 * then a JSON header naming each (offset, length, crc32) with the store's own fields, and a footer
 * (header length, header crc32, the magic word again). The header comes last so that sections are
 * written as they are produced, never held whole; a truncated file loses its footer and is refused.
 * Typed arrays are stored little-endian, as the machine holds them.
 */
interface SectionEntry {
  name: string;
  offset: number;
  length: number;
  crc: number;
}

export interface SectionHeader {
  version: number;
  sections: SectionEntry[];
  [field: string]: unknown;
}

export interface SectionInput {
  name: string;
  /** Called when the section's turn comes (after the sections before it are written). */
  content: () => Iterable<Uint8Array>;
}

const MAGIC_BYTES = 8;
const FOOTER_BYTES = 8 + MAGIC_BYTES;
const align = (value: number) => Math.ceil(value / 8) * 8;

export const bytesOf = (array: ArrayBufferView): Uint8Array => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

function magicBytes(magic: string): Uint8Array {
  const bytes = new TextEncoder().encode(magic);
  if (bytes.byteLength !== MAGIC_BYTES) throw new Error(`a section file's magic word has ${MAGIC_BYTES} bytes: ${magic}`);
  return bytes;
}

/** Writes the sections one after the other, then the header with `fields` (and `version`) and the footer. */
export function writeSectionFile(path: string, magic: string, fields: { version: number } & Record<string, unknown>, sections: readonly SectionInput[]): void {
  const descriptor = openSync(path, 'w');
  try {
    let offset = 0;
    const write = (data: Uint8Array) => {
      let done = 0;
      while (done < data.byteLength) done += writeSync(descriptor, data, done, data.byteLength - done, offset + done);
      offset += data.byteLength;
    };
    const pad = () => write(new Uint8Array(align(offset) - offset));
    write(magicBytes(magic));
    const entries: SectionEntry[] = [];
    for (const section of sections) {
      const start = offset;
      let crc = 0;
      for (const piece of section.content()) {
        crc = crc32(piece, crc);
        write(piece);
      }
      entries.push({ name: section.name, offset: start, length: offset - start, crc });
      pad();
    }
    const header = new TextEncoder().encode(JSON.stringify({ ...fields, sections: entries } satisfies SectionHeader));
    write(header);
    const footer = new Uint8Array(FOOTER_BYTES);
    const view = new DataView(footer.buffer);
    view.setUint32(0, header.byteLength, true);
    view.setUint32(4, crc32(header), true);
    footer.set(magicBytes(magic), 8);
    write(footer);
  } finally {
    closeSync(descriptor);
  }
}

/** A section read in parts, when needed (a text too large to read, or to check, at open). */
export interface LazySection {
  readonly length: number;
  read(offset: number, length: number): Uint8Array;
}

/** A section file opened: the header read and checked; sections read on request. */
export class SectionFile {
  private readonly byName: Map<string, SectionEntry>;

  private constructor(
    private readonly file: RandomAccessFile,
    readonly header: SectionHeader,
  ) {
    this.byName = new Map(header.sections.map((entry) => [entry.name, entry]));
  }

  /** Throws, naming the file, when it is not a `magic` file of `version`, is truncated, or its header is damaged. */
  static open(path: string, magic: string, version: number): SectionFile {
    const file = RandomAccessFile.open(path);
    const fail = (reason: string) => new Error(`${path} is unreadable: ${reason}`);
    const expected = new TextDecoder().decode(magicBytes(magic));
    if (file.size < MAGIC_BYTES + FOOTER_BYTES) throw fail(`truncated (${file.size} bytes)`);
    if (new TextDecoder().decode(file.read(0, MAGIC_BYTES)) !== expected) throw fail('not a file of this kind');
    const footer = file.read(file.size - FOOTER_BYTES, FOOTER_BYTES);
    if (new TextDecoder().decode(footer.subarray(8)) !== expected) throw fail('truncated (no footer)');
    const view = new DataView(footer.buffer);
    const headerLength = view.getUint32(0, true);
    const headerStart = file.size - FOOTER_BYTES - headerLength;
    if (headerStart < MAGIC_BYTES) throw fail('damaged footer');
    const headerBytes = file.read(headerStart, headerLength);
    if (crc32(headerBytes) !== view.getUint32(4, true)) throw fail('damaged header (checksum)');
    const header = JSON.parse(new TextDecoder().decode(headerBytes)) as SectionHeader;
    if (header.version !== version) throw fail(`format ${header.version}, expected ${version}`);
    if (!Array.isArray(header.sections) || header.sections.some((entry) => entry.offset < MAGIC_BYTES || entry.offset + entry.length > headerStart)) {
      throw fail('a section lies outside the file');
    }
    return new SectionFile(file, header);
  }

  get path(): string {
    return this.file.path;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  private entry(name: string): SectionEntry {
    const entry = this.byName.get(name);
    if (!entry) throw new Error(`${this.path} is unreadable: no section ${name}`);
    return entry;
  }

  /** A whole section, checked against its checksum; `elementSize` and `count`: the length it must have. */
  bytes(name: string, elementSize = 1, count?: number): Uint8Array {
    const entry = this.entry(name);
    if (entry.length % elementSize !== 0 || (count !== undefined && entry.length !== count * elementSize)) {
      throw new Error(`${this.path} is unreadable: section ${name} has the wrong size`);
    }
    const data = this.file.read(entry.offset, entry.length);
    if (crc32(data) !== entry.crc) throw new Error(`${this.path} is unreadable: section ${name} is damaged (checksum)`);
    return data;
  }

  uint32(name: string, count?: number): Uint32Array {
    const data = this.bytes(name, 4, count);
    return new Uint32Array(data.buffer, 0, data.byteLength / 4);
  }

  float64(name: string, count?: number): Float64Array {
    const data = this.bytes(name, 8, count);
    return new Float64Array(data.buffer, 0, data.byteLength / 8);
  }

  json(name: string): unknown {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(this.bytes(name)));
  }

  lazy(name: string): LazySection {
    const { offset, length } = this.entry(name);
    return {
      length,
      read: (from, bytes) => {
        if (from < 0 || from + bytes > length) throw new Error(`${this.path}: a read outside section ${name}`);
        return this.file.read(offset + from, bytes);
      },
    };
  }
}
