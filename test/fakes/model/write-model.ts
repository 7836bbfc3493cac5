// Writes a real, loadable transformers.js feature-extraction model with random
// weights: <modelsDir>/<org>/<name>/{config.json, tokenizer.json,
// tokenizer_config.json, onnx/model.onnx (fp32), onnx/model_quantized.onnx (q8),
// generated.json (what it was generated from)}.
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildEncoderModel, type Precision } from './encoder-graph.ts';
import { configJson, tokenizerConfigJson, tokenizerJson } from './model-files.ts';
import type { ProtoMessage } from './protobuf.ts';
import { checkShape, TINY_SHAPE, type GeneratedModelShape } from './shape.ts';
import { buildVocabulary } from './vocabulary.ts';

export { E5_SMALL_SHAPE, TINY_SHAPE, type GeneratedModelShape } from './shape.ts';

export const DEFAULT_MODEL_ID = 'citebot-test/tiny-e5';
export const DEFAULT_SEED = 42;
/** Bump when the generated files change, so reused models are regenerated. */
const GENERATOR_VERSION = 1;
const STAMP_FILE = 'generated.json';

/** The ONNX file transformers.js 3.8.1 loads for each dtype (`onnx/model${suffix}.onnx`). */
export const ONNX_FILE_BY_DTYPE: Readonly<Record<Precision, string>> = Object.freeze({
  fp32: 'onnx/model.onnx',
  q8: 'onnx/model_quantized.onnx',
});

export interface GenerateModelOptions extends Partial<GeneratedModelShape> {
  modelId?: string;
  seed?: number;
  /** Words for the tokenizer vocabulary, most frequent first (default: the bundled corpus + common en/fr words). */
  vocabWords?: string[];
  /** Keep the model already in place if it was generated with the same inputs (for benchmarks: saves ~10 s at e5-small size). */
  reuseExisting?: boolean;
}

export async function writeGeneratedModel(
  modelsDir: string,
  opts: GenerateModelOptions = {},
): Promise<{ modelId: string; dir: string; shape: GeneratedModelShape }> {
  const { modelId = DEFAULT_MODEL_ID, seed = DEFAULT_SEED, vocabWords, reuseExisting = false, ...shapeOverrides } = opts;
  if (!/^[\w.-]+\/[\w.-]+$/.test(modelId)) throw new Error(`model id must look like org/name, got "${modelId}"`);

  const vocabulary = buildVocabulary({
    seed,
    ...(vocabWords ? { words: vocabWords } : {}),
    ...(shapeOverrides.vocabSize !== undefined ? { size: shapeOverrides.vocabSize } : {}),
  });
  const shape: GeneratedModelShape = { ...TINY_SHAPE, ...shapeOverrides, vocabSize: vocabulary.length };
  checkShape(shape);

  const dir = join(modelsDir, ...modelId.split('/'));
  const tokenizer = JSON.stringify(tokenizerJson(vocabulary));
  const stamp = JSON.stringify({
    generatorVersion: GENERATOR_VERSION,
    modelId,
    seed,
    shape,
    tokenizerSha256: createHash('sha256').update(tokenizer).digest('hex'),
  });
  if (reuseExisting && (await readFile(join(dir, STAMP_FILE), 'utf8').catch(() => null)) === stamp) {
    return { modelId, dir, shape };
  }

  await mkdir(join(dir, 'onnx'), { recursive: true });
  await rm(join(dir, STAMP_FILE), { force: true });
  await writeFile(join(dir, 'config.json'), JSON.stringify(configJson(shape), null, 2));
  await writeFile(join(dir, 'tokenizer_config.json'), JSON.stringify(tokenizerConfigJson(), null, 2));
  await writeFile(join(dir, 'tokenizer.json'), tokenizer);
  for (const precision of ['fp32', 'q8'] as const) {
    await writeMessage(join(dir, ONNX_FILE_BY_DTYPE[precision]), buildEncoderModel(shape, { seed, precision }));
  }
  await writeFile(join(dir, STAMP_FILE), stamp);
  return { modelId, dir, shape };
}

/** Streams the message to disk (weights are produced block by block), then renames it into place. */
async function writeMessage(path: string, message: ProtoMessage): Promise<void> {
  const partial = `${path}.partial`;
  const file = await open(partial, 'w');
  try {
    const pending = new Uint8Array(1 << 22);
    let filled = 0;
    const flush = async (): Promise<void> => {
      if (filled > 0) await file.write(pending, 0, filled);
      filled = 0;
    };
    for (const chunk of message.chunks()) {
      if (chunk.byteLength > pending.byteLength / 4) {
        await flush();
        await file.write(chunk);
      } else {
        if (filled + chunk.byteLength > pending.byteLength) await flush();
        pending.set(chunk, filled);
        filled += chunk.byteLength;
      }
    }
    await flush();
  } finally {
    await file.close();
  }
  await rename(partial, path);
}
