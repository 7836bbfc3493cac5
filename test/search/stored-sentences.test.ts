// The highlight without embedding at answer time: the build stores the vectors of the sentences of
// every passage of two or more sentences (float16), and the highlight of a passage that shares no
// word with the question reads them; an index without them still highlights, embedding as before.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { searchSettings } from '../../src/answer/open.ts';
import { parseConfig } from '../../src/config.ts';
import type { Embedder } from '../../src/embed/types.ts';
import { decodeHalf, encodeHalf, fromHalf, toHalf } from '../../src/index/float16.ts';
import { buildFiles } from '../../src/index/layout.ts';
import { loadIndex, type LoadedIndex } from '../../src/index/load.ts';
import { storedSentencesOf } from '../../src/index/sentence-vectors.ts';
import { Retriever } from '../../src/search/search.ts';
import type { Passage } from '../../src/search/types.ts';
import { splitSentences } from '../../src/text/sentences.ts';
import { bundledCorpus } from '../helpers/citebot.ts';
import { loadGeneratedEmbedder, recordingEmbedder, testBuild } from '../index/generated-embedder.ts';

describe('float16', () => {
  it('keeps exact halves exact and rounds the rest to a relative error of 2⁻¹¹ at most', () => {
    for (const value of [0, 1, -2, 0.5, 65504, 2 ** -24, -(2 ** -14)]) assert.equal(fromHalf(toHalf(value)), value);
    assert.equal(fromHalf(toHalf(1e6)), Infinity);
    for (let i = 0; i < 2000; i++) {
      const value = Math.sin(i) * 0.3;
      const error = Math.abs(fromHalf(toHalf(value)) - value);
      assert.ok(error <= Math.abs(value) * 2 ** -11 + 2 ** -25, `${value}: error ${error}`);
    }
    const vector = Float32Array.from({ length: 8 }, (_, j) => (j - 4) / 7);
    const half = new Uint16Array(16);
    encodeHalf(vector, half, 8);
    decodeHalf(half, 8, 8).forEach((value, j) => assert.ok(Math.abs(value - vector[j]!) < 1e-3));
  });
});

describe('sentence vectors stored by the build', () => {
  let dir: string;
  let embedder: Embedder;
  const settings = searchSettings(parseConfig({ NO_ANSWER_THRESHOLD: '0', LOG_LEVEL: 'silent' }));
  // No word of the corpus: every sentence's lexical score is 0, so the highlight takes the dense path.
  const question = 'Zorglub wibble frobnicate quux ?';

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'citebot-sentences-'));
    await cp(bundledCorpus, join(dir, 'corpus'), { recursive: true });
    embedder = await loadGeneratedEmbedder(join(dir, 'models'));
    await testBuild({ corpusDir: join(dir, 'corpus'), indexDir: join(dir, 'index'), embedder });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const search = async (index: LoadedIndex) => {
    const recording = recordingEmbedder(embedder);
    const outcome = await new Retriever(index, recording.embedder, settings).search({ question, limit: 5, offset: 0 });
    return { passages: outcome.passages, embedded: recording.embedded };
  };

  const assertVerbatimSentence = (passage: Passage) => {
    assert.equal(passage.text.slice(passage.highlightStart, passage.highlightEnd), passage.highlight);
    const starts = splitSentences(passage.text).map((span) => span.start);
    assert.ok(
      starts.some((start) => passage.highlightStart >= start && passage.highlightStart - start <= 3),
      `"${passage.highlight}" starts a sentence of its passage (a list mark aside)`,
    );
  };

  it('stores one float16 vector per sentence of every passage of two or more sentences, close to its embedding', async () => {
    const index = await loadIndex(join(dir, 'index'));
    const expected = [...index.chunks].reduce((sum, chunk) => sum + storedSentencesOf(chunk.text).length, 0);
    assert.ok(expected > 0);
    assert.equal(index.manifest.sentenceVectors?.sentences, expected);
    assert.equal(index.sentences?.count, expected);
    const bytes = (await readFile(join(index.buildDir, buildFiles.sentenceVectors))).byteLength;
    assert.equal(bytes, expected * embedder.dimension * 2, 'float16: two bytes a component');
    const position = [...index.chunks].findIndex((chunk) => storedSentencesOf(chunk.text).length > 2);
    const sentences = storedSentencesOf(index.chunks.at(position).text);
    const stored = index.sentences!.vectorsOf(position)!;
    const embedded = await embedder.embedPassages(sentences);
    assert.equal(stored.length, sentences.length);
    stored.forEach((vector, row) => vector.forEach((value, j) => assert.ok(Math.abs(value - embedded[row]![j]!) < 2e-3, 'float16 of the embedding')));
    const single = [...index.chunks].findIndex((chunk) => splitSentences(chunk.text).length === 1);
    if (single !== -1) assert.deepEqual(index.sentences!.vectorsOf(single), []);
  });

  it('highlights a passage that shares no word with the question without embedding at answer time', async () => {
    const { passages, embedded } = await search(await loadIndex(join(dir, 'index')));
    assert.ok(passages.length > 0);
    assert.ok(
      passages.some((passage) => splitSentences(passage.text).length > 1),
      'some passage has several sentences to choose from',
    );
    assert.deepEqual(embedded, [], 'no sentence embedded at answer time');
    passages.forEach(assertVerbatimSentence);
  });

  it('an index without sentence vectors still highlights, embedding at answer time, and chooses the same sentences', async () => {
    const index = await loadIndex(join(dir, 'index'));
    const stored = await search(index);
    const older = await search({ ...index, sentences: null });
    assert.ok(older.embedded.length > 0, 'the sentences are embedded at answer time');
    older.passages.forEach(assertVerbatimSentence);
    assert.deepEqual(
      older.passages.map((passage) => passage.highlight),
      stored.passages.map((passage) => passage.highlight),
    );
  });
});
