import type { Config } from '../config.ts';
import type { Embedder } from '../embed/types.ts';
import { buildIndex, type BuildResult } from '../index/build.ts';
import type { Logger } from '../log.ts';
import { embeddingProgress } from './progress.ts';

/** Build the index from the configuration, with progress on stderr. */
export async function runBuild(config: Config, log: Logger, embedder: Embedder | null, lexicalOnlyReason: string | null): Promise<BuildResult> {
  const progress = embeddingProgress(log);
  try {
    return await buildIndex({
      corpusDir: config.CORPUS_DIR,
      indexDir: config.INDEX_DIR,
      chunkMaxChars: config.CHUNK_MAX_CHARS,
      hnsw: { M: config.HNSW_M, efConstruction: config.HNSW_EF_CONSTRUCTION, efSearch: config.HNSW_EF_SEARCH },
      embedder,
      lexicalOnlyReason,
      batchSize: config.EMBED_BATCH_SIZE,
      log,
      onProgress: (done, total) => progress.update(done, total),
    });
  } finally {
    progress.stop();
  }
}
