import type { Citebot } from '../answer/citebot.ts';
import { openCitebot } from '../answer/open.ts';
import type { Config } from '../config.ts';
import { loadEmbedderOrExplain } from '../embed/load-embedder.ts';
import { IndexUnavailableError } from '../index/load.ts';
import { readCurrentBuild } from '../index/read-build.ts';
import { whyRebuild } from '../index/staleness.ts';
import type { Logger } from '../log.ts';
import { runBuild } from './run-build.ts';

export interface PreparedEngine {
  citebot: Citebot;
  /** Why search is lexical-only (no model), null when a model is loaded. */
  embedderReason: string | null;
}

/**
 * Load the model (or learn why not), rebuild the index when it is missing or stale, and open the
 * engine. A failed rebuild keeps the previous index serving; with no index at all it is fatal.
 */
export async function prepareEngine(config: Config, log: Logger, onNotice: (text: string) => void = () => {}): Promise<PreparedEngine> {
  const { embedder, reason } = await loadEmbedderOrExplain(config, log);
  if (reason) onNotice(reason);
  const rebuild = await whyRebuild({ indexDir: config.INDEX_DIR, corpusDir: config.CORPUS_DIR, chunkMaxChars: config.CHUNK_MAX_CHARS, embedder });
  if (rebuild) {
    log.info({ reason: rebuild }, 'building the index');
    try {
      await runBuild(config, log, embedder, reason);
    } catch (error) {
      if (!(await readCurrentBuild(config.INDEX_DIR).catch(() => null))) throw error;
      log.error({ err: error }, 'the index could not be rebuilt; serving the previous build');
      onNotice(`The index could not be rebuilt (${(error as Error).message}); answering from the previous build.`);
    }
  }
  const open = () => openCitebot({ config, log, embedder, embedderReason: reason });
  try {
    return { citebot: await open(), embedderReason: reason };
  } catch (error) {
    if (!(error instanceof IndexUnavailableError)) throw error;
    // Readable manifest but damaged files: rebuild once, from scratch (an update would keep damaged segments), rather than refuse to start.
    log.warn({ err: error }, 'the index is damaged; rebuilding it');
    await runBuild(config, log, embedder, reason, { full: true });
    return { citebot: await open(), embedderReason: reason };
  }
}
