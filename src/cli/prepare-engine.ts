import type { Citebot } from '../answer/citebot.ts';
import { openCitebot } from '../answer/open.ts';
import type { Config } from '../config.ts';
import { loadEmbedderOrExplain } from '../embed/load-embedder.ts';
import { filesBackend, type IndexBackend } from '../index/backend.ts';
import { IndexUnavailableError } from '../index/load.ts';
import { postgresBackend } from '../index/postgres/backend.ts';
import type { PgPool } from '../index/postgres/pool.ts';
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
export async function prepareEngine(config: Config, log: Logger, onNotice: (text: string) => void = () => {}, pool?: PgPool): Promise<PreparedEngine> {
  const { embedder, reason } = await loadEmbedderOrExplain(config, log);
  if (reason) onNotice(reason);
  if (config.INDEX_BACKEND === 'postgres') {
    if (!pool) throw new Error('INDEX_BACKEND=postgres needs a database pool');
    return preparePostgres(config, log, pool, embedder, reason);
  }
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

/**
 * INDEX_BACKEND=postgres: replicas serve the generation `npm run build` published. The first replica
 * to start on an empty database publishes one from its corpus (the others wait on the build lock,
 * then load it); a served generation is never rebuilt at start-up, since replicas may not share a corpus.
 */
async function preparePostgres(config: Config, log: Logger, pool: PgPool, embedder: Awaited<ReturnType<typeof loadEmbedderOrExplain>>['embedder'], reason: string | null): Promise<PreparedEngine> {
  const backend: IndexBackend = postgresBackend(pool, config.HNSW_EF_SEARCH);
  const current = await backend.current().catch((error: Error) => {
    // The host only: DATABASE_URL may hold a password.
    const host = (() => {
      try {
        return new URL(config.DATABASE_URL!).host;
      } catch {
        return 'DATABASE_URL';
      }
    })();
    throw new Error(`the database at ${host} cannot be used (${error.message}); check DATABASE_URL, that PostgreSQL is running and that the vector extension is installed (docs/scale-out.md)`);
  });
  if (!current) {
    log.info('no generation in the database yet: building one from the corpus');
    await runBuild(config, log, embedder, reason, { pool, onlyIfNone: true });
  }
  return { citebot: await openCitebot({ config, log, embedder, embedderReason: reason, backend }), embedderReason: reason };
}

/** The backend the configuration names (files when INDEX_BACKEND is unset). */
export function backendOf(config: Config, pool: PgPool | null): IndexBackend {
  if (config.INDEX_BACKEND === 'postgres') {
    if (!pool) throw new Error('INDEX_BACKEND=postgres needs a database pool');
    return postgresBackend(pool, config.HNSW_EF_SEARCH);
  }
  return filesBackend(config.INDEX_DIR, config.HNSW_EF_SEARCH);
}
