import { VectorStore } from './vector-store.ts';
import { createHash } from 'node:crypto';
import { CHUNKER_VERSION, chunkDocument } from '../corpus/chunk.ts';
import type { ExtractLimits } from '../corpus/extract/types.ts';
import { readCorpus } from '../corpus/read-corpus.ts';
import type { CorpusDocument, CorpusWarning } from '../corpus/types.ts';
import type { Embedder } from '../embed/types.ts';
import type { Logger } from '../log.ts';
import { INDEX_FORMAT_VERSION, type Manifest } from './manifest.ts';
import type { StoredChunk } from './stored-chunk.ts';

/** What reading, chunking and embedding the corpus needs, whichever backend the build goes to. */
export interface AssembleOptions {
  corpusDir: string;
  chunkMaxChars: number;
  /** Packing of short lines into passages (see ChunkOptions); the chunker's default when absent. */
  chunkPackChars?: number;
  /** HNSW parameters recorded in the manifest (null: none). */
  hnsw: { M: number; efConstruction: number; efSearch?: number };
  /** null: build lexical-only, for the reason given. */
  embedder: Embedder | null;
  lexicalOnlyReason: string | null;
  batchSize: number;
  log: Logger;
  onProgress?: (done: number, total: number) => void;
  /** Time, memory and size limits of text extraction from HTML, PDF and Word files (defaults when absent). */
  extractLimits?: ExtractLimits;
  /** Extraction progress: files extracted out of those to extract (unchanged files are reused, not counted). */
  onExtractProgress?: (done: number, total: number) => void;
}

/** What the serving build offers a rebuild: its extractions and its embeddings, reused when unchanged. */
export interface PreviousBuild {
  extractions: (file: string, hash: string) => CorpusDocument | CorpusWarning | null;
  /** Embeddings by embedding key. */
  embeddings: () => Promise<Map<string, Float32Array>>;
  /** Files whose text, chunks and vectors the build copies from the previous build's stores (carry-over.ts): not read here. */
  carried?: ReadonlySet<string>;
}

/** A complete build in memory, before a backend writes it. */
export interface AssembledBuild {
  manifest: Manifest;
  chunks: StoredChunk[];
  /** Every chunk's embedding, in chunk order; null for a lexical-only build. */
  vectors: Float32Array[] | null;
  documents: CorpusDocument[];
  warnings: CorpusWarning[];
  fileHashes: Record<string, string>;
}

export function embedKey(embedder: Embedder, plain: string): string {
  return createHash('sha256').update(`${embedder.modelId}\u0000${embedder.dtype}\u0000${embedder.passagePrefix}${plain}`).digest('hex');
}

async function embedChunks(chunks: StoredChunk[], cache: Map<string, Float32Array>, options: AssembleOptions & { embedder: Embedder }) {
  const vectors: (Float32Array | undefined)[] = chunks.map((chunk) => cache.get(chunk.embedKey!));
  // By length, so that a batch holds texts of similar length and pads little.
  const missing = chunks
    .map((_, index) => index)
    .filter((index) => vectors[index] === undefined)
    .sort((a, b) => chunks[a]!.plain.length - chunks[b]!.plain.length);
  options.onProgress?.(0, missing.length);
  for (let offset = 0; offset < missing.length; offset += options.batchSize) {
    const batch = missing.slice(offset, offset + options.batchSize);
    const embedded = await options.embedder.embedPassages(batch.map((index) => chunks[index]!.plain));
    batch.forEach((index, position) => (vectors[index] = embedded[position]));
    options.onProgress?.(Math.min(offset + batch.length, missing.length), missing.length);
  }
  return { vectors: vectors as Float32Array[], embedded: missing.length, reused: chunks.length - missing.length };
}

/**
 * Read the corpus, chunk it and embed what changed since `previous`, in memory: what both backends
 * build from (a postgres generation holds it as is; the file backend's buildIndex then writes or
 * updates its on-disk indexes). `onChunked` runs once the corpus is chunked, before embedding (the
 * file backend makes its temporary folder there).
 */
export async function assembleBuild(buildId: string, options: AssembleOptions, previous: PreviousBuild, onChunked: () => Promise<void> = async () => {}): Promise<AssembledBuild> {
  const { log, embedder } = options;
  const corpus = await readCorpus(options.corpusDir, {
    limits: options.extractLimits,
    onProgress: options.onExtractProgress,
    reuse: previous.extractions,
    skip: previous.carried,
  });
  for (const warning of corpus.warnings) log.warn({ file: warning.file, reason: warning.reason }, warning.message);
  for (const document of corpus.documents) if (document.notice) log.warn({ file: document.file }, document.notice);
  if (corpus.documents.length === 0 && (previous.carried?.size ?? 0) === 0) {
    throw new Error(`No readable .txt, .md, .html, .pdf or .docx file in ${options.corpusDir}: nothing to index.`);
  }
  const chunks: StoredChunk[] = corpus.documents
    .flatMap((document) => chunkDocument(document, { maxChars: options.chunkMaxChars, packChars: options.chunkPackChars }))
    .map((chunk) => ({ ...chunk, embedKey: embedder ? embedKey(embedder, chunk.plain) : null }));
  log.info({ documents: corpus.documents.length, chunks: chunks.length }, 'corpus chunked');
  await onChunked();

  let embedded = 0;
  let reused = 0;
  let vectors: Float32Array[] | null = null;
  if (embedder) {
    // Nothing new to embed (every file carried over): the previous vectors are not read.
    const cache =
      chunks.length === 0
        ? new Map<string, Float32Array>()
        : await previous.embeddings().catch((error: unknown) => {
            log.debug({ error: (error as Error).message }, 'no reusable embeddings from the previous build');
            return new Map<string, Float32Array>();
          });
    const result = await embedChunks(chunks, cache, { ...options, embedder });
    ({ embedded, reused, vectors } = result);
  }
  const chunksPerFile = new Map<string, number>();
  for (const chunk of chunks) chunksPerFile.set(chunk.file, (chunksPerFile.get(chunk.file) ?? 0) + 1);
  const manifest: Manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    buildId,
    builtAt: new Date().toISOString(),
    mode: embedder ? 'dense+lexical' : 'lexical-only',
    modeReason: embedder ? null : options.lexicalOnlyReason,
    model: embedder
      ? {
          id: embedder.modelId,
          dtype: embedder.dtype,
          dimension: embedder.dimension,
          queryPrefix: embedder.queryPrefix,
          passagePrefix: embedder.passagePrefix,
        }
      : null,
    chunker: { version: CHUNKER_VERSION, maxChars: options.chunkMaxChars, packChars: options.chunkPackChars ?? null },
    // Each replica measures efSearch on the graph it builds from the generation (load-generation.ts); this records the configured one, if any.
    hnsw: embedder ? { M: options.hnsw.M, efConstruction: options.hnsw.efConstruction, efSearch: options.hnsw.efSearch ?? VectorStore.DEFAULT_EF_SEARCH, sampleRecall: null, deleted: 0 } : null,
    sentenceVectors: null,
    files: corpus.fileHashes,
    documents: corpus.documents.map((document) => ({
      file: document.file,
      title: document.title,
      url: document.url,
      date: document.date,
      chunks: chunksPerFile.get(document.file) ?? 0,
    })),
    counts: { documents: corpus.documents.length, chunks: chunks.length, skipped: corpus.warnings.length, embedded, reused },
    warnings: corpus.warnings.map((warning) => warning.message),
  };
  return { manifest, chunks, vectors, documents: corpus.documents, warnings: corpus.warnings, fileHashes: corpus.fileHashes };
}
