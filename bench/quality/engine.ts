import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { searchSettings } from '../../src/answer/open.ts';
import { parseConfig, type Config } from '../../src/config.ts';
import { loadEmbedderOrExplain } from '../../src/embed/load-embedder.ts';
import type { Embedder } from '../../src/embed/types.ts';
import { buildIndex, type BuildOptions, type BuildResult } from '../../src/index/build.ts';
import { loadIndex, type LoadedIndex } from '../../src/index/load.ts';
import { createLogger } from '../../src/log.ts';
import { Retriever, type SearchSettings } from '../../src/search/search.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The product's configuration for a benchmark's corpus and index folders (no downloads, silent logs). */
export function benchConfig(corpusDir: string, indexDir: string, overrides: Record<string, string> = {}): Config {
  return parseConfig({
    CORPUS_DIR: corpusDir,
    INDEX_DIR: indexDir,
    DATA_DIR: join(indexDir, '..', 'data'),
    MODELS_DIR: process.env.MODELS_DIR ?? resolve(REPO_ROOT, 'models'),
    EMBED_MODEL: process.env.EMBED_MODEL,
    EMBED_DTYPE: process.env.EMBED_DTYPE,
    ALLOW_MODEL_DOWNLOAD: 'false',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

export interface ModelAvailability {
  embedder: Embedder | null;
  /** Why there is no embedder to measure quality with. */
  reason: string | null;
}

/**
 * The configured real model, if it is on disk. A generated random-weight model (generated.json
 * beside its files) is no model for quality: its rankings mean nothing.
 */
export async function qualityModel(config: Config): Promise<ModelAvailability> {
  const folder = resolve(config.MODELS_DIR, config.EMBED_MODEL);
  if (!existsSync(folder)) {
    return { embedder: null, reason: `no model available: ${config.EMBED_MODEL} is not in ${config.MODELS_DIR} and the benchmark does not download` };
  }
  if (existsSync(join(folder, 'generated.json'))) {
    return { embedder: null, reason: `no model available: ${config.EMBED_MODEL} in ${config.MODELS_DIR} has generated random weights` };
  }
  const choice = await loadEmbedderOrExplain(config, createLogger('silent'));
  return { embedder: choice.embedder, reason: choice.embedder ? null : `no model available: ${choice.reason}` };
}

/** Build options the benchmarks' ablations change (chunk packing, field weights, stemming, opening titles); the product's defaults when absent. */
export type BuildVariant = Pick<BuildOptions, 'chunkPackChars' | 'lexicalFields' | 'stemming' | 'openingTitles' | 'onSentenceProgress'>;

export async function buildBenchIndex(config: Config, embedder: Embedder | null, variant: BuildVariant = {}): Promise<BuildResult> {
  return buildIndex({
    ...variant,
    corpusDir: config.CORPUS_DIR,
    indexDir: config.INDEX_DIR,
    chunkMaxChars: config.CHUNK_MAX_CHARS,
    hnsw: { M: config.HNSW_M, efConstruction: config.HNSW_EF_CONSTRUCTION, efSearch: config.HNSW_EF_SEARCH },
    embedder,
    lexicalOnlyReason: embedder ? null : 'benchmark: no embedding model',
    batchSize: config.EMBED_BATCH_SIZE,
    log: createLogger('silent'),
  });
}

export async function loadBenchIndex(config: Config): Promise<LoadedIndex> {
  return loadIndex(config.INDEX_DIR, config.HNSW_EF_SEARCH);
}

/** Query-time changes of the product's settings (the ablations switch page evidence or proximity off). */
export interface SettingsVariant {
  fusion?: Partial<SearchSettings['fusion']>;
  lexical?: Partial<SearchSettings['lexical']>;
  translationWeight?: SearchSettings['translationWeight'];
}

/** The product's real default settings (`searchSettings(config)`), with a variant's changes. */
export function decisionSettings(config: Config, variant: SettingsVariant = {}): SearchSettings {
  const settings = searchSettings(config);
  return {
    ...settings,
    fusion: { ...settings.fusion, ...variant.fusion },
    lexical: { ...settings.lexical, ...variant.lexical },
    ...(variant.translationWeight !== undefined ? { translationWeight: variant.translationWeight } : {}),
  };
}

/** The same, with every passage kept (threshold 0, relative floor 0) so that rankings can be scored. */
export function rankingSettings(config: Config, variant: SettingsVariant = {}): SearchSettings {
  return { ...decisionSettings(config, variant), noAnswerThreshold: 0, relativeFloor: 0 };
}

export function retriever(index: LoadedIndex, embedder: Embedder | null, settings: SearchSettings): Retriever {
  return new Retriever(index, embedder, settings);
}
