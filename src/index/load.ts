import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openBuildStores } from './build-stores.ts';
import type { ChunkStore } from './chunk-store.ts';
import { EmbeddingFile } from './embedding-file.ts';
import { NO_EMBEDDINGS, type EmbeddingStore } from './embedding-store.ts';
import { readExtractedFile } from './extracted-file.ts';
import { buildFiles } from './layout.ts';
import { openLexicalIndex } from './lexical-files.ts';
import type { LexicalStore } from './lexical-store.ts';
import type { Manifest } from './manifest.ts';
import { readCurrentBuild, readManifest } from './read-build.ts';
import { SentenceVectors } from './sentence-vectors.ts';
import type { SourceStore } from './source-store.ts';
import { readVectorDelta } from './vector-delta.ts';
import { VectorStore } from './vector-store.ts';
import { positionsOfLabels, readVectorLabels } from './vector-update.ts';

export interface LoadedIndex {
  buildDir: string;
  manifest: Manifest;
  chunks: ChunkStore;
  lexical: LexicalStore;
  /** File text at build time, by corpus-relative path (for HTML, PDF and Word files, the extracted text). */
  sources: SourceStore;
  /** PDF files: offsets in their source text where each page starts. */
  pages: Map<string, number[]>;
  /** null for a lexical-only build. */
  vectors: VectorStore | null;
  /** Every chunk's embedding, by chunk position (none in a lexical-only build). */
  embeddings: EmbeddingStore;
  /** Sentence vectors of multi-sentence passages, read on demand by the highlight; null when the build has none. */
  sentences: SentenceVectors | null;
}

import { IndexUnavailableError } from './unavailable.ts';

export { IndexUnavailableError };

async function readGraph(buildDir: string, dimension: number, efSearch: number): Promise<VectorStore> {
  const delta = await readVectorDelta(join(buildDir, buildFiles.vectorDelta), dimension);
  return VectorStore.read(join(buildDir, buildFiles.vectors), dimension, efSearch, delta);
}

/** Every passage of the lexical index is the chunk at the same position, of the same file. */
function sameFiles(lexical: LexicalStore, chunks: ChunkStore): boolean {
  if (lexical.documentCount !== chunks.length) return false;
  for (let position = 0; position < chunks.length; position++) {
    if (lexical.pageNames[lexical.pageOf(position)] !== chunks.fileOf(position)) return false;
  }
  return true;
}

/** `efSearch`: HNSW_EF_SEARCH when set; otherwise the build's choice, recorded in its manifest. */
export async function loadIndex(indexDir: string, efSearch?: number): Promise<LoadedIndex> {
  const buildDir = await readCurrentBuild(indexDir).catch((error: Error) => {
    throw new IndexUnavailableError(`the index in ${indexDir} cannot be read (${error.message}); run \`npm run build\` to rebuild it`);
  });
  if (!buildDir) throw new IndexUnavailableError(`no index in ${indexDir}; run \`npm run build\` (or \`npm start\`, which builds it) first`);
  try {
    const manifest = await readManifest(buildDir);
    // The graph is read on hnswlib's worker thread while this one opens the chunks and the lexical index.
    const graph = manifest.model ? readGraph(buildDir, manifest.model.dimension, efSearch ?? manifest.hnsw?.efSearch ?? VectorStore.DEFAULT_EF_SEARCH) : null;
    graph?.catch(() => {}); // awaited below; a failure before then must not go unhandled
    const { chunks, sources } = openBuildStores(buildDir);
    if (chunks.length !== manifest.counts.chunks) throw new Error('chunk store does not match the manifest');
    const lexical = await openLexicalIndex(join(buildDir, buildFiles.lexical));
    if (!sameFiles(lexical, chunks)) throw new Error('lexical index does not match the chunk store');
    const vectors = graph ? await graph : null;
    if (vectors) {
      // A graph updated in place holds deleted points and labels that are not positions.
      const labels = await readVectorLabels(buildDir, chunks.length);
      if (vectors.size < chunks.length || (vectors.size !== chunks.length && !existsSync(join(buildDir, buildFiles.vectorLabels)))) {
        throw new Error('vector index does not match the chunk store');
      }
      if (existsSync(join(buildDir, buildFiles.vectorLabels))) vectors.setPositions(positionsOfLabels(labels, vectors.size));
    }
    const embeddings = manifest.model ? EmbeddingFile.open(join(buildDir, buildFiles.embeddings), manifest.model.dimension, chunks.length) : NO_EMBEDDINGS;
    const sentences = manifest.model ? SentenceVectors.open(buildDir, manifest.model.dimension, chunks.length) : null;
    const extracted = await readExtractedFile(buildDir);
    const pages = new Map(
      Object.values(extracted.documents)
        .filter((document) => document.pages !== undefined)
        .map((document) => [document.file, document.pages!] as const),
    );
    return { buildDir, manifest, chunks, lexical, vectors, embeddings, sentences, sources, pages };
  } catch (error) {
    throw new IndexUnavailableError(
      `the index in ${buildDir} is corrupt or incomplete (${(error as Error).message}); run \`npm run build\` to rebuild it`,
    );
  }
}
