import { inTransaction, type PgClient, type PgPool } from './pool.ts';

/**
 * Everything citebot keeps in PostgreSQL (INDEX_BACKEND=postgres), created on first use.
 * - Builds as generations: a generation's manifest and extractions, its source texts, its chunks,
 *   and its embeddings in `citebot_embeddings_<N>` (a vector(N) column, one table per dimension,
 *   with pgvector's HNSW index, cosine). `citebot_serving` names the generation replicas serve.
 * - Shared state: claims (a platform event, a button click or a briefing run handled once), briefing
 *   runs and state, the feedback log and its secret, conversation memory.
 */
const STATEMENTS = [
  'CREATE EXTENSION IF NOT EXISTS vector',
  `CREATE TABLE IF NOT EXISTS citebot_generations (
    id bigserial PRIMARY KEY,
    build_id text NOT NULL UNIQUE,
    manifest jsonb NOT NULL,
    extracted jsonb NOT NULL,
    dimension integer,
    created_at timestamptz NOT NULL DEFAULT now(),
    retired_at timestamptz
  )`,
  `CREATE TABLE IF NOT EXISTS citebot_serving (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    generation bigint NOT NULL REFERENCES citebot_generations (id),
    switched_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE IF NOT EXISTS citebot_sources (
    generation bigint NOT NULL REFERENCES citebot_generations (id) ON DELETE CASCADE,
    file text NOT NULL,
    text text NOT NULL,
    PRIMARY KEY (generation, file)
  )`,
  `CREATE TABLE IF NOT EXISTS citebot_chunks (
    generation bigint NOT NULL REFERENCES citebot_generations (id) ON DELETE CASCADE,
    position integer NOT NULL,
    embed_key text,
    chunk jsonb NOT NULL,
    PRIMARY KEY (generation, position)
  )`,
  `CREATE TABLE IF NOT EXISTS citebot_claims (
    kind text NOT NULL,
    key text NOT NULL,
    replica text NOT NULL,
    claimed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, key)
  )`,
  'CREATE INDEX IF NOT EXISTS citebot_claims_age ON citebot_claims (claimed_at)',
  `CREATE TABLE IF NOT EXISTS citebot_briefing_runs (
    briefing text NOT NULL,
    scheduled_for timestamptz NOT NULL,
    status text NOT NULL,
    replica text NOT NULL,
    files jsonb,
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    PRIMARY KEY (briefing, scheduled_for)
  )`,
  `CREATE TABLE IF NOT EXISTS citebot_feedback (
    id bigserial PRIMARY KEY,
    vote_key text NOT NULL UNIQUE,
    entry jsonb NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE IF NOT EXISTS citebot_secrets (
    name text PRIMARY KEY,
    value text NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS citebot_conversations (
    key text PRIMARY KEY,
    turns jsonb NOT NULL,
    aliases text[] NOT NULL DEFAULT '{}',
    updated_at timestamptz NOT NULL
  )`,
  'CREATE INDEX IF NOT EXISTS citebot_conversations_aliases ON citebot_conversations USING gin (aliases)',
];

/** A fixed key for the advisory locks citebot takes (schema changes, builds). */
export const LOCKS = { schema: 4_242_001, build: 4_242_002 } as const;

const migrated = new WeakSet<PgPool>();

/** Create what is missing (once per pool; replicas starting together wait for each other). */
export async function migrate(pool: PgPool): Promise<void> {
  if (migrated.has(pool)) return;
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.schema]);
    for (const statement of STATEMENTS) await client.query(statement);
  });
  migrated.add(pool);
}

const HNSW_MAX_DIMENSION = 2000;

/** The table holding embeddings of `dimension` (a vector(N) column needs a fixed N). */
export function embeddingTable(dimension: number): string {
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > 16_000) throw new Error(`unexpected embedding dimension ${dimension}`);
  return `citebot_embeddings_${dimension}`;
}

/** Create the embedding table of a dimension with its HNSW index (cosine), inside the caller's transaction. */
export async function ensureEmbeddingTable(client: PgClient, dimension: number, hnsw: { M: number; efConstruction: number }): Promise<string> {
  const table = embeddingTable(dimension);
  await client.query(`CREATE TABLE IF NOT EXISTS ${table} (
    generation bigint NOT NULL REFERENCES citebot_generations (id) ON DELETE CASCADE,
    position integer NOT NULL,
    embedding vector(${dimension}) NOT NULL,
    PRIMARY KEY (generation, position)
  )`);
  // pgvector indexes vectors of up to 2,000 dimensions; larger ones are stored without the index.
  if (dimension > HNSW_MAX_DIMENSION) return table;
  // pgvector's bounds: m in [2, 100], ef_construction in [2m, 1000].
  const m = Math.min(100, Math.max(2, Math.trunc(hnsw.M)));
  const efConstruction = Math.min(1000, Math.max(2 * m, Math.trunc(hnsw.efConstruction)));
  await client.query(`CREATE INDEX IF NOT EXISTS ${table}_hnsw ON ${table} USING hnsw (embedding vector_cosine_ops) WITH (m = ${m}, ef_construction = ${efConstruction})`);
  return table;
}
