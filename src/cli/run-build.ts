import type { Config } from '../config.ts';
import type { ExtractLimits } from '../corpus/extract/types.ts';
import type { Embedder } from '../embed/types.ts';
import { buildIndex, type BuildResult } from '../index/build.ts';
import type { Logger } from '../log.ts';
import { buildProgress, embeddingProgress, extractionProgress } from './progress.ts';

/** The extraction limits of the configuration. */
export function extractLimits(config: Config): ExtractLimits {
  const megabytes = 1024 * 1024;
  return {
    timeoutMs: config.EXTRACT_TIMEOUT_SECONDS * 1000,
    memoryMb: config.EXTRACT_MEMORY_MB,
    maxFileBytes: config.EXTRACT_MAX_FILE_MB * megabytes,
    maxUnzippedBytes: config.EXTRACT_MAX_UNZIPPED_MB * megabytes,
  };
}

/**
 * Build the index from the configuration, with progress on stderr: an update of the previous build
 * where it can be (only changed files re-indexed), everything anew with `full`.
 */
export async function runBuild(
  config: Config,
  log: Logger,
  embedder: Embedder | null,
  lexicalOnlyReason: string | null,
  options: { full?: boolean } = {},
): Promise<BuildResult> {
  const progress = embeddingProgress(log);
  const extraction = extractionProgress(log);
  const sentences = buildProgress(log, { label: 'Embedding sentences', unit: 'sentences' });
  try {
    return await buildIndex({
      corpusDir: config.CORPUS_DIR,
      indexDir: config.INDEX_DIR,
      chunkMaxChars: config.CHUNK_MAX_CHARS,
      hnsw: { M: config.HNSW_M, efConstruction: config.HNSW_EF_CONSTRUCTION, efSearch: config.HNSW_EF_SEARCH },
      embedder,
      lexicalOnlyReason,
      full: options.full,
      batchSize: config.EMBED_BATCH_SIZE,
      log,
      onProgress: (done, total) => {
        extraction.stop();
        progress.update(done, total);
      },
      extractLimits: extractLimits(config),
      onExtractProgress: (done, total) => extraction.update(done, total),
      onSentenceProgress: (done, total) => {
        progress.stop();
        sentences.update(done, total);
      },
    });
  } finally {
    extraction.stop();
    progress.stop();
    sentences.stop();
  }
}
