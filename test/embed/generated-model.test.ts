// The generated random-weight model loads in the real transformers.js
// feature-extraction pipeline (onnxruntime-node) from a local folder, offline.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AutoTokenizer, env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { ONNX_FILE_BY_DTYPE, writeGeneratedModel, type GeneratedModelShape } from '../fakes/model/write-model.ts';
import { recordNetworkCalls } from '../helpers/network-recorder.ts';

// transformers.js's overloaded `pipeline` type is too heavy for tsc; this is the one form used here.
const featureExtraction = pipeline as unknown as (
  task: 'feature-extraction',
  model: string,
  options: { dtype: 'fp32' | 'q8' },
) => Promise<FeatureExtractionPipeline>;

const FRENCH = 'Le secrétaire général de l’OTAN « salue » l’effort de la Roumanie : « c’est très élevé », a-t-il déclaré.';
const ENGLISH = 'The Secretary General thanked Romania for its contribution to the security of the Alliance.';
const WHITESPACE_ONLY = '   ';
const VERY_LONG = 'La défense de l’Alliance repose sur la dissuasion et la coopération. '.repeat(40); // ~600 tokens (XLM-R tokenization in transformers.js is quadratic in length)

function norm(vector: readonly number[]): number {
  return Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
}
function cosine(a: readonly number[], b: readonly number[]): number {
  return a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0) / (norm(a) * norm(b));
}

describe('generated embedding model in transformers.js', () => {
  let modelsDir: string;
  let modelId: string;
  let shape: GeneratedModelShape;
  let network: ReturnType<typeof recordNetworkCalls>;
  const pipelines: FeatureExtractionPipeline[] = [];

  async function embed(extractor: FeatureExtractionPipeline, texts: string[]): Promise<number[][]> {
    const output = await extractor(texts, { pooling: 'mean', normalize: true });
    return output.tolist() as number[][];
  }

  before(async () => {
    network = recordNetworkCalls();
    modelsDir = await mkdtemp(join(tmpdir(), 'citebot-model-'));
    ({ modelId, shape } = await writeGeneratedModel(modelsDir));
    env.localModelPath = modelsDir;
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
  });

  after(async () => {
    for (const extractor of pipelines) await extractor.dispose();
    network.restore();
    await rm(modelsDir, { recursive: true, force: true });
  });

  it('embeds French, English, whitespace-only and over-long text with dtype q8', async () => {
    const extractor = await featureExtraction('feature-extraction', modelId, { dtype: 'q8' });
    pipelines.push(extractor);
    const texts = [FRENCH, ENGLISH, WHITESPACE_ONLY, VERY_LONG];
    const vectors = await embed(extractor, texts);

    assert.equal(vectors.length, texts.length);
    for (const vector of vectors) {
      assert.equal(vector.length, shape.hidden);
      assert.ok(vector.every(Number.isFinite), 'every component is finite');
      assert.ok(Math.abs(norm(vector) - 1) < 1e-5, `unit norm, got ${norm(vector)}`);
    }
    for (let i = 0; i < vectors.length; i++) {
      for (let j = i + 1; j < vectors.length; j++) {
        assert.ok(cosine(vectors[i]!, vectors[j]!) < 0.999, `texts ${i} and ${j} get different vectors`);
      }
    }

    const [again] = await embed(extractor, [FRENCH]);
    const [againAlone] = await embed(extractor, [FRENCH]);
    assert.deepEqual(again, againAlone, 'the same text gives the same vector');
    assert.ok(cosine(again!, vectors[0]!) > 0.99999, 'alone or in a padded batch, the same text gives the same vector');

    assert.ok(extractor.tokenizer.tokenize(VERY_LONG).length > 512);
    const longInput = extractor.tokenizer([VERY_LONG], { padding: true, truncation: true });
    assert.deepEqual(longInput.input_ids.dims, [1, 512], 'the pipeline truncates at model_max_length');
  });

  it('tokenizes French typography and accents without unknown tokens', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained(modelId);
    const pieces = tokenizer.tokenize(FRENCH);
    assert.ok(!pieces.includes('<unk>'), `no <unk> in ${pieces.join(' ')}`);
    assert.ok(pieces.includes('’') && pieces.includes('«') && pieces.includes('»'), pieces.join(' '));
    assert.ok(pieces.includes('▁secrétaire'), 'corpus words are whole pieces');
    const { input_ids } = tokenizer(ENGLISH);
    const ids = Array.from(input_ids.data as BigInt64Array, Number);
    assert.equal(ids[0], 0, 'starts with <s>');
    assert.equal(ids.at(-1), 2, 'ends with </s>');
    assert.ok(ids.every((id) => id < shape.vocabSize));
  });

  it('loads dtype fp32 too, with the same weights as q8 up to quantisation', async () => {
    const fp32 = await featureExtraction('feature-extraction', modelId, { dtype: 'fp32' });
    pipelines.push(fp32);
    const q8 = pipelines[0]!;
    const [fromFp32] = await embed(fp32, [ENGLISH]);
    const [fromQ8] = await embed(q8, [ENGLISH]);
    assert.equal(fromFp32!.length, shape.hidden);
    assert.notDeepEqual(fromFp32, fromQ8, 'two different graphs');
    assert.ok(cosine(fromFp32!, fromQ8!) > 0.99, `fp32 and q8 agree, cosine ${cosine(fromFp32!, fromQ8!)}`);
  });

  it('writes config consistent with the graph, deterministically for a seed', async () => {
    const config = JSON.parse(await readFile(join(modelsDir, modelId, 'config.json'), 'utf8'));
    assert.equal(config.model_type, 'xlm-roberta');
    assert.equal(config.hidden_size, shape.hidden);
    assert.equal(config.num_hidden_layers, shape.layers);
    assert.equal(config.vocab_size, shape.vocabSize);
    const tokenizerJson = JSON.parse(await readFile(join(modelsDir, modelId, 'tokenizer.json'), 'utf8'));
    assert.equal(tokenizerJson.model.vocab.length, shape.vocabSize);

    const again = await writeGeneratedModel(join(modelsDir, 'again'));
    const otherSeed = await writeGeneratedModel(join(modelsDir, 'other-seed'), { seed: 7 });
    const onnx = (dir: string) => readFile(join(dir, ONNX_FILE_BY_DTYPE.q8));
    const original = await onnx(join(modelsDir, modelId));
    assert.ok(original.equals(await onnx(again.dir)), 'same seed, same bytes');
    assert.ok(!original.equals(await onnx(otherSeed.dir)), 'another seed, other weights');
  });

  it('reuses a model generated from the same inputs only when asked', async () => {
    const dir = join(modelsDir, 'reused');
    const first = await writeGeneratedModel(dir, { reuseExisting: true });
    const modelFile = join(first.dir, ONNX_FILE_BY_DTYPE.fp32);
    const written = await stat(modelFile);
    await writeGeneratedModel(dir, { reuseExisting: true });
    assert.equal((await stat(modelFile)).mtimeMs, written.mtimeMs, 'same inputs: kept');
    await writeGeneratedModel(dir, { reuseExisting: true, seed: 7 });
    const stamp = JSON.parse(await readFile(join(first.dir, 'generated.json'), 'utf8'));
    assert.equal(stamp.seed, 7, 'other inputs: regenerated');
  });

  it('accepts a custom vocabulary and shape', async () => {
    const custom = await writeGeneratedModel(join(modelsDir, 'custom'), {
      modelId: 'test-org/custom',
      vocabWords: ['bonjour', 'monde'],
      layers: 1,
      hidden: 16,
      heads: 4,
      intermediate: 32,
      vocabSize: 1000,
    });
    assert.equal(custom.shape.vocabSize, 1000);
    env.localModelPath = join(modelsDir, 'custom');
    const extractor = await featureExtraction('feature-extraction', custom.modelId, { dtype: 'q8' });
    pipelines.push(extractor);
    const tokens = extractor.tokenizer.tokenize('bonjour le monde');
    assert.deepEqual(tokens.slice(0, 1), ['▁bonjour']);
    const [vector] = await embed(extractor, ['bonjour le monde']);
    assert.equal(vector!.length, 16);
    assert.ok(vector!.every(Number.isFinite));
    env.localModelPath = modelsDir;
  });

  it('made no network call', () => {
    assert.deepEqual(network.calls, []);
  });
});
