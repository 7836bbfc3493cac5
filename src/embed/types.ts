/** Turns text into unit-length vectors. Queries and passages may be prefixed differently (e5). */
export interface Embedder {
  /** Model id, e.g. "Xenova/multilingual-e5-small". */
  readonly modelId: string;
  readonly dtype: string;
  readonly dimension: number;
  readonly queryPrefix: string;
  /** The prefix put before passages; part of the embedding cache key. */
  readonly passagePrefix: string;
  embedQuery(text: string): Promise<Float32Array>;
  /** One batch: the caller chooses the batch size. */
  embedPassages(texts: string[]): Promise<Float32Array[]>;
}

export interface EmbedderSettings {
  modelId: string;
  dtype: string;
  queryPrefix: string;
  passagePrefix: string;
  modelsDir: string;
  allowDownload: boolean;
  batchSize: number;
  /** The model's input limit in tokens (e5: 512). */
  maxTokens?: number;
}

/** Why no model could be loaded: what was tried, where, and how to fix it. */
export class ModelUnavailableError extends Error {
  constructor(
    readonly modelId: string,
    readonly searched: string[],
    readonly detail: string,
  ) {
    super(
      `The embedding model ${modelId} could not be loaded (${detail}). ` +
        `Searched: ${searched.join(', ')}. ` +
        `To enable semantic search on a machine without internet, copy the model's files ` +
        `(config.json, tokenizer.json, tokenizer_config.json and onnx/model_quantized.onnx) into ` +
        `${searched[0] ?? 'MODELS_DIR'}, for example from a machine that ran citebot once with internet access. ` +
        `Until then citebot runs lexical-only: it matches words, not meaning.`,
    );
    this.name = 'ModelUnavailableError';
  }
}
