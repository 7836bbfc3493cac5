import { join } from 'node:path';
import { EXTRACTOR_VERSION } from '../corpus/extract/types.ts';
import { formatOf, isExtractedFormat, readCorpusHashes } from '../corpus/read-corpus.ts';
import type { Embedder } from '../embed/types.ts';
import { openBuildStores } from './build-stores.ts';
import type { ChunkFile } from './chunk-file.ts';
import { readKnownHashes } from './corpus-stamps.ts';
import { EmbeddingFile } from './embedding-file.ts';
import { readExtractedFile, type ExtractedEntry } from './extracted-file.ts';
import { buildFiles } from './layout.ts';
import { madeBy, type Manifest } from './manifest.ts';
import type { PreviousBuild } from './previous-build.ts';
import type { SourceFile } from './source-file.ts';

/** A file of the serving build whose bytes did not change: its text, chunks and vectors are taken from that build, not read, cut and embedded again. */
export interface CarriedFile {
  file: string;
  hash: string;
  /** Its number in the previous source store. */
  source: number;
  /** Its chunks' positions in the previous stores: start to end. */
  start: number;
  end: number;
  document: Manifest['documents'][number];
  /** What was extracted from it (HTML, PDF and Word files). */
  extracted: ExtractedEntry | null;
}

/** What a build copies from the serving build. */
export interface CarryOver {
  sources: SourceFile;
  chunks: ChunkFile;
  /** The previous build's vectors (null in a lexical-only build). */
  embeddings: EmbeddingFile | null;
  files: ReadonlyMap<string, CarriedFile>;
}

/** Does the previous build hold what a build with `embedder` needs of each chunk (the same model's vectors, sentence vectors), or nothing of it, as a lexical-only build? */
function sameMode(manifest: Manifest, embedder: Embedder | null): boolean {
  return embedder ? madeBy(manifest.model, embedder) && manifest.sentenceVectors !== null : manifest.model === null;
}

/**
 * The files a build can carry over from `previous`: those whose hash (taken from the file, or kept
 * from the previous build while the file's size, times and inode are unchanged) is the one the
 * previous build read, cut the same way, with the same model. None when the previous build cannot be
 * copied from (another model, stores of an older format, damaged stores).
 */
export async function carryOver(previous: PreviousBuild | null, corpusDir: string, embedder: Embedder | null): Promise<CarryOver | null> {
  if (!previous || !sameMode(previous.manifest, embedder)) return null;
  const { dir, manifest } = previous;
  let stores: ReturnType<typeof openBuildStores>;
  let embeddings: EmbeddingFile | null = null;
  try {
    stores = openBuildStores(dir);
    if (embedder) embeddings = EmbeddingFile.open(join(dir, buildFiles.embeddings), embedder.dimension, stores.chunks.length);
  } catch {
    return null;
  }
  const ranges = stores.chunks.chunkRangesOfSources();
  if (!ranges) return null;
  const hashes = await readCorpusHashes(corpusDir, await readKnownHashes(join(dir, buildFiles.corpusStamps), manifest.files));
  const extracted = await readExtractedFile(dir);
  const files = new Map<string, CarriedFile>();
  for (const document of manifest.documents) {
    const { file } = document;
    const hash = hashes[file];
    const source = stores.sources.numberOf(file);
    if (hash === undefined || hash !== manifest.files[file] || source === undefined) continue;
    const start = ranges.starts[source]!;
    const end = ranges.ends[source]!;
    if (end - start !== document.chunks) continue;
    let entry: ExtractedEntry | null = null;
    if (isExtractedFormat(formatOf(file))) {
      entry = extracted.extractorVersion === EXTRACTOR_VERSION ? (extracted.documents[file] ?? null) : null;
      if (!entry || entry.hash !== hash) continue;
    }
    files.set(file, { file, hash, source, start, end, document, extracted: entry });
  }
  return { sources: stores.sources, chunks: stores.chunks, embeddings, files };
}
