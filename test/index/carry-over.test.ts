// A rebuild copies the unchanged files' texts, chunks, vectors and sentence vectors from the serving
// build instead of reading, cutting and embedding them again: the index it writes is the one a full
// build of the same corpus writes, chunk for chunk and vector for vector.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Embedder } from '../../src/embed/types.ts';
import { buildFiles } from '../../src/index/layout.ts';
import { loadIndex, type LoadedIndex } from '../../src/index/load.ts';
import { bundledCorpus } from '../helpers/citebot.ts';
import { loadGeneratedEmbedder, recordingEmbedder, testBuild } from './generated-embedder.ts';

const MARKDOWN = `---
title: Notes de dépôt
url: https://example.org/depot
---
# Dépôt de Tromsø

## Qui est concerné ?

- les **transporteurs** agréés ;
- les _dépôts_ du nord.

Le dépôt reçoit des [palettes](https://example.org/palettes) chaque semaine. Il ferme le dimanche.
`;
const NOTES = 20;
const HTML = '<html><head><title>Forum logistique</title></head><body><h1>Forum</h1><p>Le forum réunit les industriels. Il dure deux jours.</p><ul><li>Atelier munitions</li><li>Atelier zeppelins</li></ul></body></html>';

/** Vectors of the same texts embedded in other batches differ in the last digits (the quantized model scales each batch): compared by cosine. */
function assertAlike(a: readonly number[] | null, b: readonly number[] | null, what: string) {
  assert.equal(a === null, b === null, what);
  if (!a || !b) return;
  const dot = a.reduce((sum, value, index) => sum + value * b[index]!, 0);
  const norm = (v: readonly number[]) => Math.sqrt(v.reduce((sum, value) => sum + value * value, 0));
  assert.ok(dot / (norm(a) * norm(b)) > 0.99, `${what}: the vectors differ`);
}

type Snapshot = Awaited<ReturnType<typeof snapshot>>;

/** The same chunks, texts and files; vectors alike. */
function assertSameIndex(actual: Snapshot, expected: Snapshot) {
  const withoutVectors = (shot: Snapshot) => ({ ...shot, chunks: shot.chunks.map(({ chunk }) => chunk) });
  assert.deepEqual(withoutVectors(actual), withoutVectors(expected));
  actual.chunks.forEach(({ chunk, vector, sentences }, index) => {
    const other = expected.chunks[index]!;
    assertAlike(vector, other.vector, chunk.id);
    assert.equal(sentences?.length, other.sentences?.length, chunk.id);
    sentences?.forEach((sentence, row) => assertAlike(sentence, other.sentences![row]!, `${chunk.id}, sentence ${row}`));
  });
}

/** Everything a reader of the index can see of each chunk, by file and start (positions differ between builds). */
async function snapshot(index: LoadedIndex) {
  const chunks = [...index.chunks].map(({ position, ...chunk }) => ({
    chunk,
    vector: index.embeddings.at(position) ? [...index.embeddings.at(position)!] : null,
    sentences: index.sentences?.vectorsOf(position)?.map((vector) => [...vector]) ?? null,
  }));
  chunks.sort((a, b) => (a.chunk.file < b.chunk.file ? -1 : a.chunk.file > b.chunk.file ? 1 : a.chunk.start - b.chunk.start));
  const files = [...index.sources.files()];
  const { manifest } = index;
  const extracted = JSON.parse(await readFile(join(index.buildDir, buildFiles.extracted), 'utf8')) as { documents: unknown };
  return {
    chunks,
    sources: files.map((file) => [file, index.sources.get(file)]),
    documents: manifest.documents,
    files: manifest.files,
    counts: { chunks: manifest.counts.chunks, documents: manifest.counts.documents, skipped: manifest.counts.skipped },
    warnings: manifest.warnings,
    sentenceCount: manifest.sentenceVectors?.sentences ?? null,
    extracted: extracted.documents,
  };
}

for (const mode of ['dense', 'lexical-only'] as const) {
  describe(`a rebuild carries the unchanged files over (${mode})`, () => {
    let dir: string;
    let corpusDir: string;
    let indexDir: string;
    let embedder: Embedder | null = null;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'citebot-carry-over-'));
      corpusDir = join(dir, 'corpus');
      indexDir = join(dir, 'index');
      await cp(bundledCorpus, corpusDir, { recursive: true });
      await writeFile(join(corpusDir, 'depot.md'), MARKDOWN);
      await writeFile(join(corpusDir, 'forum.html'), HTML);
      await writeFile(join(corpusDir, 'latin1.txt'), Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x6f, 0x69, 0x72, 0x2e]));
      // More files, so that the change touches a small share of the index (a large share is rebuilt instead).
      for (let n = 0; n < NOTES; n++) {
        await writeFile(join(corpusDir, `note-${n}.md`), `# Note ${n}\n\nLe forum numéro ${n} réunit des industriels. Il dure ${n} jours.\n\nLa production de munitions ${n} augmente.\n`);
      }
      if (mode === 'dense') embedder = await loadGeneratedEmbedder(join(dir, 'models'));
    });
    after(() => rm(dir, { recursive: true, force: true }));

    it('copies what did not change and gives the index a full build gives', async () => {
      const first = await testBuild({ corpusDir, indexDir, embedder });
      const beforeUpdate = await snapshot(await loadIndex(indexDir, 64));
      assert.equal(first.carriedFiles, 0);
      assert.equal(first.manifest.counts.skipped, 1, 'the file that is not UTF-8 is skipped');

      const changed = join(corpusDir, '000_1cb8f8b5dc050c03.txt');
      await writeFile(changed, `${await readFile(changed, 'utf8')}\n\nLe zeppelin de Tromsø livre des pièces détachées. Il vole la nuit.\n`);
      await writeFile(join(corpusDir, 'added.md'), '# Zeppelins\n\nLe zeppelin logistique de Tromsø transporte des munitions. Il part de Bodø.\n');
      await unlink(join(corpusDir, '004_4245ddf72926b519.txt'));
      await writeFile(join(corpusDir, 'latin1.txt'), 'Café noir.\n');
      // Written again with the same bytes: its stamp changes, its hash does not, and it is carried over.
      await writeFile(join(corpusDir, 'depot.md'), MARKDOWN);

      const recording = embedder ? recordingEmbedder(embedder) : null;
      const updated = await testBuild({ corpusDir, indexDir, embedder: recording?.embedder ?? null });
      // The three bundled articles left unchanged, the Markdown and the HTML file, the notes.
      assert.equal(updated.carriedFiles, 5 + NOTES);
      assert.equal(updated.manifest.counts.skipped, 0);
      if (recording) {
        assert.ok(recording.embedded.length > 0);
        assert.ok(
          recording.embedded.every((text) => !text.includes('Le dépôt reçoit') && !text.includes('Le forum réunit')),
          'the carried files are not embedded again',
        );
        assert.equal(updated.vectors, 'updated');
      }
      assert.equal(updated.lexical, 'updated');

      const full = await testBuild({ corpusDir, indexDir: join(dir, 'full'), embedder, full: true });
      assert.equal(full.carriedFiles, 0);
      const fromUpdate = await snapshot(await loadIndex(indexDir, 64));
      const fromFull = await snapshot(await loadIndex(join(dir, 'full'), 64));
      assertSameIndex(fromUpdate, fromFull);
      // What was carried over is what the first build wrote, bit for bit.
      const carried = (shot: Snapshot) => shot.chunks.filter(({ chunk }) => chunk.file.startsWith('note-') || chunk.file === 'depot.md' || chunk.file === 'forum.html');
      assert.deepEqual(carried(fromUpdate), carried(beforeUpdate));
      // The fixtures reach every kind of row: a plain text apart from the quoted one (Markdown), an extracted file.
      assert.ok(carried(fromUpdate).some(({ chunk }) => chunk.plain !== chunk.text && chunk.file === 'depot.md'));
      assert.ok(Object.keys(fromUpdate.extracted as object).includes('forum.html'));
      assert.ok(fromUpdate.chunks.some(({ chunk }) => chunk.file === 'added.md'));
      assert.ok(fromUpdate.chunks.some(({ chunk }) => chunk.file === 'latin1.txt'), 'a file fixed since is read');
      assert.ok(fromUpdate.chunks.every(({ chunk }) => chunk.file !== '004_4245ddf72926b519.txt'), 'a removed file is gone');
    });

    it('a rebuild with nothing changed carries every file and changes nothing', async () => {
      const before = await snapshot(await loadIndex(indexDir, 64));
      const result = await testBuild({ corpusDir, indexDir, embedder });
      assert.equal(result.carriedFiles, result.manifest.counts.documents);
      assert.deepEqual(await snapshot(await loadIndex(indexDir, 64)), before);
    });

    it('other lexical settings rebuild the lexical index from the carried passages', async () => {
      const before = await snapshot(await loadIndex(indexDir, 64));
      const result = await testBuild({ corpusDir, indexDir, embedder, stemming: 'both' });
      assert.equal(result.carriedFiles, result.manifest.counts.documents);
      assert.equal(result.lexical, 'rebuilt');
      const fullDir = join(dir, 'full-both');
      await testBuild({ corpusDir, indexDir: fullDir, embedder, stemming: 'both' });
      const [updated, full] = [await loadIndex(indexDir, 64), await loadIndex(fullDir, 64)];
      const hits = (index: LoadedIndex) =>
        ['zeppelin Tromsø', 'munitions production', 'Café noir'].map((question) =>
          index.lexical.rank(index.lexical.queryWordsOf(question), 1.2, 0.5, 10).map((hit) => [index.chunks.at(hit.index).file, index.chunks.at(hit.index).start, hit.score]),
        );
      assert.ok(hits(updated).every((list) => list.length > 0));
      assert.deepEqual(hits(updated), hits(full));
      assert.deepEqual((await snapshot(updated)).sources, before.sources);
    });

    it('a lexical index whose terms came from an earlier tokenizer is rebuilt, and the files are still carried', async () => {
      const lexicalList = join(indexDir, 'builds', (await readFile(join(indexDir, 'CURRENT'), 'utf8')).trim(), 'lexical', 'segments.json');
      const list = JSON.parse(await readFile(lexicalList, 'utf8'));
      delete list.settings.tokenizer; // as written before TOKENIZER_VERSION existed
      await writeFile(lexicalList, JSON.stringify(list));
      // The stemming of the build before ('both', from the test above): only the tokenizer differs.
      const result = await testBuild({ corpusDir, indexDir, embedder, stemming: 'both' });
      assert.equal(result.carriedFiles, result.manifest.counts.documents);
      assert.equal(result.lexical, 'rebuilt');
    });

    it('`full` reads every file again', async () => {
      const result = await testBuild({ corpusDir, indexDir, embedder, full: true });
      assert.equal(result.carriedFiles, 0);
    });
  });
}

describe('the source store of a rebuild: the previous texts linked, a delta beside them', () => {
  let dir: string;
  let corpusDir: string;
  let indexDir: string;
  const note = (n: number, extra = '') => `# Note ${n}\n\nLe dépôt numéro ${n} reçoit des palettes. Il ferme le dimanche.${extra}\n`;
  const texts = async (indexDir: string) => {
    const index = await loadIndex(indexDir, 64);
    return [...index.sources.files()].map((file) => [file, index.sources.get(file)]);
  };
  const hasDelta = (buildDir: string) => existsSync(join(buildDir, buildFiles.sourcesDelta));

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'citebot-source-delta-'));
    corpusDir = join(dir, 'corpus');
    indexDir = join(dir, 'index');
    await mkdir(corpusDir, { recursive: true });
    for (let n = 0; n < 40; n++) await writeFile(join(corpusDir, `note-${String(n).padStart(2, '0')}.md`), note(n));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('a few changed files go to a delta, again and again, and the texts are those a full build reads', async () => {
    assert.equal(hasDelta((await testBuild({ corpusDir, indexDir, embedder: null })).buildDir), false);
    await writeFile(join(corpusDir, 'note-05.md'), note(5, ' Il ouvre le samedi.'));
    await writeFile(join(corpusDir, 'added.md'), note(99));
    const first = await testBuild({ corpusDir, indexDir, embedder: null });
    assert.equal(hasDelta(first.buildDir), true, 'one changed file, one added: a delta');
    // A second rebuild keeps the base and the earlier delta's texts.
    await unlink(join(corpusDir, 'note-10.md'));
    await writeFile(join(corpusDir, 'note-20.md'), note(20, ' Il déménage.'));
    const second = await testBuild({ corpusDir, indexDir, embedder: null });
    assert.equal(hasDelta(second.buildDir), true);
    await testBuild({ corpusDir, indexDir: join(dir, 'full'), embedder: null, full: true });
    assert.deepEqual(await texts(indexDir), await texts(join(dir, 'full')));
    const updated = await texts(indexDir);
    assert.ok(updated.some(([file, text]) => file === 'note-05.md' && text?.includes('samedi')));
    assert.ok(updated.every(([file]) => file !== 'note-10.md'));
  });

  it('once most texts changed, the store is written whole again', async () => {
    for (let n = 0; n < 30; n++) if (n !== 10) await writeFile(join(corpusDir, `note-${String(n).padStart(2, '0')}.md`), note(n, ' Tout change.'));
    const result = await testBuild({ corpusDir, indexDir, embedder: null });
    assert.equal(hasDelta(result.buildDir), false);
    await testBuild({ corpusDir, indexDir: join(dir, 'full'), embedder: null, full: true });
    assert.deepEqual(await texts(indexDir), await texts(join(dir, 'full')));
  });
});
