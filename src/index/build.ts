import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CHUNKER_VERSION } from '../corpus/chunk.ts';
import { previousChunks } from './build-stores.ts';
import { writeChunkFile } from './chunk-file.ts';
import { writeCorpusStamps } from './corpus-stamps.ts';
import { readEmbeddings, writeEmbeddings } from './embedding-file.ts';
import { extractedFileOf, previousExtractions } from './extracted-file.ts';
import { buildFiles, indexLayout } from './layout.ts';
import { updateLexicalIndex, writeLexicalIndex, type LexicalSettings } from './lexical-files.ts';
import { DEFAULT_LEXICAL_FIELDS, lexicalSegmentOf, type LexicalFields } from './lexical-store.ts';
import { acquireBuildLock } from './lock.ts';
import { buildSentenceVectors, type SentenceBuildCounts } from './sentence-build.ts';
import type { Manifest } from './manifest.ts';
import { readCurrentBuild } from './read-build.ts';
import { assembleBuild, embedKey, type AssembleOptions } from './assemble.ts';
import type { HnswParameters } from './vector-store.ts';
import { writeVectorIndex, type VectorIndexUpdate } from './vector-update.ts';
import { previousBuildToUpdate, type PreviousBuild } from './previous-build.ts';
import { writeSourceFile } from './source-file.ts';
import type { StoredChunk } from './stored-chunk.ts';

export type { StoredChunk } from './stored-chunk.ts';

/** What a file build needs beyond reading, chunking and embedding the corpus (AssembleOptions). */
export interface BuildOptions extends AssembleOptions {
  indexDir: string;
  /** BM25F field weights (the benchmarks' ablations change them); DEFAULT_LEXICAL_FIELDS when absent. */
  lexicalFields?: LexicalFields;
  /** 'detected' (default): each file's words under its language's stem; 'both': under the French and the English stem. */
  stemming?: 'detected' | 'both';
  hnsw: HnswParameters;
  /** Progress of embedding the sentences of multi-sentence passages (sentence-build.ts), after the passages. */
  onSentenceProgress?: (done: number, total: number) => void;
  /** Rebuild every part of the index, even when the previous build could be updated (`npm run build -- --full`). */
  full?: boolean;
  /** Runs after everything is written and before the swap (tests use it to simulate a crash). */
  beforeSwap?: () => Promise<void>;
}

export interface BuildResult {
  manifest: Manifest;
  buildDir: string;
  /** How the lexical index was made: from scratch, or by updating the previous build's. */
  lexical: 'built' | 'updated' | 'merged' | 'rebuilt';
  /** How the HNSW graph was made (null in a lexical-only build). */
  vectors: VectorIndexUpdate['kind'] | null;
}


/** Vectors of the serving build, by embedding key: a rebuild re-embeds only new or changed chunks (assembleBuild logs and ignores a failure to read them). */
async function previousEmbeddings(buildDir: string | null): Promise<Map<string, Float32Array>> {
  const cache = new Map<string, Float32Array>();
  if (!buildDir) return cache;
  // Read leniently: an index of an older format is rebuilt, but its vectors are still good.
  const manifest = JSON.parse(await readFile(join(buildDir, buildFiles.manifest), 'utf8')) as Partial<Pick<Manifest, 'model'>>;
  if (!manifest.model) return cache;
  const chunks = await previousChunks(buildDir);
  const vectors = await readEmbeddings(join(buildDir, buildFiles.embeddings), manifest.model.dimension);
  for (const chunk of chunks) {
    const vector = vectors[chunk.position];
    if (chunk.embedKey && vector) cache.set(chunk.embedKey, vector);
  }
  return cache;
}

/**
 * The lexical index of the new build: the previous build's, updated with the files whose bytes
 * changed (unchanged segments hard-linked, changed and added files as a new segment), or built
 * from scratch with `full`, without a previous build, or when the update is refused.
 */
async function writeLexical(
  chunks: readonly StoredChunk[],
  previous: PreviousBuild | null,
  dir: string,
  options: BuildOptions,
): Promise<BuildResult['lexical']> {
  const settings: LexicalSettings = { fields: options.lexicalFields ?? DEFAULT_LEXICAL_FIELDS, stemming: options.stemming ?? 'detected' };
  const passageCounts = new Map<string, number>();
  for (const chunk of chunks) passageCounts.set(chunk.file, (passageCounts.get(chunk.file) ?? 0) + 1);
  const order = [...passageCounts.keys()];
  const segmentOf = (pages: readonly string[]) => {
    const wanted = new Set(pages);
    return lexicalSegmentOf(
      chunks
        .filter((chunk) => wanted.has(chunk.file))
        .map((chunk) => ({
          plain: chunk.plain,
          context: [chunk.title, ...chunk.headings].join('\n'),
          page: chunk.file,
          language: options.stemming === 'both' ? null : chunk.language,
        })),
    );
  };
  if (previous) {
    const { changed } = previous;
    try {
      const update = await updateLexicalIndex(join(previous.dir, buildFiles.lexical), dir, {
        removedPages: changed,
        addedPages: order.filter((page) => changed.has(page)),
        order,
        passageCounts,
        segmentOf,
        settings,
      });
      return update.kind;
    } catch (error) {
      options.log.warn({ error: (error as Error).message }, 'the previous lexical index cannot be updated; building it anew');
      await rm(dir, { recursive: true, force: true });
    }
  }
  await writeLexicalIndex(dir, segmentOf(order), settings);
  return 'built';
}

/** Remove unfinished builds and builds no longer current (the serving one and the new one stay). */
async function removeOldBuilds(indexDir: string, keep: string[]): Promise<void> {
  const { builds } = indexLayout(indexDir);
  for (const entry of await readdir(builds).catch(() => [] as string[])) {
    if (!keep.includes(entry)) await rm(join(builds, entry), { recursive: true, force: true });
  }
}

/**
 * Read the corpus, chunk it, embed what changed, and write a complete new build beside the serving
 * one; swap it in by renaming. A build that fails or is killed leaves the previous index serving.
 */
export async function buildIndex(options: BuildOptions): Promise<BuildResult> {
  const { log } = options;
  const layout = indexLayout(options.indexDir);
  await mkdir(layout.builds, { recursive: true });
  const release = await acquireBuildLock(layout.lock);
  const buildId = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
  const temporary = layout.temporary(buildId);
  try {
    const previousBuild = await readCurrentBuild(options.indexDir);
    await removeOldBuilds(options.indexDir, previousBuild ? [previousBuild.split(/[\\/]/).at(-1)!] : []);

    const readStartedAt = Date.now();
    const assembled = await assembleBuild(
      buildId,
      options,
      { extractions: await previousExtractions(previousBuild), embeddings: () => previousEmbeddings(previousBuild) },
      () => mkdir(temporary, { recursive: true }).then(() => undefined),
    );
    const { chunks, vectors } = assembled;
    const { embedder } = options;
    const previous = await previousBuildToUpdate(previousBuild, assembled.fileHashes, { ...options, chunkerVersion: CHUNKER_VERSION });
    let vectorUpdate: VectorIndexUpdate | null = null;
    let sentenceVectors: SentenceBuildCounts | null = null;
    if (embedder && vectors) {
      await writeEmbeddings(join(temporary, buildFiles.embeddings), vectors);
      vectorUpdate = await writeVectorIndex({ chunks, vectors, dir: temporary, previous, embedder, hnsw: options.hnsw, log });
      sentenceVectors = await buildSentenceVectors(temporary, {
        texts: chunks.map((chunk) => chunk.text),
        embedder,
        keyOf: (text) => embedKey(embedder, text),
        previousBuildDir: previousBuild,
        batchSize: options.batchSize,
        onProgress: options.onSentenceProgress,
      });
    }
    const lexical = await writeLexical(chunks, previous, join(temporary, buildFiles.lexical), options);
    writeSourceFile(join(temporary, buildFiles.sources), assembled.documents);
    writeChunkFile(join(temporary, buildFiles.chunks), chunks, assembled.documents);
    await writeFile(join(temporary, buildFiles.extracted), extractedFileOf(assembled.documents, assembled.warnings, assembled.fileHashes));
    await writeCorpusStamps(join(temporary, buildFiles.corpusStamps), options.corpusDir, Object.keys(assembled.fileHashes), readStartedAt);

    const manifest: Manifest = {
      ...assembled.manifest,
      hnsw: vectorUpdate
        ? { M: options.hnsw.M, efConstruction: options.hnsw.efConstruction, efSearch: vectorUpdate.efSearch, sampleRecall: vectorUpdate.sampleRecall, deleted: vectorUpdate.deleted }
        : null,
      sentenceVectors,
    };
    await writeFile(join(temporary, buildFiles.manifest), JSON.stringify(manifest, null, 2));

    await options.beforeSwap?.();
    await rename(temporary, layout.build(buildId));
    await writeFile(`${layout.current}.tmp`, buildId);
    await rename(`${layout.current}.tmp`, layout.current);
    await removeOldBuilds(options.indexDir, [buildId]);
    const { embedded, reused } = manifest.counts;
    log.info({ buildId, mode: manifest.mode, chunks: chunks.length, embedded, reused, lexical, vectors: vectorUpdate?.kind ?? null }, 'index built');
    return { manifest, buildDir: layout.build(buildId), lexical, vectors: vectorUpdate?.kind ?? null };
  } catch (error) {
    if (existsSync(temporary)) await rm(temporary, { recursive: true, force: true });
    throw error;
  } finally {
    await release();
  }
}
