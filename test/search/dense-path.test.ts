// The transformers.js path end to end on the generated tiny model, with no network call: local
// model load, dense+lexical build, hybrid search, verbatim passages.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Citebot } from '../../src/answer/citebot.ts';
import { openCitebot, searchSettings } from '../../src/answer/open.ts';
import type { AnswerReply } from '../../src/answer/types.ts';
import { parseConfig, type Config } from '../../src/config.ts';
import { loadEmbedderOrExplain } from '../../src/embed/load-embedder.ts';
import type { Embedder } from '../../src/embed/types.ts';
import { loadIndex } from '../../src/index/load.ts';
import { Retriever } from '../../src/search/search.ts';
import { assertPassageVerbatim } from '../answer/verbatim-assertions.ts';
import { ON_TOPIC_QUESTIONS } from '../answer/questions.ts';
import { writeGeneratedModel } from '../fakes/model/write-model.ts';
import { bundledCorpus } from '../helpers/citebot.ts';
import { loadGeneratedEmbedder, silentLog, testBuild } from '../index/generated-embedder.ts';
import { recordNetworkCalls } from '../helpers/network-recorder.ts';

describe('dense+lexical search with the generated model through transformers.js, offline', () => {
  let network: ReturnType<typeof recordNetworkCalls>;
  let dir: string;
  let config: Config;
  let embedder: Embedder;
  let citebot: Citebot;

  before(async () => {
    network = recordNetworkCalls();
    dir = await mkdtemp(join(tmpdir(), 'citebot-dense-'));
    config = parseConfig({
      CORPUS_DIR: join(dir, 'corpus'),
      INDEX_DIR: join(dir, 'index'),
      MODELS_DIR: join(dir, 'models'),
      DATA_DIR: join(dir, 'data'),
      EMBED_MODEL: 'citebot-test/tiny-e5',
      EMBED_DTYPE: 'q8',
      // Downloads allowed: the model is found locally first, so still no network call.
      ALLOW_MODEL_DOWNLOAD: 'true',
      LOG_LEVEL: 'silent',
    });
    await cp(bundledCorpus, config.CORPUS_DIR, { recursive: true });
    embedder = await loadGeneratedEmbedder(config.MODELS_DIR, { allowDownload: true });
    const { manifest } = await testBuild({ corpusDir: config.CORPUS_DIR, indexDir: config.INDEX_DIR, embedder });
    assert.equal(manifest.mode, 'dense+lexical');
    citebot = await openCitebot({ config, log: silentLog, embedder, embedderReason: null });
  });
  after(async () => {
    network.restore();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the model from MODELS_DIR and embeds to unit vectors of its dimension', async () => {
    assert.equal(embedder.modelId, 'citebot-test/tiny-e5');
    assert.equal(embedder.dimension, 32);
    const [a, b] = await Promise.all([embedder.embedQuery('munitions'), embedder.embedQuery('Eastern Sentry')]);
    const norm = Math.hypot(...a);
    assert.ok(Math.abs(norm - 1) < 1e-4, `unit norm, got ${norm}`);
    assert.notDeepEqual(a, b);
    const [passage] = await embedder.embedPassages(['munitions']);
    assert.notDeepEqual(passage, a, 'queries and passages get their own prefixes');
  });

  it('the index holds one vector per chunk', async () => {
    const index = await loadIndex(config.INDEX_DIR, config.HNSW_EF_SEARCH);
    assert.equal(index.manifest.model?.dimension, 32);
    assert.equal(index.vectors?.size, index.chunks.length);
    assert.equal(index.embeddings.length, index.chunks.length);
    const retriever = new Retriever(index, embedder, searchSettings(config));
    assert.equal(retriever.mode, 'dense+lexical');
    const outcome = await retriever.search({ question: 'munitions', limit: 3, offset: 0 });
    assert.equal(outcome.mode, 'dense+lexical');
    assert.ok(outcome.passages.length > 0);
  });

  it('answers in dense+lexical mode with verbatim passages', async () => {
    const files = new Map<string, string>();
    for (const { question } of ON_TOPIC_QUESTIONS.slice(0, 8)) {
      for (const command of ['ask', 'quote', 'brief']) {
        const reply = await citebot.run(command, { text: question });
        assert.equal(reply.kind, 'answer', `${command} ${question}`);
        const answer = reply as AnswerReply;
        assert.equal(answer.mode, 'dense+lexical');
        // An empty answer would pass the verbatim checks below without checking anything.
        assert.ok(answer.passages.length > 0, `${command} "${question}" returns passages`);
        for (const passage of answer.passages) {
          if (!files.has(passage.source.file)) files.set(passage.source.file, await readFile(join(config.CORPUS_DIR, passage.source.file), 'utf8'));
          assertPassageVerbatim(passage, files.get(passage.source.file)!, question);
        }
        if (answer.quote) {
          assert.equal(files.get(answer.quote.source.file)!.slice(answer.quote.start, answer.quote.end), answer.quote.text);
        }
      }
    }
  });

  it('still finds exact names, acronyms and numbers through the lexical side', async () => {
    for (const term of ['PURL', 'DIANA', '355', 'Eastern Sentry']) {
      const reply = (await citebot.run('ask', { text: term })) as AnswerReply;
      assert.equal(reply.noAnswer, false, term);
      assert.ok(reply.passages[0]!.text.includes(term), `the best passage for "${term}" holds it`);
    }
  });

  it('weighted fusion (FUSION=weighted) also finds exact terms, with verbatim passages', async () => {
    const weighted = await openCitebot({ config: { ...config, FUSION: 'weighted' }, log: silentLog, embedder, embedderReason: null });
    for (const term of ['PURL', 'DIANA', 'Eastern Sentry']) {
      const reply = (await weighted.run('ask', { text: term })) as AnswerReply;
      assert.equal(reply.mode, 'dense+lexical');
      assert.ok(reply.passages[0]!.text.includes(term), `the best passage for "${term}" holds it`);
      const text = await readFile(join(config.CORPUS_DIR, reply.passages[0]!.source.file), 'utf8');
      assertPassageVerbatim(reply.passages[0]!, text, term);
    }
  });

  it('reports dense+lexical in status with the model id', async () => {
    const status = await citebot.run('status', { text: '' });
    assert.equal(status.kind, 'status');
    assert.equal(status.kind === 'status' && status.model, 'citebot-test/tiny-e5');
    assert.deepEqual(citebot.mode(), { mode: 'dense+lexical', reason: null });
  });

  it('a model missing from MODELS_DIR, with downloads off, is explained (id and folder) without a network call', async () => {
    const missing = parseConfig({ MODELS_DIR: join(dir, 'no-models'), EMBED_MODEL: 'Xenova/multilingual-e5-small', ALLOW_MODEL_DOWNLOAD: 'false' });
    const { embedder: none, reason } = await loadEmbedderOrExplain(missing, silentLog);
    assert.equal(none, null);
    assert.ok(reason?.includes('Xenova/multilingual-e5-small'));
    assert.ok(reason?.includes(join(dir, 'no-models', 'Xenova', 'multilingual-e5-small')), reason ?? '');
    assert.match(reason ?? '', /lexical-only/);
  });

  it('model files that are present but broken are reported, and search falls back to lexical-only', async () => {
    const brokenDir = join(dir, 'broken-models');
    await writeGeneratedModel(brokenDir, { modelId: 'citebot-test/broken' });
    await writeFile(join(brokenDir, 'citebot-test', 'broken', 'onnx', 'model_quantized.onnx'), 'not an onnx graph');
    const broken = parseConfig({ MODELS_DIR: brokenDir, EMBED_MODEL: 'citebot-test/broken', EMBED_DTYPE: 'q8', ALLOW_MODEL_DOWNLOAD: 'false' });
    const { embedder: none, reason } = await loadEmbedderOrExplain(broken, silentLog);
    assert.equal(none, null);
    assert.ok(reason?.includes('citebot-test/broken') && reason.includes(join(brokenDir, 'citebot-test', 'broken')), reason ?? '');
  });

  it('made no network call at all', () => {
    assert.deepEqual(network.calls, []);
  });
});
