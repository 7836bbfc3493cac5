import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import type { Logger } from '../log.ts';
import { ModelUnavailableError, type Embedder, type EmbedderSettings } from './types.ts';

type Dtype = 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4' | 'bnb4' | 'q4f16';

// transformers.js's overloaded `pipeline` type is too complex for tsc; this is the one form used here.
const featureExtraction = pipeline as unknown as (
  task: 'feature-extraction',
  model: string,
  options: { dtype: Dtype },
) => Promise<FeatureExtractionPipeline>;

function localModelFolder(settings: EmbedderSettings): string {
  return resolve(settings.modelsDir, settings.modelId);
}

/** Whether the model hub answers at all (a closed network fails fast here instead of hanging in the loader). */
async function hubReachable(host: string, timeoutMs = 5000): Promise<boolean> {
  try {
    const response = await fetch(host, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
    return response.status < 500;
  } catch {
    return false;
  }
}

async function loadPipeline(settings: EmbedderSettings, log: Logger): Promise<FeatureExtractionPipeline> {
  const modelsDir = resolve(settings.modelsDir);
  env.localModelPath = `${modelsDir}/`;
  env.cacheDir = modelsDir;
  env.allowLocalModels = true;
  const options = { dtype: settings.dtype as Dtype };
  const folder = localModelFolder(settings);
  const searched = [folder];
  let localError: string | null = null;
  if (existsSync(folder)) {
    env.allowRemoteModels = false;
    try {
      return await featureExtraction('feature-extraction', settings.modelId, options);
    } catch (error) {
      localError = (error as Error).message;
      log.warn({ folder, error: localError }, 'model files found but could not be loaded');
    }
  }
  if (!settings.allowDownload) {
    throw new ModelUnavailableError(settings.modelId, searched, localError ?? 'not found locally and downloads are disabled (ALLOW_MODEL_DOWNLOAD=false)');
  }
  searched.push(env.remoteHost);
  if (!(await hubReachable(env.remoteHost))) {
    throw new ModelUnavailableError(settings.modelId, searched, localError ?? `not found locally and ${env.remoteHost} cannot be reached`);
  }
  log.info({ model: settings.modelId, into: folder }, 'downloading the embedding model (first use only)');
  env.allowRemoteModels = true;
  try {
    return await featureExtraction('feature-extraction', settings.modelId, options);
  } catch (error) {
    throw new ModelUnavailableError(settings.modelId, searched, (error as Error).message);
  } finally {
    env.allowRemoteModels = false;
  }
}

/** A transformers.js feature-extraction pipeline with mean pooling and normalized output. */
export async function loadTransformersEmbedder(settings: EmbedderSettings, log: Logger): Promise<Embedder> {
  const extractor = await loadPipeline(settings, log);
  // The model sees at most maxTokens tokens; cutting the text first (about 4 characters a token)
  // spares the tokenizer, whose cost grows faster than the text on very long inputs.
  const maxChars = (settings.maxTokens ?? 512) * 4;
  const run = async (texts: string[]): Promise<Float32Array[]> => {
    const output = await extractor(texts.map((text) => text.slice(0, maxChars)), { pooling: 'mean', normalize: true });
    const [rows, dimension] = output.dims as [number, number];
    const data = output.data as Float32Array;
    return Array.from({ length: rows }, (_, row) => data.slice(row * dimension, (row + 1) * dimension));
  };
  const [probe] = await run([`${settings.queryPrefix}dimension`]);
  const dimension = probe!.length;
  return {
    modelId: settings.modelId,
    dtype: settings.dtype,
    dimension,
    queryPrefix: settings.queryPrefix,
    passagePrefix: settings.passagePrefix,
    async embedQuery(text) {
      const [vector] = await run([`${settings.queryPrefix}${text}`]);
      return vector!;
    },
    async embedPassages(texts) {
      return texts.length === 0 ? [] : run(texts.map((text) => `${settings.passagePrefix}${text}`));
    },
  };
}
