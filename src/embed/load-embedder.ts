import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { loadTransformersEmbedder } from './transformers-embedder.ts';
import { ModelUnavailableError, type Embedder } from './types.ts';

export interface EmbedderChoice {
  embedder: Embedder | null;
  /** Why there is no embedder (shown to users as the lexical-only reason). */
  reason: string | null;
}

export function embedderSettings(config: Config) {
  return {
    modelId: config.EMBED_MODEL,
    dtype: config.EMBED_DTYPE,
    queryPrefix: config.EMBED_QUERY_PREFIX,
    passagePrefix: config.EMBED_PASSAGE_PREFIX,
    modelsDir: config.MODELS_DIR,
    allowDownload: config.ALLOW_MODEL_DOWNLOAD,
    batchSize: config.EMBED_BATCH_SIZE,
    maxTokens: config.EMBED_MAX_TOKENS,
  };
}

/** Load the configured model, or explain in one paragraph why citebot runs lexical-only. */
export async function loadEmbedderOrExplain(config: Config, log: Logger): Promise<EmbedderChoice> {
  try {
    return { embedder: await loadTransformersEmbedder(embedderSettings(config), log), reason: null };
  } catch (error) {
    const reason = error instanceof ModelUnavailableError ? error.message : `The embedding model ${config.EMBED_MODEL} failed to load: ${(error as Error).message}`;
    return { embedder: null, reason };
  }
}
