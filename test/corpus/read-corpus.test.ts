// Reading a corpus folder: which files count, and unusable files (empty, not UTF-8) named in a
// warning while the build goes on.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import type { Logger } from '../../src/log.ts';
import { chunkDocument } from '../../src/corpus/chunk.ts';
import { readCorpus } from '../../src/corpus/read-corpus.ts';
import { buildIndex } from '../../src/index/build.ts';
import { loadIndex } from '../../src/index/load.ts';

const files: Record<string, string | Buffer> = {
  'good.txt': 'Le forum a réuni 355 entreprises à Bucarest.\n',
  'empty.txt': '',
  'blank.md': '  \n\n \t\n',
  'only-front-matter.md': '---\ntitle: Rien\n---\n\n',
  'latin1.txt': Buffer.from('caf\xe9 cr\xe8me', 'latin1'),
  'sub/notes.md': '# Notes\n\nLe mécanisme PURL finance des achats.\n',
  'README.md': '# About this corpus\n\nNot a document.\n',
  '.hidden/secret.txt': 'Hidden folders are not part of the corpus.\n',
  'image.png': 'not text',
};

/** A lexical-only build of `corpusDir`, as the product makes it. */
function lexicalBuild(corpusDir: string, indexDir: string, log: Logger) {
  return buildIndex({ corpusDir, indexDir, chunkMaxChars: 1000, hnsw: { M: 16, efConstruction: 100, efSearch: 50 }, embedder: null, lexicalOnlyReason: 'test', batchSize: 8, log });
}

describe('reading a corpus folder', () => {
  let dir: string;
  let corpusDir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'citebot-read-corpus-'));
    corpusDir = join(dir, 'corpus');
    for (const [file, content] of Object.entries(files)) {
      await mkdir(dirname(join(corpusDir, file)), { recursive: true });
      await writeFile(join(corpusDir, file), content);
    }
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('reads .txt and .md files in subfolders, skipping README.md, dot-folders and other extensions', async () => {
    const corpus = await readCorpus(corpusDir);
    assert.deepEqual(corpus.documents.map((document) => document.file), ['good.txt', 'sub/notes.md']);
    assert.equal(corpus.documents[1]!.title, 'Notes');
  });

  it('names each empty or non-UTF-8 file in a warning, and still hashes it', async () => {
    const corpus = await readCorpus(corpusDir);
    const byFile = new Map(corpus.warnings.map((warning) => [warning.file, warning]));
    assert.deepEqual([...byFile.keys()].sort(), ['blank.md', 'empty.txt', 'latin1.txt', 'only-front-matter.md']);
    assert.equal(byFile.get('latin1.txt')!.reason, 'not-utf8');
    assert.equal(byFile.get('empty.txt')!.reason, 'empty');
    assert.equal(byFile.get('only-front-matter.md')!.reason, 'empty');
    for (const warning of corpus.warnings) assert.ok(warning.message.includes(warning.file), `"${warning.message}" names the file`);
    assert.ok(corpus.fileHashes['latin1.txt'], 'a skipped file is hashed, so fixing it triggers a rebuild');
  });

  it('the build logs the warnings, records them, and indexes the readable files', async () => {
    const logged: { msg: string; file?: string; level: number }[] = [];
    const log = pino({ level: 'warn', base: undefined }, { write: (line: string) => logged.push(JSON.parse(line)) });
    const indexDir = join(dir, 'index');
    const { manifest } = await lexicalBuild(corpusDir, indexDir, log);
    for (const file of ['empty.txt', 'latin1.txt']) {
      assert.ok(
        logged.some((entry) => entry.file === file && entry.msg.includes(file)),
        `a warning names ${file}`,
      );
      assert.ok(manifest.warnings.some((warning) => warning.includes(file)), `the manifest keeps the warning about ${file}`);
    }
    assert.equal(manifest.counts.documents, 2);
    assert.equal(manifest.counts.skipped, 4);
    const index = await loadIndex(indexDir, 50);
    assert.deepEqual([...new Set([...index.chunks].map((chunk) => chunk.file))], ['good.txt', 'sub/notes.md']);
  });

  it('follows a link to a file or to a folder outside the corpus, never one back up (a loop)', async () => {
    const linked = join(dir, 'linked');
    await mkdir(join(linked, 'corpus', 'sub'), { recursive: true });
    await mkdir(join(linked, 'shared'), { recursive: true });
    await writeFile(join(linked, 'shared', 'okapi.txt'), 'L’okapi vit en forêt.\n');
    await writeFile(join(linked, 'corpus', 'sub', 'local.md'), 'Le gnou migre.\n');
    await symlink(join(linked, 'shared', 'okapi.txt'), join(linked, 'corpus', 'okapi.txt'));
    await symlink(join(linked, 'shared'), join(linked, 'corpus', 'shared'));
    await symlink(join(linked, 'corpus'), join(linked, 'corpus', 'sub', 'loop'));
    await symlink(join(linked, 'nowhere.txt'), join(linked, 'corpus', 'broken.txt'));
    const corpus = await readCorpus(join(linked, 'corpus'));
    assert.deepEqual(corpus.documents.map((document) => document.file), ['okapi.txt', 'shared/okapi.txt', 'sub/local.md']);
  });

  it('indexes a Markdown file whose front matter is not valid YAML, and the build says so', async () => {
    const badFront = join(dir, 'bad-front');
    await mkdir(badFront, { recursive: true });
    await writeFile(join(badFront, 'note.md'), '---\ntitle: "unterminated\nurl: [oops\n---\n# Budget\n\nLe budget est voté.\n');
    const logged: { msg: string; file?: string }[] = [];
    const log = pino({ level: 'warn', base: undefined }, { write: (line: string) => logged.push(JSON.parse(line)) });
    const { manifest } = await lexicalBuild(badFront, join(dir, 'index-bad-front'), log);
    assert.equal(manifest.counts.documents, 1);
    assert.equal(manifest.counts.skipped, 0);
    assert.ok(logged.some((entry) => entry.file === 'note.md' && /front matter is not valid YAML/.test(entry.msg)), JSON.stringify(logged));
  });

  it('skips a file whose name holds a line break, naming it on one line, and hashes it', async () => {
    const oddNames = join(dir, 'odd-names');
    await mkdir(oddNames, { recursive: true });
    await writeFile(join(oddNames, 'ok.txt'), 'Le gnou migre.\n');
    await writeFile(join(oddNames, 'gnou\n# @everyone\n.txt'), 'Le gnou migre encore.\n');
    const corpus = await readCorpus(oddNames);
    assert.deepEqual(corpus.documents.map((document) => document.file), ['ok.txt']);
    assert.equal(corpus.warnings.length, 1);
    assert.doesNotMatch(corpus.warnings[0]!.message, /\n/);
    assert.match(corpus.warnings[0]!.message, /^gnou\uFFFD# @everyone\uFFFD\.txt has a line break/);
    assert.ok(corpus.fileHashes['gnou\n# @everyone\n.txt']);
  });

  it('counts a byte order mark in offsets, as Node reads the file, without quoting it', async () => {
    const withBom = join(dir, 'bom');
    await mkdir(withBom, { recursive: true });
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Le capybara est le plus gros rongeur du monde.\n\nIl vit en Amérique du Sud.\n')]);
    await writeFile(join(withBom, 'bom.txt'), bytes);
    const [document] = (await readCorpus(withBom)).documents;
    const asNodeReadsIt = bytes.toString('utf8');
    assert.equal(document!.text, asNodeReadsIt);
    const chunks = chunkDocument(document!, { maxChars: 1000, packChars: 0 });
    assert.equal(chunks[0]!.text, 'Le capybara est le plus gros rongeur du monde.');
    for (const chunk of chunks) assert.equal(asNodeReadsIt.slice(chunk.start, chunk.end), chunk.text);
  });

  it('says a UTF-16 file is UTF-16, to be re-saved as UTF-8', async () => {
    const utf16 = join(dir, 'utf16');
    await mkdir(utf16, { recursive: true });
    await writeFile(join(utf16, 'wide.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Le gnou.', 'utf16le')]));
    const { warnings } = await readCorpus(utf16);
    assert.match(warnings[0]!.message, /wide\.txt is UTF-16 text, not UTF-8: skipped \(re-save it as UTF-8\)/);
  });

  it('a corpus folder that does not exist is named, with the setting that points to it', async () => {
    await assert.rejects(readCorpus(join(dir, 'no-such-folder')), /the corpus folder .*no-such-folder does not exist.*CORPUS_DIR/);
  });

  it('a corpus with no readable file at all fails the build with a message naming the folder', async () => {
    const emptyCorpus = join(dir, 'unreadable');
    await mkdir(emptyCorpus, { recursive: true });
    await writeFile(join(emptyCorpus, 'latin1.txt'), Buffer.from('\xe9t\xe9', 'latin1'));
    await assert.rejects(
      lexicalBuild(emptyCorpus, join(dir, 'index-unreadable'), pino({ level: 'silent' })),
      (error: Error) => error.message.includes(emptyCorpus),
    );
  });
});
