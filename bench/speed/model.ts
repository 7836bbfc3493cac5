import { E5_SMALL_SHAPE, writeGeneratedModel } from '../../test/fakes/model/write-model.ts';
import { cacheDir } from '../lib/cache.ts';

export type ModelShapeName = 'e5-small' | 'tiny';

export interface BenchModel {
  modelsDir: string;
  modelId: string;
  shape: { layers: number; hidden: number; heads: number; intermediate: number; vocabSize: number };
  /** 0 when reused from bench/.cache. */
  generateSeconds: number;
}

/**
 * A random-weight encoder of the chosen shape (e5-small: same compute as multilingual-e5-small),
 * generated once into bench/.cache/models. Good for timing, meaningless for quality.
 */
export async function benchModel(shape: ModelShapeName, modelsDir = cacheDir('models')): Promise<BenchModel> {
  const started = performance.now();
  const generated = await writeGeneratedModel(modelsDir, {
    ...(shape === 'e5-small' ? E5_SMALL_SHAPE : {}),
    modelId: shape === 'e5-small' ? 'citebot-bench/e5-small-shape' : 'citebot-bench/tiny',
    reuseExisting: true,
  });
  const seconds = (performance.now() - started) / 1000;
  return { modelsDir, modelId: generated.modelId, shape: generated.shape, generateSeconds: seconds > 2 ? seconds : 0 };
}
