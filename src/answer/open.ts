import { basename } from 'node:path';
import type { Config } from '../config.ts';
import type { Embedder } from '../embed/types.ts';
import { filesBackend, type IndexBackend } from '../index/backend.ts';
import type { LoadedIndex } from '../index/load.ts';
import type { Logger } from '../log.ts';
import { Retriever, type SearchSettings } from '../search/search.ts';
import { lexicon } from '../text/translations.ts';
import type { Citebot } from './citebot.ts';
import { commands, runCommand } from './commands/index.ts';
import { AnswerService } from './service.ts';

/** The index was embedded with another model than the one configured: its vectors cannot be compared. */
export class ModelMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelMismatchError';
  }
}

export function searchSettings(config: Config): SearchSettings {
  return {
    fusion: { method: config.FUSION, rrfK: config.RRF_K, denseWeight: config.DENSE_WEIGHT },
    lexical: { k1: 1.2, identifierWeight: 1.5, pageWeight: 0.5, conflationWeight: 1, conflationDepth: 100, proximityWeight: 0.3, proximityDepth: 50, pageDiversity: 0.5, diversePlaces: 3, feedbackTerms: 0, feedbackDepth: 3, feedbackWeight: 0.3 },
    noAnswerThreshold: config.NO_ANSWER_THRESHOLD,
    relativeFloor: 0.2,
    similarityFloor: config.DENSE_SIMILARITY_FLOOR,
    candidates: 100,
    evidenceDepth: 10,
    translationWeight: 0.2,
  };
}

/** Refuse a query-time model that does not match the one the index was built with. */
export function checkModelMatches(index: LoadedIndex, config: Config, embedder: Embedder | null): void {
  const built = index.manifest.model;
  if (!built) return;
  const configured = embedder ? { id: embedder.modelId, dtype: embedder.dtype, dimension: embedder.dimension } : { id: config.EMBED_MODEL, dtype: config.EMBED_DTYPE, dimension: built.dimension };
  if (configured.id !== built.id || configured.dtype !== built.dtype || configured.dimension !== built.dimension) {
    throw new ModelMismatchError(
      `The index was built with ${built.id} (${built.dtype}, ${built.dimension} dimensions) but the configured model is ` +
        `${configured.id} (${configured.dtype}, ${configured.dimension} dimensions). Rebuild the index with \`npm run build\`, ` +
        `or set EMBED_MODEL=${built.id} and EMBED_DTYPE=${built.dtype} in .env.`,
    );
  }
}

function serviceFor(index: LoadedIndex, config: Config, embedder: Embedder | null, embedderReason: string | null): AnswerService {
  checkModelMatches(index, config, embedder);
  const useEmbedder = index.manifest.model ? embedder : null;
  const reason = index.manifest.model
    ? embedderReason
    : (index.manifest.modeReason ?? 'The index was built without an embedding model.');
  return new AnswerService(index, new Retriever(index, useEmbedder, searchSettings(config)), useEmbedder ? null : reason, {
    defaultCount: config.SEARCH_TOP_K,
    maxCount: 10,
    poolSize: 12,
  });
}

export interface OpenOptions {
  config: Config;
  log: Logger;
  embedder: Embedder | null;
  /** Why `embedder` is null. */
  embedderReason: string | null;
  /** Where the serving build comes from (INDEX_DIR when absent). */
  backend?: IndexBackend;
}

/** Load the serving index and return the engine adapters talk to. Throws if the index is missing, corrupt or mismatched. */
export async function openCitebot({ config, log, embedder, embedderReason, backend = filesBackend(config.INDEX_DIR, config.HNSW_EF_SEARCH) }: OpenOptions): Promise<Citebot> {
  let service = serviceFor(await backend.load(), config, embedder, embedderReason);
  lexicon(); // read now rather than on the first question
  let refreshing: Promise<boolean> | null = null;
  const refresh = async (): Promise<boolean> => {
    const current = await backend.current().catch(() => null);
    if (!current || current === service.index.buildDir) return false;
    try {
      service = serviceFor(await backend.load(), config, embedder, embedderReason);
      log.info({ build: current }, 'switched to the new index build');
      return true;
    } catch (error) {
      log.error({ err: error }, 'a new index build could not be loaded; still serving the previous one');
      return false;
    }
  };
  return {
    commands,
    run: (name, args) => runCommand(service, null, name, args, { maxQuestionChars: config.MAX_QUESTION_CHARS }, log),
    corpusFiles: () => ({ ...service.index.manifest.files }),
    indexInfo: () => ({
      build: basename(service.index.buildDir),
      builtAt: service.index.manifest.builtAt,
      passages: service.index.manifest.counts.chunks,
      files: service.index.manifest.counts.documents,
      mode: service.mode,
    }),
    mode: () => ({ mode: service.mode, reason: service.mode === 'lexical-only' ? service.modeReason : null }),
    refresh: () => {
      refreshing ??= refresh().finally(() => (refreshing = null));
      return refreshing;
    },
  };
}
