// Shared by the index, search and answer tests: the real transformers.js embedder on a generated
// random-weight model in a temp folder (no network), and a build with test-sized settings.
import pino from 'pino';
import type { Embedder } from '../../src/embed/types.ts';
import { loadTransformersEmbedder } from '../../src/embed/transformers-embedder.ts';
import { buildIndex, type BuildOptions, type BuildResult } from '../../src/index/build.ts';
import { writeGeneratedModel } from '../fakes/model/write-model.ts';

export const silentLog = pino({ level: 'silent' });

export interface GeneratedEmbedderOptions {
  modelId?: string;
  dtype?: 'q8' | 'fp32';
  seed?: number;
  /** Embedding dimension (default 32). */
  hidden?: number;
  /** Passed to loadTransformersEmbedder (the model is local either way). */
  allowDownload?: boolean;
}

/** Write a generated model into `modelsDir` and load it the way citebot does (local only). */
export async function loadGeneratedEmbedder(modelsDir: string, options: GeneratedEmbedderOptions = {}): Promise<Embedder> {
  const { modelId } = await writeGeneratedModel(modelsDir, {
    ...(options.modelId ? { modelId: options.modelId } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.hidden !== undefined ? { hidden: options.hidden } : {}),
    reuseExisting: true,
  });
  return loadTransformersEmbedder(
    {
      modelId,
      dtype: options.dtype ?? 'q8',
      queryPrefix: 'query: ',
      passagePrefix: 'passage: ',
      modelsDir,
      allowDownload: options.allowDownload ?? false,
      batchSize: 16,
    },
    silentLog,
  );
}

/** An embedder that records every passage it embeds. */
export function recordingEmbedder(inner: Embedder): { embedder: Embedder; embedded: string[] } {
  const embedded: string[] = [];
  const embedder: Embedder = {
    modelId: inner.modelId,
    dtype: inner.dtype,
    dimension: inner.dimension,
    queryPrefix: inner.queryPrefix,
    passagePrefix: inner.passagePrefix,
    embedQuery: (text) => inner.embedQuery(text),
    embedPassages: (texts) => {
      embedded.push(...texts);
      return inner.embedPassages(texts);
    },
  };
  return { embedder, embedded };
}

export const TEST_CHUNK_MAX_CHARS = 1000;

/** buildIndex with the settings tests use (the defaults of src/config.ts). */
export function testBuild(
  options: Pick<BuildOptions, 'corpusDir' | 'indexDir' | 'embedder'> & Partial<BuildOptions>,
): Promise<BuildResult> {
  return buildIndex({
    chunkMaxChars: TEST_CHUNK_MAX_CHARS,
    hnsw: { M: 16, efConstruction: 200 },
    lexicalOnlyReason: options.embedder ? null : 'test: no embedding model',
    batchSize: 16,
    log: silentLog,
    ...options,
  });
}
