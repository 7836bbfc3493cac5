// An index embedded with one model is refused with another: its vectors cannot be compared.
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ModelMismatchError, openCitebot } from '../../src/answer/open.ts';
import { parseConfig, type Config } from '../../src/config.ts';
import type { Embedder } from '../../src/embed/types.ts';
import { bundledCorpus } from '../helpers/citebot.ts';
import { loadGeneratedEmbedder, silentLog, testBuild } from '../index/generated-embedder.ts';

describe('a query-time model that does not match the index', () => {
  let dir: string;
  let corpusDir: string;
  let indexDir: string;
  let modelA: Embedder;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'citebot-mismatch-'));
    corpusDir = join(dir, 'corpus');
    indexDir = join(dir, 'index');
    await cp(bundledCorpus, corpusDir, { recursive: true });
    modelA = await loadGeneratedEmbedder(join(dir, 'models'));
    await testBuild({ corpusDir, indexDir, embedder: modelA });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  function configFor(model: { modelId: string; dtype: string }): Config {
    return parseConfig({
      CORPUS_DIR: corpusDir,
      INDEX_DIR: indexDir,
      MODELS_DIR: join(dir, 'models'),
      ALLOW_MODEL_DOWNLOAD: 'false',
      EMBED_MODEL: model.modelId,
      EMBED_DTYPE: model.dtype,
    });
  }

  async function assertRefused(embedder: Embedder | null, config: Config, mentions: string[]): Promise<void> {
    await assert.rejects(openCitebot({ config, log: silentLog, embedder, embedderReason: embedder ? null : 'no model' }), (error: Error) => {
      assert.ok(error instanceof ModelMismatchError, `${error.name}: ${error.message}`);
      for (const text of mentions) assert.ok(error.message.includes(text), `"${error.message}" mentions ${text}`);
      assert.match(error.message, /npm run build/, 'the message names the fix');
      assert.ok(error.message.includes(`EMBED_MODEL=${modelA.modelId}`), 'or the setting that matches the index');
      return true;
    });
  }

  it('the matching model opens in dense+lexical mode', async () => {
    const citebot = await openCitebot({ config: configFor(modelA), log: silentLog, embedder: modelA, embedderReason: null });
    assert.deepEqual(citebot.mode(), { mode: 'dense+lexical', reason: null });
  });

  it('another model id is refused, naming both models', async () => {
    const modelB = await loadGeneratedEmbedder(join(dir, 'models'), { modelId: 'citebot-test/other-tiny', seed: 7 });
    await assertRefused(modelB, configFor(modelB), [modelA.modelId, 'citebot-test/other-tiny']);
  });

  it('the same model id with another dtype is refused, naming both dtypes', async () => {
    const fp32 = await loadGeneratedEmbedder(join(dir, 'models'), { dtype: 'fp32' });
    assert.equal(fp32.modelId, modelA.modelId);
    await assertRefused(fp32, configFor(fp32), ['(q8', '(fp32']);
  });

  it('the same id with another dimension is refused', async () => {
    const wider = await loadGeneratedEmbedder(join(dir, 'models-wide'), { hidden: 64 });
    assert.equal(wider.modelId, modelA.modelId);
    assert.equal(wider.dimension, 64);
    await assertRefused(wider, configFor(wider), ['32 dimensions', '64 dimensions']);
  });

  it('with no model loaded, a configured model other than the index’s is refused too', async () => {
    await assertRefused(null, configFor({ modelId: 'Xenova/multilingual-e5-small', dtype: 'q8' }), ['Xenova/multilingual-e5-small', modelA.modelId]);
  });

  it('with no model loaded but the index’s model configured, it answers lexical-only and says why', async () => {
    const citebot = await openCitebot({ config: configFor(modelA), log: silentLog, embedder: null, embedderReason: 'model files missing' });
    assert.deepEqual(citebot.mode(), { mode: 'lexical-only', reason: 'model files missing' });
    const reply = await citebot.run('ask', { text: 'PURL' });
    assert.equal(reply.kind, 'answer');
    assert.equal(reply.mode, 'lexical-only');
    const status = await citebot.run('status', { text: '' });
    assert.equal(status.kind === 'status' ? status.modeReason : null, 'model files missing');
  });

  it('a running engine refuses to switch to a rebuild made with another model, and keeps serving', async () => {
    const otherIndex = join(dir, 'index-rebuilt');
    await cp(indexDir, otherIndex, { recursive: true });
    const modelB = await loadGeneratedEmbedder(join(dir, 'models'), { modelId: 'citebot-test/other-tiny', seed: 7 });
    const config = { ...configFor(modelA), INDEX_DIR: otherIndex };
    const running = await openCitebot({ config, log: silentLog, embedder: modelA, embedderReason: null });
    await testBuild({ corpusDir, indexDir: otherIndex, embedder: modelB });
    assert.equal(await running.refresh(), false);
    const reply = await running.run('ask', { text: 'PURL' });
    assert.equal(reply.kind, 'answer');
    assert.equal(reply.mode, 'dense+lexical');
    assert.ok(reply.kind === 'answer' && reply.passages[0]!.text.includes('PURL'));
    assert.equal(running.mode().mode, 'dense+lexical');
  });
});
