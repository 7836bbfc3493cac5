import { join } from 'node:path';

/**
 * On disk: INDEX_DIR/CURRENT names the build in INDEX_DIR/builds/<id>/. A build is written to
 * builds/<id>.tmp, renamed, and CURRENT is replaced by rename: readers see the old build or the
 * new one, never half of one.
 */
export const indexLayout = (indexDir: string) => ({
  current: join(indexDir, 'CURRENT'),
  lock: join(indexDir, 'build.lock'),
  builds: join(indexDir, 'builds'),
  build: (id: string) => join(indexDir, 'builds', id),
  temporary: (id: string) => join(indexDir, 'builds', `${id}.tmp`),
});

export const buildFiles = {
  manifest: 'manifest.json',
  /** The chunks' metadata in columns, their texts as byte ranges of the sources (chunk-file.ts). */
  chunks: 'chunks.bin',
  /** The text of every indexed file as it was at build time, UTF-8: quotes and citations are cut from it (source-file.ts). */
  sources: 'sources.bin',
  /** The texts of a rebuild that are not in sources.bin, linked from the build before, and where every file's text is (source-file.ts); absent: none. */
  sourcesDelta: 'sources-delta.bin',
  /** What was extracted from HTML, PDF and Word files (format, page starts, metadata): reused by the next build for unchanged files. */
  extracted: 'extracted.json',
  /** A folder: segment files and segments.json (see lexical-files.ts). */
  lexical: 'lexical',
  vectors: 'vectors.hnsw',
  /** HNSW label of each chunk (little-endian uint32), in a graph updated in place; absent: labels are chunk positions. */
  vectorLabels: 'vector-labels.u32',
  /** Changes to vectors.hnsw since it was written, applied when it is opened (vector-delta.ts); absent: none. */
  vectorDelta: 'vectors-delta.bin',
  embeddings: 'embeddings.f32',
  /** Sentence vectors of passages of two or more sentences, float16, and each chunk's first row (sentence-vectors.ts). */
  sentenceVectors: 'sentences.f16',
  sentenceRows: 'sentences.idx',
  /** Size, times and inode of the corpus files when the build read them: the staleness check re-hashes only what changed (corpus-stamps.ts). */
  corpusStamps: 'corpus-stamps.json',
} as const;

/** The chunk and source stores of builds before index format 4, one JSON file each: read only to reuse an older build's work. */
export const legacyBuildFiles = {
  chunks: 'chunks.json',
  sources: 'sources.json',
} as const;
