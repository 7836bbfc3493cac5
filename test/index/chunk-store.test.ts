// The binary chunk and source stores (chunk-file.ts, source-file.ts): what is written is read back
// exactly, chunk texts are not stored twice, and a damaged file is refused at open.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chunkDocument } from '../../src/corpus/chunk.ts';
import type { CorpusDocument } from '../../src/corpus/types.ts';
import { ChunkFile, writeChunkFile } from '../../src/index/chunk-file.ts';
import { SourceFile, writeSourceFile, type SourceDocument } from '../../src/index/source-file.ts';
import { IndexUnavailableError } from '../../src/index/unavailable.ts';
import type { StoredChunk } from '../../src/index/stored-chunk.ts';

const SOURCES: SourceDocument[] = [
  { file: 'fr/été 2025.md', text: '# Été\r\n\r\nLe café coûte 2 €. Ça va ? 🇫🇷 Oui : « très bien » — 👩‍👩‍👧 et 𝔘𝔫𝔦𝔠𝔬𝔡𝔢.\n\nFin\u0000.' },
  { file: 'empty.txt', text: '' },
  { file: 'ja/日本語.txt', text: '東京は日本の首都です。大阪は二番目です。😀 絵文字もある。' },
];

function chunk(file: string, start: number, end: number, fields: Partial<StoredChunk> = {}): StoredChunk {
  const text = SOURCES.find((source) => source.file === file)!.text.slice(start, end);
  return {
    id: `${file}#1`,
    file,
    title: 'Été',
    url: null,
    date: null,
    headings: [],
    language: 'fr',
    paragraph: 1,
    part: 0,
    line: 1,
    start,
    end,
    text,
    plain: text,
    embedKey: null,
    ...fields,
  };
}

const emojiStart = SOURCES[0]!.text.indexOf('🇫🇷');
const CHUNKS: StoredChunk[] = [
  chunk('fr/été 2025.md', 0, 9, { headings: [], plain: 'Été' }),
  chunk('fr/été 2025.md', 9, SOURCES[0]!.text.length, { id: 'fr/été 2025.md#2.1', paragraph: 2, part: 1, line: 3, headings: ['Été', 'Café ☕'], url: 'https://example.com/été?x=1#🙂', date: '2025-07-14' }),
  chunk('fr/été 2025.md', emojiStart, emojiStart + 4, { id: 'fr/été 2025.md#2.2', paragraph: 2, part: 2, line: 3, page: 3, headings: ['Été', 'Café ☕'] }),
  chunk('ja/日本語.txt', 0, 11, { id: 'ja/日本語.txt#1', title: '日本語', language: 'en', headings: ['見出し'] }),
  chunk('ja/日本語.txt', 11, 28, { id: 'ja/日本語.txt#2', title: '日本語', language: 'en', paragraph: 2, page: 0 }),
  // Not the slice its offsets name (a chunker that changed the text), and an id made otherwise: stored as they are.
  chunk('ja/日本語.txt', 0, 4, { id: 'custom id ✓', title: '日本語', text: '東京は…', plain: '東京は' }),
];

describe('the chunk and source stores', () => {
  let dir: string;
  const paths = () => ({ sources: join(dir, 'sources.bin'), chunks: join(dir, 'chunks.bin') });
  const open = () => {
    const sources = SourceFile.open(paths().sources);
    return { sources, chunks: ChunkFile.open(paths().chunks, sources) };
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'citebot-chunk-store-'));
    writeSourceFile(paths().sources, SOURCES);
    writeChunkFile(paths().chunks, CHUNKS, SOURCES);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('reads every source back exactly (unicode, emoji, CRLF, NUL, an empty text), in order', () => {
    const { sources } = open();
    assert.deepEqual(sources.files(), SOURCES.map((source) => source.file));
    for (const source of SOURCES) {
      assert.equal(sources.get(source.file), source.text);
      assert.ok(sources.has(source.file));
    }
    assert.equal(sources.get('missing.md'), undefined);
    assert.equal(sources.has('missing.md'), false);
  });

  it('reads every chunk back exactly, with its position (null url and date, empty headings, page or none)', () => {
    const { chunks } = open();
    assert.equal(chunks.length, CHUNKS.length);
    CHUNKS.forEach((expected, position) => {
      assert.deepEqual(chunks.at(position), { ...expected, position });
      assert.equal(chunks.fileOf(position), expected.file);
    });
    assert.deepEqual([...chunks], CHUNKS.map((expected, position) => ({ ...expected, position })));
    assert.ok(!('page' in chunks.at(0)), 'no page: the field is absent, as the chunker leaves it');
    assert.throws(() => chunks.at(CHUNKS.length), RangeError);
  });

  it('keeps embedding keys when the build has a model', async () => {
    const keyed = CHUNKS.map((stored, position) => ({ ...stored, embedKey: position.toString(16).padStart(64, 'a') }));
    const path = join(dir, 'keyed.bin');
    writeChunkFile(path, keyed, SOURCES);
    const chunks = ChunkFile.open(path, SourceFile.open(paths().sources));
    keyed.forEach((expected, position) => assert.equal(chunks.at(position).embedKey, expected.embedKey));
    assert.throws(() => writeChunkFile(join(dir, 'bad.bin'), [{ ...keyed[0]!, embedKey: 'not a hash' }], SOURCES), /embedding key/);
  });

  it("chunks cut by the chunker are slices of their source, read from it: their text is not stored twice", async () => {
    const paragraph = 'Les passages sont coupés dans le texte source, caractère pour caractère, avec leurs accents : é, è, ê, ç. ';
    const text = `# Titre 📚\n\n${Array.from({ length: 40 }, (_, n) => `${paragraph.repeat(3)}Paragraphe ${n} 🙂.\n\n`).join('')}`;
    const document: CorpusDocument = { file: 'long.md', text, hash: 'x', title: 'Titre 📚', url: null, date: null, author: null, bodyStart: 0, language: 'fr' };
    const chunked = chunkDocument(document, { maxChars: 400 }).map((piece) => ({ ...piece, embedKey: null }));
    assert.ok(chunked.length >= 40);
    const sourcePath = join(dir, 'long-sources.bin');
    const chunkPath = join(dir, 'long-chunks.bin');
    writeSourceFile(sourcePath, [document]);
    writeChunkFile(chunkPath, chunked, [document]);
    const chunks = ChunkFile.open(chunkPath, SourceFile.open(sourcePath));
    for (const [position, expected] of chunked.entries()) {
      const read = chunks.at(position);
      assert.deepEqual(read, { ...expected, position });
      assert.equal(read.text, text.slice(read.start, read.end), 'verbatim: the exact characters of the source');
    }
    const textBytes = chunked.reduce((sum, piece) => sum + Buffer.byteLength(piece.text), 0);
    assert.ok((await stat(chunkPath)).size < textBytes / 2, 'the chunk store holds metadata, not the texts again');
  });

  it('reads back any number of sources in any order (a few are kept decoded)', () => {
    const many = Array.from({ length: 40 }, (_, n) => ({ file: `f${n}.txt`, text: `Texte ${n} é 😀 `.repeat(n * 50) }));
    const path = join(dir, 'many.bin');
    writeSourceFile(path, many);
    const sources = SourceFile.open(path);
    for (const order of [many, [...many].reverse(), many.filter((_, n) => n % 3 === 0)]) {
      for (const source of order) assert.equal(sources.get(source.file), source.text);
    }
  });

  it('stores a lone surrogate, which UTF-8 cannot hold, as U+FFFD', () => {
    const path = join(dir, 'surrogate.bin');
    writeSourceFile(path, [{ file: 'odd.pdf', text: 'a\uD800b 😀' }]);
    assert.equal(SourceFile.open(path).get('odd.pdf'), 'a\uFFFDb 😀');
  });

  it('refuses a truncated, damaged or foreign file at open, naming it', async () => {
    const bytes = await readFile(paths().chunks);
    const damaged = join(dir, 'damaged.bin');
    for (const [content, reason] of [
      [bytes.subarray(0, bytes.length - 1), /is unreadable: truncated/],
      [bytes.subarray(0, 20), /is unreadable: truncated/],
      [Buffer.from('not a chunk store at all, not at all'), /is unreadable: not a file of this kind/],
    ] as const) {
      await writeFile(damaged, content);
      assert.throws(() => ChunkFile.open(damaged, SourceFile.open(paths().sources)), (error: Error) => error.message.startsWith(damaged) && reason.test(error.message));
    }
    const header = Buffer.from(bytes);
    header[header.length - 30] = header[header.length - 30]! ^ 0x01;
    await writeFile(damaged, header);
    assert.throws(() => ChunkFile.open(damaged, SourceFile.open(paths().sources)), /damaged header \(checksum\)/);
    assert.throws(() => SourceFile.open(paths().chunks), /not a file of this kind/);
  });

  it('checks each text against its checksum when it is first read: an altered text is refused, the others read', async () => {
    const path = join(dir, 'altered.bin');
    writeSourceFile(path, [
      { file: 'a.txt', text: 'Le forum a réuni 355 entreprises.' },
      { file: 'b.txt', text: 'Le sommet aura lieu à Ankara.' },
    ]);
    const bytes = await readFile(path);
    const at = bytes.indexOf('355');
    await writeFile(path, Buffer.concat([bytes.subarray(0, at), Buffer.from('999'), bytes.subarray(at + 3)]));
    const sources = SourceFile.open(path);
    assert.equal(sources.get('b.txt'), 'Le sommet aura lieu à Ankara.');
    assert.throws(() => sources.get('a.txt'), (error: Error) => error instanceof IndexUnavailableError && /a\.txt is damaged \(checksum/.test(error.message) && /npm run build/.test(error.message));
    assert.throws(() => sources.textAt(0, 0, 5), IndexUnavailableError);
  });

  it('refuses a chunk store whose chunks name sources that are not there', () => {
    const fewer = join(dir, 'fewer-sources.bin');
    writeSourceFile(fewer, SOURCES.slice(0, 1));
    assert.throws(() => ChunkFile.open(paths().chunks, SourceFile.open(fewer)), /names source 2 of 1/);
  });
});
