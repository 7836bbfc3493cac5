import { ArrayChunkStore } from '../chunk-store.ts';
import { ArrayEmbeddingStore } from '../embedding-store.ts';
import { lexicalDocumentsOf } from '../lexical-documents.ts';
import { LexicalStore } from '../lexical-store.ts';
import { IndexUnavailableError, type LoadedIndex } from '../load.ts';
import { MapSourceStore } from '../source-store.ts';
import { buildVectorStore } from '../vector-update.ts';
import { inTransaction, type PgPool } from './pool.ts';
import { readChunks, readEmbeddings, readExtracted, readSources, servingGeneration } from './read.ts';
import { migrate } from './schema.ts';

/**
 * Load the served generation as the file backend loads a build: one consistent snapshot (a
 * repeatable-read transaction, so a publish or a prune meanwhile changes nothing of what is read).
 * The lexical index is built here from the generation's chunks with LexicalStore.build, and the
 * dense index from its embeddings with the HNSW parameters it was built with, as a full file build
 * makes them: rankings match the file backend's.
 */
/** `efSearch`: HNSW_EF_SEARCH when set; otherwise measured on the graph as the file build measures it (ef-search.ts). */
export async function loadGeneration(pool: PgPool, efSearch: number | undefined): Promise<LoadedIndex> {
  await migrate(pool);
  const read = await inTransaction(
    pool,
    async (client) => {
      const serving = await servingGeneration(client);
      if (!serving) return null;
      const { id, manifest } = serving;
      const chunks = await readChunks(client, id);
      const sources = await readSources(client, id);
      const extracted = await readExtracted(client, id);
      const embeddings = manifest.model ? await readEmbeddings(client, id, manifest.model.dimension) : [];
      return { serving, chunks, sources, extracted, embeddings };
    },
    'REPEATABLE READ READ ONLY',
  );
  if (!read) throw new IndexUnavailableError('no generation in the database yet; run `npm run build` (or `npm start`, which builds it) first');
  const { serving, chunks, sources, extracted, embeddings } = read;
  const { manifest } = serving;
  if (chunks.length !== manifest.counts.chunks) throw new IndexUnavailableError(`generation ${serving.buildId} does not match its manifest; run \`npm run build\``);
  if (manifest.model && embeddings.length !== chunks.length) throw new IndexUnavailableError(`generation ${serving.buildId} lacks embeddings; run \`npm run build\``);
  const vectors =
    manifest.model && manifest.hnsw
      ? buildVectorStore(embeddings, manifest.model.dimension, { M: manifest.hnsw.M, efConstruction: manifest.hnsw.efConstruction, efSearch }).store
      : null;
  const pages = new Map(
    Object.values(extracted.documents)
      .filter((document) => document.pages !== undefined)
      .map((document) => [document.file, document.pages!] as const),
  );
  return {
    buildDir: serving.buildId,
    manifest,
    chunks: new ArrayChunkStore(chunks),
    lexical: LexicalStore.build(lexicalDocumentsOf(chunks)),
    sources: new MapSourceStore(sources),
    pages,
    vectors,
    embeddings: new ArrayEmbeddingStore(embeddings),
    // Sentence vectors are a file build's: a generation's highlight embeds sentences at answer time when it needs them.
    sentences: null,
  };
}
