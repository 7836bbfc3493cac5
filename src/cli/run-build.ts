import type { Config } from '../config.ts';
import type { ExtractLimits } from '../corpus/extract/types.ts';
import type { Embedder } from '../embed/types.ts';
import { buildIndex, type BuildResult } from '../index/build.ts';
import type { Logger } from '../log.ts';
import { openPool, type PgPool } from '../index/postgres/pool.ts';
import { publishGeneration } from '../index/postgres/publish.ts';
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

export interface RunBuildOptions {
  /** Rebuild every part of the index, not an update of the previous build (files; a generation is always whole). */
  full?: boolean;
  /** INDEX_BACKEND=postgres: the pool to publish with (one is opened on DATABASE_URL when absent). */
  pool?: PgPool;
  /** INDEX_BACKEND=postgres: publish only when no generation is served yet (a replica starting). */
  onlyIfNone?: boolean;
}

/**
 * Build the index from the configuration, with progress on stderr: into INDEX_DIR (an update of the
 * previous build where it can be, only changed files re-indexed; everything anew with `full`), or
 * (INDEX_BACKEND=postgres) as a new generation published to the database, whose `buildDir` is its build id.
 */
export async function runBuild(config: Config, log: Logger, embedder: Embedder | null, lexicalOnlyReason: string | null, options: RunBuildOptions = {}): Promise<BuildResult> {
  const progress = embeddingProgress(log);
  const extraction = extractionProgress(log);
  const sentences = buildProgress(log, { label: 'Embedding sentences', unit: 'sentences' });
  const common = {
    corpusDir: config.CORPUS_DIR,
    chunkMaxChars: config.CHUNK_MAX_CHARS,
    hnsw: { M: config.HNSW_M, efConstruction: config.HNSW_EF_CONSTRUCTION, efSearch: config.HNSW_EF_SEARCH },
    embedder,
    lexicalOnlyReason,
    batchSize: config.EMBED_BATCH_SIZE,
    log,
    onProgress: (done: number, total: number) => {
      extraction.stop();
      progress.update(done, total);
    },
    extractLimits: extractLimits(config),
    onExtractProgress: (done: number, total: number) => extraction.update(done, total),
  };
  try {
    if (config.INDEX_BACKEND === 'postgres') {
      const pool = options.pool ?? openPool(config.DATABASE_URL!);
      try {
        const published = await publishGeneration(pool, { ...common, graceMinutes: config.GENERATION_GRACE_MINUTES, onlyIfNone: options.onlyIfNone ?? false });
        // A generation is whole: its lexical and HNSW indexes are built by each replica as it loads it.
        return { manifest: published.manifest, buildDir: published.manifest.buildId, lexical: 'built', vectors: published.manifest.model ? 'built' : null, carriedFiles: 0 };
      } finally {
        if (!options.pool) await pool.end();
      }
    }
    return await buildIndex({
      ...common,
      indexDir: config.INDEX_DIR,
      full: options.full,
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
