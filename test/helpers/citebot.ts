import { cp, mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import type { Citebot } from '../../src/answer/citebot.ts';
import type { AnswerReply, Reply } from '../../src/answer/types.ts';
import { openCitebot } from '../../src/answer/open.ts';
import { parseConfig, type Config } from '../../src/config.ts';
import type { Embedder } from '../../src/embed/types.ts';
import { buildIndex } from '../../src/index/build.ts';
import { createLogger } from '../../src/log.ts';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const bundledCorpus = join(repoRoot, 'corpus');

export interface TestCitebot {
  citebot: Citebot;
  config: Config;
  /** Temp folder holding corpus/, index/ and data/. */
  dir: string;
  close(): Promise<void>;
}

export interface TestCitebotOptions {
  /** Corpus files (relative path → content) instead of the bundled corpus. */
  corpus?: Record<string, string | Buffer>;
  /** Extra environment variables for the configuration. */
  env?: Record<string, string>;
  /** Build with this embedder (dense+lexical); lexical-only when omitted. */
  embedder?: Embedder;
}

/** Build (or rebuild, as `npm run build` would) the index of a test configuration's corpus. */
export async function rebuildTestIndex(config: Config, embedder?: Embedder): Promise<void> {
  await buildIndex({
    corpusDir: config.CORPUS_DIR,
    indexDir: config.INDEX_DIR,
    chunkMaxChars: config.CHUNK_MAX_CHARS,
    hnsw: { M: config.HNSW_M, efConstruction: config.HNSW_EF_CONSTRUCTION, efSearch: config.HNSW_EF_SEARCH },
    embedder: embedder ?? null,
    lexicalOnlyReason: embedder ? null : 'test: no embedding model',
    batchSize: config.EMBED_BATCH_SIZE,
    log: createLogger('silent'),
  });
}

/** A real engine over a real index built in a temp folder (lexical-only unless an embedder is given). */
export async function makeTestCitebot(options: TestCitebotOptions = {}): Promise<TestCitebot> {
  const dir = await mkdtemp(join(tmpdir(), 'citebot-test-'));
  const corpusDir = join(dir, 'corpus');
  if (options.corpus) {
    for (const [file, content] of Object.entries(options.corpus)) {
      await mkdir(dirname(join(corpusDir, file)), { recursive: true });
      await writeFile(join(corpusDir, file), content);
    }
  } else {
    await cp(bundledCorpus, corpusDir, { recursive: true });
  }
  const config = parseConfig({
    CORPUS_DIR: corpusDir,
    INDEX_DIR: join(dir, 'index'),
    DATA_DIR: join(dir, 'data'),
    MODELS_DIR: join(dir, 'models'),
    ALLOW_MODEL_DOWNLOAD: 'false',
    LOG_LEVEL: 'silent',
    // Tests send many questions as one user; the rate-limit tests turn the limits on.
    RATE_LIMIT_USER: 'off',
    RATE_LIMIT_CHANNEL: 'off',
    ...(options.embedder ? { EMBED_MODEL: options.embedder.modelId, EMBED_DTYPE: options.embedder.dtype } : {}),
    ...options.env,
  });
  const log = createLogger('silent');
  const reason = options.embedder ? null : 'test: no embedding model';
  await rebuildTestIndex(config, options.embedder);
  const citebot = await openCitebot({ config, log, embedder: options.embedder ?? null, embedderReason: reason });
  return {
    citebot,
    config,
    dir,
    // Retried: a write still settling in the folder (seen once in the PostgreSQL replica test) makes rm fail with ENOTEMPTY.
    close: () => rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }),
  };
}

/** The reply as an answer (failing the test, with the reply, when it is not one). */
export function asAnswer(reply: Reply): AnswerReply {
  assert.equal(reply.kind, 'answer', JSON.stringify(reply));
  return reply as AnswerReply;
}
