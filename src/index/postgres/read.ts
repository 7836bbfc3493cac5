import pgvector from 'pgvector';
import { EXTRACTOR_VERSION } from '../../corpus/extract/types.ts';
import type { CorpusDocument, CorpusWarning } from '../../corpus/types.ts';
import type { ExtractedFile } from '../extracted-file.ts';
import { manifestSchema, type Manifest } from '../manifest.ts';
import type { StoredChunk } from '../stored-chunk.ts';
import type { PgClient, PgPool } from './pool.ts';
import { embeddingTable } from './schema.ts';

type Queryable = Pick<PgPool | PgClient, 'query'>;

export interface ServingGeneration {
  id: number;
  buildId: string;
  manifest: Manifest;
}

/** The generation replicas serve now, or null before the first publish. */
export async function servingGeneration(db: Queryable): Promise<ServingGeneration | null> {
  const result = await db.query<{ id: string; build_id: string; manifest: unknown }>(
    'SELECT g.id, g.build_id, g.manifest FROM citebot_serving s JOIN citebot_generations g ON g.id = s.generation',
  );
  const row = result.rows[0];
  return row ? { id: Number(row.id), buildId: row.build_id, manifest: manifestSchema.parse(row.manifest) } : null;
}

/** The build id of the served generation (cheap: what a replica compares with the one it serves). */
export async function servingBuildId(db: Queryable): Promise<string | null> {
  const result = await db.query<{ build_id: string }>('SELECT g.build_id FROM citebot_serving s JOIN citebot_generations g ON g.id = s.generation');
  return result.rows[0]?.build_id ?? null;
}

export async function readExtracted(db: Queryable, generation: number): Promise<ExtractedFile> {
  const result = await db.query<{ extracted: ExtractedFile }>('SELECT extracted FROM citebot_generations WHERE id = $1', [generation]);
  return result.rows[0]?.extracted ?? { extractorVersion: EXTRACTOR_VERSION, documents: {} };
}

export async function readSources(db: Queryable, generation: number): Promise<Map<string, string>> {
  const result = await db.query<{ file: string; text: string }>('SELECT file, text FROM citebot_sources WHERE generation = $1', [generation]);
  return new Map(result.rows.map((row) => [row.file, row.text]));
}

export async function readChunks(db: Queryable, generation: number): Promise<StoredChunk[]> {
  const result = await db.query<{ chunk: StoredChunk }>('SELECT chunk FROM citebot_chunks WHERE generation = $1 ORDER BY position', [generation]);
  return result.rows.map((row) => row.chunk);
}

/** Every chunk's embedding, in chunk order. */
export async function readEmbeddings(db: Queryable, generation: number, dimension: number): Promise<Float32Array[]> {
  const result = await db.query<{ embedding: string }>(`SELECT embedding::text AS embedding FROM ${embeddingTable(dimension)} WHERE generation = $1 ORDER BY position`, [generation]);
  return result.rows.map((row) => Float32Array.from(pgvector.fromSql(row.embedding) as number[]));
}

/** The served generation's extractions, for a rebuild to reuse (see extracted-file.ts's previousExtractions). */
export async function readServingExtractions(db: Queryable, generation: number): Promise<(file: string, hash: string) => CorpusDocument | CorpusWarning | null> {
  const extracted = await readExtracted(db, generation);
  if (extracted.extractorVersion !== EXTRACTOR_VERSION) return () => null;
  const sources = await readSources(db, generation);
  return (file, hash) => {
    const failure = extracted.failures?.[file];
    if (failure && failure.hash === hash) return failure.warning;
    const entry = extracted.documents[file];
    const text = sources.get(file);
    return entry && entry.hash === hash && text !== undefined ? { ...entry, text } : null;
  };
}

/** The served generation's embeddings by embedding key: a rebuild embeds only new or changed chunks. */
export async function readServingEmbeddings(db: Queryable, generation: number, manifest: Manifest): Promise<Map<string, Float32Array>> {
  const cache = new Map<string, Float32Array>();
  if (!manifest.model) return cache;
  const chunks = await readChunks(db, generation);
  const vectors = await readEmbeddings(db, generation, manifest.model.dimension);
  chunks.forEach((chunk, index) => {
    const vector = vectors[index];
    if (chunk.embedKey && vector) cache.set(chunk.embedKey, vector);
  });
  return cache;
}
