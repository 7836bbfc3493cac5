import { randomBytes } from 'node:crypto';
import pgvector from 'pgvector';
import { assembleBuild, type AssembleOptions, type AssembledBuild } from '../assemble.ts';
import { extractedFileOf } from '../extracted-file.ts';
import type { Manifest } from '../manifest.ts';
import { readServingExtractions, readServingEmbeddings, servingGeneration } from './read.ts';
import { inTransaction, type PgClient, type PgPool } from './pool.ts';
import { ensureEmbeddingTable, LOCKS, migrate } from './schema.ts';

/** Replicas LISTEN on this channel; the payload is the new generation's id. */
export const GENERATION_CHANNEL = 'citebot_generation';

const BATCH = 500;

export interface PublishOptions extends AssembleOptions {
  /** Generations replaced longer ago than this are deleted after a publish. */
  graceMinutes: number;
  /** Start-up of a replica: publish only when no generation is served yet (another replica may just have). */
  onlyIfNone?: boolean;
}

export interface PublishResult {
  manifest: Manifest;
  /** The generation's id, or null when `onlyIfNone` found one already served. */
  generation: number | null;
}

async function insertRows(client: PgClient, rows: number, insert: (from: number, to: number) => Promise<unknown>): Promise<void> {
  for (let from = 0; from < rows; from += BATCH) await insert(from, Math.min(rows, from + BATCH));
}

/** Write a generation and make it the served one, all in one transaction; replicas are told by NOTIFY at commit. */
async function writeGeneration(pool: PgPool, build: AssembledBuild, hnsw: AssembleOptions['hnsw']): Promise<number> {
  // PostgreSQL text cannot hold NUL characters: say which file, rather than the server's error.
  const withNul = build.documents.find((document) => document.text.includes('\u0000'));
  if (withNul) throw new Error(`${withNul.file} contains NUL characters, which PostgreSQL cannot store: remove them from the file (the file backend accepts them)`);
  return inTransaction(pool, async (client) => {
    const { manifest, chunks } = build;
    const extracted = extractedFileOf(build.documents, build.warnings, build.fileHashes);
    const inserted = await client.query<{ id: string }>(
      'INSERT INTO citebot_generations (build_id, manifest, extracted, dimension) VALUES ($1, $2, $3, $4) RETURNING id',
      [manifest.buildId, JSON.stringify(manifest), extracted, manifest.model?.dimension ?? null],
    );
    const id = Number(inserted.rows[0]!.id);
    const documents = build.documents;
    await insertRows(client, documents.length, (from, to) =>
      client.query('INSERT INTO citebot_sources (generation, file, text) SELECT $1, * FROM unnest($2::text[], $3::text[])', [
        id,
        documents.slice(from, to).map((document) => document.file),
        documents.slice(from, to).map((document) => document.text),
      ]),
    );
    await insertRows(client, chunks.length, (from, to) =>
      client.query('INSERT INTO citebot_chunks (generation, position, embed_key, chunk) SELECT $1, * FROM unnest($2::int[], $3::text[], $4::jsonb[])', [
        id,
        chunks.slice(from, to).map((_, offset) => from + offset),
        chunks.slice(from, to).map((chunk) => chunk.embedKey),
        chunks.slice(from, to).map((chunk) => JSON.stringify(chunk)),
      ]),
    );
    if (build.vectors && manifest.model) {
      const vectors = build.vectors;
      const table = await ensureEmbeddingTable(client, manifest.model.dimension, hnsw);
      await insertRows(client, vectors.length, (from, to) =>
        client.query(`INSERT INTO ${table} (generation, position, embedding) SELECT $1, position, embedding::vector FROM unnest($2::int[], $3::text[]) AS t (position, embedding)`, [
          id,
          vectors.slice(from, to).map((_, offset) => from + offset),
          vectors.slice(from, to).map((vector) => pgvector.toSql(Array.from(vector))),
        ]),
      );
    }
    await client.query('UPDATE citebot_generations SET retired_at = now() WHERE id IN (SELECT generation FROM citebot_serving)');
    await client.query(
      `INSERT INTO citebot_serving (singleton, generation, switched_at) VALUES (true, $1, now())
       ON CONFLICT (singleton) DO UPDATE SET generation = EXCLUDED.generation, switched_at = EXCLUDED.switched_at`,
      [id],
    );
    await client.query('SELECT pg_notify($1, $2)', [GENERATION_CHANNEL, String(id)]);
    return id;
  });
}

/** Delete generations replaced more than `graceMinutes` ago (replicas still loading one have had that long). */
export async function pruneGenerations(pool: PgPool, graceMinutes: number): Promise<number> {
  const result = await pool.query(
    `DELETE FROM citebot_generations
     WHERE id NOT IN (SELECT generation FROM citebot_serving)
       AND (retired_at IS NULL OR retired_at < now() - make_interval(secs => $1))`,
    [graceMinutes * 60],
  );
  return result.rowCount ?? 0;
}

/**
 * `npm run build` with INDEX_BACKEND=postgres: read, chunk and embed the corpus (reusing the served
 * generation's extractions and embeddings), then publish the generation in one transaction. One
 * build at a time (an advisory lock); a failed build leaves the served generation as it was.
 */
export async function publishGeneration(pool: PgPool, options: PublishOptions): Promise<PublishResult> {
  await migrate(pool);
  const lock = await pool.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [LOCKS.build]);
    try {
      const serving = await servingGeneration(pool);
      if (options.onlyIfNone && serving) return { manifest: serving.manifest, generation: null };
      const buildId = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
      const build = await assembleBuild(buildId, options, {
        extractions: serving ? await readServingExtractions(pool, serving.id) : () => null,
        embeddings: () => (serving ? readServingEmbeddings(pool, serving.id, serving.manifest) : Promise.resolve(new Map())),
      });
      const generation = await writeGeneration(pool, build, options.hnsw);
      const pruned = await pruneGenerations(pool, options.graceMinutes).catch(() => 0);
      options.log.info({ buildId, generation, mode: build.manifest.mode, chunks: build.chunks.length, pruned }, 'generation published');
      return { manifest: build.manifest, generation };
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [LOCKS.build]).catch(() => undefined);
    }
  } finally {
    lock.release();
  }
}
