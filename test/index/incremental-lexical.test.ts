// A rebuild after a few files changed updates the previous build's lexical index (a new segment,
// deletions, unchanged segments linked) and ranks exactly as a full rebuild; an update that fails
// leaves the previous build serving; `full` rebuilds from scratch.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildFiles, indexLayout } from '../../src/index/layout.ts';
import { loadIndex, type LoadedIndex } from '../../src/index/load.ts';
import { readCurrentBuild } from '../../src/index/read-build.ts';
import { rankLexically } from '../../src/search/lexical-ranking.ts';
import { termsOf } from '../../src/text/tokenize.ts';
import { bundledCorpus } from '../helpers/citebot.ts';
import { testBuild } from './generated-embedder.ts';

const SETTINGS = { k1: 1.2, identifierWeight: 1.5, pageWeight: 0.5, conflationWeight: 1, conflationDepth: 100, proximityWeight: 0.3, proximityDepth: 50, pageDiversity: 0.5, diversePlaces: 3, feedbackTerms: 0, feedbackDepth: 3, feedbackWeight: 0.3 };
const QUESTIONS = [
  "Combien d'entreprises ont participé au forum ?",
  'OTAN secteur privé universités',
  'zeppelin Tromsø pièces détachées',
  'industrie défense munitions production',
  'Bucarest participants',
];

/** Each question's ranking as (file, start, score): comparable between indexes whose chunk positions differ. */
function rankings(index: LoadedIndex) {
  return QUESTIONS.map((question) =>
    rankLexically(index.lexical, index.lexical.queryWordsOf(question), SETTINGS, 20, (position) => termsOf(index.chunks.at(position).plain, index.chunks.at(position).language)).map((hit) => ({
      file: index.chunks.at(hit.index).file,
      start: index.chunks.at(hit.index).start,
      score: hit.score,
    })),
  );
}

describe('incremental lexical updates of a build', () => {
  let dir: string;
  let corpusDir: string;
  let indexDir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'citebot-incremental-lexical-'));
    corpusDir = join(dir, 'corpus');
    indexDir = join(dir, 'index');
    await cp(bundledCorpus, corpusDir, { recursive: true });
    // More files, so that a change touches a small share of the index (a large share is rebuilt instead).
    for (let n = 0; n < 10; n++) {
      await writeFile(join(corpusDir, `note-${n}.md`), `# Note ${n}\n\nLe forum numéro ${n} réunit des industriels de la défense.\n\nLa production de munitions ${n} augmente.\n`);
    }
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('builds the first index from scratch', async () => {
    const result = await testBuild({ corpusDir, indexDir, embedder: null });
    assert.equal(result.lexical, 'built');
  });

  it('after a change, an addition and a removal, updates in place and ranks exactly as a full rebuild', async () => {
    const changed = join(corpusDir, '000_1cb8f8b5dc050c03.txt');
    await writeFile(changed, `${await readFile(changed, 'utf8')}\n\nLe zeppelin de Tromsø livre des pièces détachées aux universités.\n`);
    await writeFile(join(corpusDir, 'added.md'), '# Zeppelins\n\nLe zeppelin logistique de Tromsø transporte des munitions.\n');
    await unlink(join(corpusDir, '004_4245ddf72926b519.txt'));
    const result = await testBuild({ corpusDir, indexDir, embedder: null });
    assert.equal(result.lexical, 'updated');
    const segments = JSON.parse(await readFile(join(result.buildDir, buildFiles.lexical, 'segments.json'), 'utf8')) as { segments: { deletedPages: string[] }[] };
    assert.equal(segments.segments.length, 2);
    assert.deepEqual(segments.segments[0]!.deletedPages.sort(), ['000_1cb8f8b5dc050c03.txt', '004_4245ddf72926b519.txt']);

    const updated = await loadIndex(indexDir, 64);
    const fullDir = join(dir, 'full');
    assert.equal((await testBuild({ corpusDir, indexDir: fullDir, embedder: null })).lexical, 'built');
    const full = await loadIndex(fullDir, 64);
    assert.deepEqual([...updated.chunks].map((chunk) => [chunk.file, chunk.start]), [...full.chunks].map((chunk) => [chunk.file, chunk.start]));
    assert.deepEqual(rankings(updated), rankings(full));
    const zeppelin = rankings(updated)[2]!;
    assert.ok(zeppelin.some((hit) => hit.file === 'added.md') && zeppelin.some((hit) => hit.file === '000_1cb8f8b5dc050c03.txt'));
    assert.ok(rankings(updated).flat().every((hit) => hit.file !== '004_4245ddf72926b519.txt'), 'a removed file is never returned');
  });

  it('an update that fails before the swap leaves the previous index serving', async () => {
    const before = await readCurrentBuild(indexDir);
    await writeFile(join(corpusDir, 'late.md'), 'Un dirigeable arctique relie Svalbard.\n');
    await assert.rejects(
      testBuild({
        corpusDir,
        indexDir,
        embedder: null,
        beforeSwap: async () => {
          throw new Error('killed during the update');
        },
      }),
      /killed during the update/,
    );
    assert.equal(await readCurrentBuild(indexDir), before);
    const serving = await loadIndex(indexDir, 64);
    assert.equal(serving.lexical.has(termsOf('dirigeable', 'fr')[0]!), false);
    assert.ok([...serving.chunks].every((chunk) => chunk.file !== 'late.md'));
  });

  it('`full` rebuilds from scratch, with the same rankings', async () => {
    const updated = await testBuild({ corpusDir, indexDir, embedder: null });
    assert.equal(updated.lexical, 'updated');
    const before = rankings(await loadIndex(indexDir, 64));
    const result = await testBuild({ corpusDir, indexDir, embedder: null, full: true });
    assert.equal(result.lexical, 'built');
    assert.deepEqual(rankings(await loadIndex(indexDir, 64)), before);
    assert.equal((await readFile(indexLayout(indexDir).current, 'utf8')).trim(), result.manifest.buildId);
  });
});
