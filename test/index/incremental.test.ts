// Rebuilds embed only what changed (embedding cache keyed by model, dtype and prefixed text), and
// whyRebuild says when and why the index no longer matches the corpus, chunker or model.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CHUNKER_VERSION } from '../../src/corpus/chunk.ts';
import type { Embedder } from '../../src/embed/types.ts';
import { readCurrentBuild } from '../../src/index/read-build.ts';
import { whyRebuild } from '../../src/index/staleness.ts';
import { bundledCorpus } from '../helpers/citebot.ts';
import { loadGeneratedEmbedder, recordingEmbedder, TEST_CHUNK_MAX_CHARS, testBuild } from './generated-embedder.ts';

const FILE_000 = '000_1cb8f8b5dc050c03.txt';
const ORIGINAL_SENTENCE = 'le principal événement OTAN de dialogue avec le secteur privé.';
const CHANGED_SENTENCE = 'le principal événement OTAN de dialogue avec le secteur privé et les universités.';

describe('incremental builds with the generated model', () => {
  let dir: string;
  let corpusDir: string;
  let indexDir: string;
  let embedder: Embedder;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'citebot-incremental-'));
    corpusDir = join(dir, 'corpus');
    indexDir = join(dir, 'index');
    await cp(bundledCorpus, corpusDir, { recursive: true });
    embedder = await loadGeneratedEmbedder(join(dir, 'models'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const staleness = (overrides: { embedder?: Embedder | null; chunkMaxChars?: number } = {}) =>
    whyRebuild({ indexDir, corpusDir, chunkMaxChars: overrides.chunkMaxChars ?? TEST_CHUNK_MAX_CHARS, embedder: overrides.embedder === undefined ? embedder : overrides.embedder });

  it('whyRebuild says there is no index yet', async () => {
    assert.equal(await staleness(), 'no index yet');
  });

  it('a first build embeds every chunk', async () => {
    const recording = recordingEmbedder(embedder);
    const { manifest } = await testBuild({ corpusDir, indexDir, embedder: recording.embedder });
    assert.equal(manifest.mode, 'dense+lexical');
    assert.equal(manifest.counts.embedded, manifest.counts.chunks);
    assert.equal(manifest.counts.reused, 0);
    // Every chunk, and the sentences of chunks of two or more sentences (for the highlight, sentence-vectors.ts).
    const sentences = manifest.sentenceVectors!;
    assert.ok(sentences.sentences > 0, 'the bundled corpus has passages of several sentences');
    assert.deepEqual(sentences, { sentences: sentences.sentences, embedded: sentences.sentences, reused: 0 });
    assert.equal(recording.embedded.length, manifest.counts.chunks + sentences.sentences);
    assert.deepEqual(manifest.model, {
      id: embedder.modelId,
      dtype: 'q8',
      dimension: embedder.dimension,
      queryPrefix: 'query: ',
      passagePrefix: 'passage: ',
    });
  });

  it('whyRebuild is null when nothing changed', async () => {
    assert.equal(await staleness(), null);
  });

  it('a second build with nothing changed embeds nothing', async () => {
    const recording = recordingEmbedder(embedder);
    const { manifest } = await testBuild({ corpusDir, indexDir, embedder: recording.embedder });
    assert.equal(manifest.counts.embedded, 0);
    assert.equal(manifest.counts.reused, manifest.counts.chunks);
    assert.equal(manifest.sentenceVectors?.reused, manifest.sentenceVectors?.sentences);
    assert.deepEqual(recording.embedded, []);
  });

  it('changing one paragraph of one file re-embeds only that chunk, and whyRebuild names the file', async () => {
    const path = join(corpusDir, FILE_000);
    const original = await readFile(path, 'utf8');
    assert.ok(original.includes(ORIGINAL_SENTENCE));
    await writeFile(path, original.replace(ORIGINAL_SENTENCE, CHANGED_SENTENCE));
    const reason = await staleness();
    assert.ok(reason?.includes(FILE_000), `"${reason}" names the changed file`);
    assert.ok(reason?.startsWith('corpus changed'));

    const recording = recordingEmbedder(embedder);
    const { manifest } = await testBuild({ corpusDir, indexDir, embedder: recording.embedder });
    assert.equal(manifest.counts.embedded, 1);
    assert.equal(manifest.counts.reused, manifest.counts.chunks - 1);
    // The changed paragraph, and its changed sentence (its other sentences are reused).
    assert.ok(manifest.sentenceVectors!.embedded <= 1, 'at most the changed sentence');
    assert.equal(recording.embedded.length, 1 + manifest.sentenceVectors!.embedded);
    assert.ok(recording.embedded.every((text) => text.includes('les universités')), 'the changed paragraph is the one embedded');
    assert.equal(await staleness(), null);
  });

  it('a new file is embedded alone, and a deleted file is noticed', async () => {
    await writeFile(join(corpusDir, 'new.txt'), 'Un nouveau document sur la logistique.\n\nUn second paragraphe sur les ports.\n');
    assert.ok((await staleness())?.includes('new.txt'));
    const recording = recordingEmbedder(embedder);
    const { manifest } = await testBuild({ corpusDir, indexDir, embedder: recording.embedder });
    assert.equal(manifest.counts.embedded, 2);
    assert.equal(recording.embedded.length, 2);

    await unlink(join(corpusDir, 'new.txt'));
    assert.ok((await staleness())?.includes('new.txt'), 'a removed file makes the index stale');
  });

  /** whyRebuild's answer while a JSON file of the current build is edited as an earlier version wrote it; then the file is put back. */
  async function stalenessWhileEdited<T>(file: string, edit: (json: T) => void): Promise<string | null> {
    const buildDir = await readCurrentBuild(indexDir);
    assert.ok(buildDir);
    const path = join(buildDir, file);
    const original = await readFile(path, 'utf8');
    const edited = JSON.parse(original) as T;
    edit(edited);
    await writeFile(path, JSON.stringify(edited));
    try {
      return await staleness();
    } finally {
      await writeFile(path, original);
    }
  }

  it('whyRebuild names a change of chunking rules (CHUNK_MAX_CHARS or the chunker version)', async () => {
    assert.equal(await staleness({ chunkMaxChars: TEST_CHUNK_MAX_CHARS + 500 }), 'the chunking rules changed');
    const olderChunker = (manifest: { chunker: { version: number } }) => (manifest.chunker.version = CHUNKER_VERSION - 1);
    assert.equal(await stalenessWhileEdited('manifest.json', olderChunker), 'the chunking rules changed');
    assert.notEqual(await staleness(), 'the chunking rules changed');
  });

  it('whyRebuild names a change of the rules that make search terms (an index from an earlier tokenizer)', async () => {
    const earlierTokenizer = (list: { settings: { tokenizer?: number } }) => delete list.settings.tokenizer;
    assert.equal(await stalenessWhileEdited(join('lexical', 'segments.json'), earlierTokenizer), 'the rules that make search terms of words changed');
    assert.notEqual(await staleness(), 'the rules that make search terms of words changed');
  });

  it('whyRebuild names a change of model or dtype', async () => {
    const other: Embedder = { ...embedder, modelId: 'citebot-test/other-model', embedQuery: embedder.embedQuery, embedPassages: embedder.embedPassages };
    const otherReason = await staleness({ embedder: other });
    assert.ok(otherReason?.includes(embedder.modelId) && otherReason.includes('citebot-test/other-model'), `"${otherReason}" names both models`);
    const fp32: Embedder = { ...embedder, dtype: 'fp32', embedQuery: embedder.embedQuery, embedPassages: embedder.embedPassages };
    const dtypeReason = await staleness({ embedder: fp32 });
    assert.ok(dtypeReason?.includes('q8') && dtypeReason.includes('fp32'), `"${dtypeReason}" names both dtypes`);
  });

  it('a lexical-only index is stale once a model is available', async () => {
    const lexicalDir = join(dir, 'lexical-index');
    await testBuild({ corpusDir, indexDir: lexicalDir, embedder: null });
    assert.equal(await whyRebuild({ indexDir: lexicalDir, corpusDir, chunkMaxChars: TEST_CHUNK_MAX_CHARS, embedder: null }), null);
    const reason = await whyRebuild({ indexDir: lexicalDir, corpusDir, chunkMaxChars: TEST_CHUNK_MAX_CHARS, embedder });
    assert.ok(reason?.includes('lexical-only') && reason.includes(embedder.modelId), `"${reason}"`);
  });

  it('a rebuild with another dtype embeds everything again (the cache key includes the dtype)', async () => {
    const fp32 = await loadGeneratedEmbedder(join(dir, 'models'), { dtype: 'fp32' });
    const { manifest } = await testBuild({ corpusDir, indexDir, embedder: fp32 });
    assert.equal(manifest.counts.reused, 0);
    assert.equal(manifest.counts.embedded, manifest.counts.chunks);
  });
});
