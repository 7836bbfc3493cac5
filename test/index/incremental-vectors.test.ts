// A rebuild after a few files changed updates the previous HNSW graph in place (markDelete for the
// changed and removed files' points, addPoint for the new ones, under new labels mapped to chunk
// positions): every chunk is found by its own vector, deleted points are never returned.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Embedder } from '../../src/embed/types.ts';
import { buildFiles } from '../../src/index/layout.ts';
import { loadIndex, type LoadedIndex } from '../../src/index/load.ts';
import { bundledCorpus } from '../helpers/citebot.ts';
import { loadGeneratedEmbedder, testBuild } from './generated-embedder.ts';

/** For each chunk, the text of the chunk its own vector finds first. */
function selfMatches(index: LoadedIndex): { text: string; found: string }[] {
  return [...index.chunks].map((chunk) => {
    const [hit] = index.vectors!.query(index.embeddings.at(chunk.position)!, 3);
    assert.ok(hit && hit.index >= 0 && hit.index < index.chunks.length, 'hits are chunk positions');
    return { text: chunk.plain, found: index.chunks.at(hit.index).plain };
  });
}

describe('incremental HNSW updates', () => {
  let dir: string;
  let corpusDir: string;
  let indexDir: string;
  let embedder: Embedder;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'citebot-incremental-vectors-'));
    corpusDir = join(dir, 'corpus');
    indexDir = join(dir, 'index');
    await cp(bundledCorpus, corpusDir, { recursive: true });
    for (let n = 0; n < 12; n++) await writeFile(join(corpusDir, `note-${n}.md`), `# Note ${n}\n\nLe dépôt ${n} reçoit ${n * 7} palettes de munitions par semaine.\n`);
    embedder = await loadGeneratedEmbedder(join(dir, 'models'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('builds a graph, then updates it in place after a change, an addition and a removal', async () => {
    const first = await testBuild({ corpusDir, indexDir, embedder });
    assert.equal(first.vectors, 'built');
    const firstGraph = await stat(join(first.buildDir, buildFiles.vectors));
    const changed = join(corpusDir, 'note-3.md');
    await writeFile(changed, `${await readFile(changed, 'utf8')}\nUn zeppelin livre aussi des pièces détachées.\n`);
    await writeFile(join(corpusDir, 'added.md'), '# Zeppelins\n\nLe zeppelin logistique de Tromsø transporte des munitions.\n');
    await unlink(join(corpusDir, 'note-7.md'));
    const result = await testBuild({ corpusDir, indexDir, embedder });
    assert.equal(result.vectors, 'updated');
    assert.equal(result.lexical, 'updated');
    assert.ok((result.manifest.hnsw?.deleted ?? 0) >= 2, 'the changed and the removed file left deleted points');
    // A few changes are written beside the previous graph file, which is linked, not rewritten.
    assert.ok(existsSync(join(result.buildDir, buildFiles.vectorDelta)), 'the changes are a delta beside the graph');
    assert.equal((await stat(join(result.buildDir, buildFiles.vectors))).ino, firstGraph.ino, 'the graph file is the previous build\'s, linked');

    const updated = await loadIndex(indexDir, 64);
    assert.ok(updated.vectors!.size > updated.chunks.length, 'deleted points stay in the graph, unseen');
    for (const { text, found } of selfMatches(updated)) assert.equal(found, text);
    for (const { position } of updated.chunks) {
      for (const hit of updated.vectors!.query(updated.embeddings.at(position)!, updated.chunks.length)) {
        assert.notEqual(updated.chunks.fileOf(hit.index), 'note-7.md', 'a removed file is never returned');
      }
    }
    const full = join(dir, 'full');
    assert.equal((await testBuild({ corpusDir, indexDir: full, embedder })).vectors, 'built');
    assert.deepEqual(selfMatches(updated), selfMatches(await loadIndex(full, 64)));
  });

  it('`full` builds the graph anew', async () => {
    const result = await testBuild({ corpusDir, indexDir, embedder, full: true });
    assert.equal(result.vectors, 'built');
    assert.equal(result.manifest.hnsw?.deleted, 0);
    const index = await loadIndex(indexDir, 64);
    assert.equal(index.vectors!.size, index.chunks.length);
  });
});
