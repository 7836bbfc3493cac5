export interface GeneratedModelShape {
  layers: number;
  hidden: number;
  heads: number;
  intermediate: number;
  vocabSize: number;
  /** XLM-R style: model_max_length + 2 (positions start after the padding index). */
  maxPositions: number;
}

/** Same compute as intfloat/multilingual-e5-small (XLM-R vocabulary): for benchmarks. */
export const E5_SMALL_SHAPE: GeneratedModelShape = Object.freeze({
  layers: 12,
  hidden: 384,
  heads: 12,
  intermediate: 1536,
  vocabSize: 250002,
  maxPositions: 514,
});

/** Tiny shape for tests; the vocabulary size follows the generated tokenizer. */
export const TINY_SHAPE: Omit<GeneratedModelShape, 'vocabSize'> = Object.freeze({
  layers: 2,
  hidden: 32,
  heads: 2,
  intermediate: 64,
  maxPositions: 514,
});

export function checkShape(shape: GeneratedModelShape): void {
  for (const [key, value] of Object.entries(shape)) {
    if (!Number.isInteger(value) || value <= 0) throw new Error(`model shape: ${key} must be a positive integer, got ${value}`);
  }
  if (shape.hidden % shape.heads !== 0) {
    throw new Error(`model shape: hidden (${shape.hidden}) must be divisible by heads (${shape.heads})`);
  }
  if (shape.maxPositions < 3) throw new Error('model shape: maxPositions must leave room past the padding index');
}
