// The postgres backend against a real PostgreSQL with pgvector: a build published as a generation
// in one transaction, loaded with the same rankings as the file backend, switched on NOTIFY, and
// old generations pruned.
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openCitebot } from '../../src/answer/open.ts';
import type { AnswerReply } from '../../src/answer/types.ts';
import { runBuild } from '../../src/cli/run-build.ts';
import { parseConfig, type Config } from '../../src/config.ts';
import type { Embedder } from '../../src/embed/types.ts';
import { postgresBackend } from '../../src/index/postgres/backend.ts';
import { listenForGenerations } from '../../src/index/postgres/listen.ts';
import { openPool, type PgPool } from '../../src/index/postgres/pool.ts';
import { ON_TOPIC_QUESTIONS } from '../answer/questions.ts';
import { bundledCorpus } from '../helpers/citebot.ts';
import { skipReason, testDatabase, type TestDatabase } from '../helpers/postgres.ts';
import { loadGeneratedEmbedder, silentLog } from '../index/generated-embedder.ts';

const database = await testDatabase();

describe('postgres backend: generations', { skip: skipReason }, () => {
  let db: TestDatabase;
  let dir: string;
  let pool: PgPool;
  let embedder: Embedder;
  let files: Config;
  let postgres: Config;

  before(async () => {
    db = database!;
    dir = await mkdtemp(join(tmpdir(), 'citebot-pg-gen-'));
    await cp(bundledCorpus, join(dir, 'corpus'), { recursive: true });
    embedder = await loadGeneratedEmbedder(join(dir, 'models'));
    const env = {
      CORPUS_DIR: join(dir, 'corpus'),
      INDEX_DIR: join(dir, 'index'),
      DATA_DIR: join(dir, 'data'),
      MODELS_DIR: join(dir, 'models'),
      EMBED_MODEL: embedder.modelId,
      EMBED_DTYPE: embedder.dtype,
      ALLOW_MODEL_DOWNLOAD: 'false',
      LOG_LEVEL: 'silent',
    };
    files = parseConfig(env);
    postgres = parseConfig({ ...env, INDEX_BACKEND: 'postgres', DATABASE_URL: db.url, GENERATION_GRACE_MINUTES: '0' });
    pool = openPool(db.url);
  });

  after(async () => {
    await pool?.end();
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('publishes a build as a generation and answers exactly as the file backend does', async () => {
    await runBuild(files, silentLog, embedder, null);
    const published = await runBuild(postgres, silentLog, embedder, null, { pool });
    assert.equal(published.manifest.mode, 'dense+lexical');
    const stored = await pool.query<{ count: string }>('SELECT count(*) FROM citebot_embeddings_32');
    assert.equal(Number(stored.rows[0]!.count), published.manifest.counts.chunks);
    const hnsw = await pool.query("SELECT indexdef FROM pg_indexes WHERE tablename = 'citebot_embeddings_32' AND indexdef LIKE '%hnsw%'");
    assert.match(hnsw.rows[0].indexdef, /vector_cosine_ops/);

    const fromFiles = await openCitebot({ config: files, log: silentLog, embedder, embedderReason: null });
    const fromPostgres = await openCitebot({ config: postgres, log: silentLog, embedder, embedderReason: null, backend: postgresBackend(pool, postgres.HNSW_EF_SEARCH) });
    assert.equal(fromPostgres.indexInfo?.().build, published.manifest.buildId);
    for (const { question } of ON_TOPIC_QUESTIONS) {
      const a = (await fromFiles.run('ask', { text: question, count: 5 })) as AnswerReply;
      const b = (await fromPostgres.run('ask', { text: question, count: 5 })) as AnswerReply;
      assert.equal(b.kind, 'answer');
      assert.deepEqual(
        b.passages.map((passage) => [passage.source.file, passage.source.start, passage.score]),
        a.passages.map((passage) => [passage.source.file, passage.source.start, passage.score]),
        question,
      );
    }
  });

  it('switches replicas to a new generation on NOTIFY, reuses unchanged embeddings, and prunes the old one', async () => {
    const backend = postgresBackend(pool, postgres.HNSW_EF_SEARCH);
    const replica = await openCitebot({ config: postgres, log: silentLog, embedder, embedderReason: null, backend });
    const before = replica.indexInfo!().build;
    let notified = 0;
    const switched = new Promise<void>((resolve) => {
      const listener = listenForGenerations(db.url, () => {
        notified += 1;
        // The first call is the catch-up after connecting; the second is the publish.
        if (notified === 2) void replica.refresh().then(() => listener.stop()).then(resolve);
      });
    });
    // Wait for the listener's first (catch-up) call before publishing.
    while (notified === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await writeFile(join(postgres.CORPUS_DIR, 'zz-new-page.md'), '# Pétanque\n\nLe club de pétanque de Lunel compte 4812 licenciés.\n');
    const published = await runBuild(postgres, silentLog, embedder, null, { pool });
    assert.ok(published.manifest.counts.reused > 0, 'unchanged passages are not embedded again');
    assert.equal(published.manifest.counts.embedded, 1);
    await switched;
    assert.notEqual(replica.indexInfo!().build, before);
    const reply = (await replica.run('ask', { text: 'Combien de licenciés au club de pétanque de Lunel ?' })) as AnswerReply;
    assert.equal(reply.passages[0]?.source.file, 'zz-new-page.md');
    const generations = await pool.query('SELECT build_id FROM citebot_generations');
    assert.deepEqual(generations.rows.map((row) => row.build_id), [published.manifest.buildId], 'grace 0: the replaced generation is pruned');
  });

  it('leaves the served generation in place when a build fails', async () => {
    const served = (await pool.query('SELECT generation FROM citebot_serving')).rows[0].generation;
    const empty = parseConfig({ ...Object.fromEntries(Object.entries(process.env)), INDEX_BACKEND: 'postgres', DATABASE_URL: db.url, CORPUS_DIR: join(dir, 'nothing'), LOG_LEVEL: 'silent' });
    await assert.rejects(runBuild(empty, silentLog, null, 'test', { pool }));
    assert.equal((await pool.query('SELECT generation FROM citebot_serving')).rows[0].generation, served);
  });
});
