import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CHUNKER_VERSION } from '../corpus/chunk.ts';
import { TOKENIZER_VERSION } from '../text/tokenize.ts';
import { lexicalDocumentsOf } from './lexical-documents.ts';
import { previousChunks } from './build-stores.ts';
import { layoutBuild, type BuildLayout } from './build-layout.ts';
import { carryOver, type CarryOver } from './carry-over.ts';
import { writeChunkRuns } from './chunk-file.ts';
import { chunkCount } from './chunk-runs.ts';
import { writeCorpusStamps } from './corpus-stamps.ts';
import { readEmbeddings, writeEmbeddingRuns } from './embedding-file.ts';
import { extractedFileOf, previousExtractions } from './extracted-file.ts';
import { buildFiles, indexLayout } from './layout.ts';
import { updateLexicalIndex, writeLexicalIndex, type LexicalSettings } from './lexical-files.ts';
import { DEFAULT_LEXICAL_FIELDS, lexicalSegmentOf, type LexicalFields } from './lexical-store.ts';
import { acquireBuildLock } from './lock.ts';
import { buildSentenceVectors, type SentenceBuildCounts } from './sentence-build.ts';
import type { Manifest } from './manifest.ts';
import { readCurrentBuild } from './read-build.ts';
import { assembleBuild, embedKey, type AssembleOptions, type AssembledBuild } from './assemble.ts';
import type { HnswParameters } from './vector-store.ts';
import { writeVectorIndex, type VectorIndexUpdate } from './vector-update.ts';
import { previousBuildToUpdate, type PreviousBuild } from './previous-build.ts';
import { writeSourceStore } from './source-file.ts';
import type { StoredChunk } from './stored-chunk.ts';

export type { StoredChunk } from './stored-chunk.ts';

/** What a file build needs beyond reading, chunking and embedding the corpus (AssembleOptions). */
export interface BuildOptions extends AssembleOptions {
  indexDir: string;
  /** BM25F field weights (the benchmarks' ablations change them); DEFAULT_LEXICAL_FIELDS when absent. */
  lexicalFields?: LexicalFields;
  /** 'detected' (default): each file's words under its language's stem; 'both': under the French and the English stem. */
  stemming?: 'detected' | 'both';
  /** false: a file without a title is matched on its file name only, not its opening words (the benchmarks' ablation; build from scratch). */
  openingTitles?: boolean;
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
  /** Files whose text, chunks and vectors were taken from the previous build, unread. */
  carriedFiles: number;
}


/**
 * Vectors of the serving build's chunks that are not carried over, by embedding key: a new chunk
 * whose text the previous build embedded (an edited file's unchanged paragraphs) is not embedded
 * again (assembleBuild logs and ignores a failure to read them).
 */
async function previousEmbeddings(buildDir: string | null, carry: CarryOver | null): Promise<Map<string, Float32Array>> {
  const cache = new Map<string, Float32Array>();
  if (!buildDir) return cache;
  // Read leniently: an index of an older format is rebuilt, but its vectors are still good.
  const manifest = JSON.parse(await readFile(join(buildDir, buildFiles.manifest), 'utf8')) as Partial<Pick<Manifest, 'model'>>;
  if (!manifest.model) return cache;
  const chunks = carry?.chunks ?? (await previousChunks(buildDir));
  const carried = new Uint8Array(chunks.length);
  for (const file of carry?.files.values() ?? []) carried.fill(1, file.start, file.end);
  const all = carry?.embeddings ? null : await readEmbeddings(join(buildDir, buildFiles.embeddings), manifest.model.dimension);
  for (let position = 0; position < chunks.length; position++) {
    if (carried[position] === 1) continue;
    const { embedKey } = chunks.at(position);
    const vector = all ? all[position] : carry!.embeddings!.at(position);
    if (embedKey && vector) cache.set(embedKey, vector);
  }
  return cache;
}

/** The chunks of `pages` (in store order), read from the new chunks or from the previous build's store. */
function* chunksOfPages(pages: readonly string[], layout: BuildLayout, carry: CarryOver | null): Generator<StoredChunk> {
  const fresh = new Map<string, StoredChunk[]>();
  for (const run of layout.runs) {
    if (run.kind !== 'fresh') continue;
    for (const chunk of run.chunks) {
      const list = fresh.get(chunk.file);
      if (list) list.push(chunk);
      else fresh.set(chunk.file, [chunk]);
    }
  }
  for (const page of pages) {
    const carried = carry?.files.get(page);
    if (carried) for (let position = carried.start; position < carried.end; position++) yield carry!.chunks.at(position);
    else yield* fresh.get(page) ?? [];
  }
}

/**
 * The lexical index of the new build: the previous build's, updated (unchanged segments hard-linked,
 * the pages of files not carried over deleted, the new files' pages as a new segment), or built from
 * scratch with `full`, without a previous build, or when the update is refused.
 */
async function writeLexical(
  layout: BuildLayout,
  carry: CarryOver | null,
  previous: PreviousBuild | null,
  dir: string,
  options: BuildOptions,
): Promise<BuildResult['lexical']> {
  const settings: LexicalSettings = { fields: options.lexicalFields ?? DEFAULT_LEXICAL_FIELDS, stemming: options.stemming ?? 'detected', tokenizer: TOKENIZER_VERSION };
  const order = [...layout.passageCounts.keys()];
  const segmentOf = (pages: readonly string[]) => lexicalSegmentOf(lexicalDocumentsOf(chunksOfPages(pages, layout, carry), options.stemming, options.openingTitles));
  if (previous) {
    const isCarried = (file: string) => carry?.files.has(file) === true;
    try {
      const update = await updateLexicalIndex(join(previous.dir, buildFiles.lexical), dir, {
        removedPages: new Set(previous.manifest.documents.map((document) => document.file).filter((file) => !isCarried(file))),
        addedPages: order.filter((page) => !isCarried(page)),
        order,
        passageCounts: layout.passageCounts,
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

/** The manifest of the whole build: the files read anew (assembleBuild's) and the files carried over. */
function manifestOf(assembled: AssembledBuild, layout: BuildLayout): Manifest {
  const { manifest } = assembled;
  return {
    ...manifest,
    files: layout.fileHashes,
    documents: layout.documents,
    counts: {
      ...manifest.counts,
      documents: layout.documents.length,
      chunks: chunkCount(layout.runs),
      reused: manifest.counts.reused + (manifest.model ? layout.carriedChunks : 0),
    },
  };
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
    const previous = await previousBuildToUpdate(previousBuild, { ...options, chunkerVersion: CHUNKER_VERSION });
    const { embedder } = options;
    const carry = await carryOver(previous, options.corpusDir, embedder);
    const assembled = await assembleBuild(
      buildId,
      options,
      {
        extractions: await previousExtractions(previousBuild),
        embeddings: () => previousEmbeddings(previousBuild, carry),
        carried: new Set(carry?.files.keys()),
      },
      () => mkdir(temporary, { recursive: true }).then(() => undefined),
    );
    const plan = layoutBuild(assembled, carry);
    let vectorUpdate: VectorIndexUpdate | null = null;
    let sentenceVectors: SentenceBuildCounts | null = null;
    if (embedder && assembled.vectors) {
      const embeddingsPath = join(temporary, buildFiles.embeddings);
      writeEmbeddingRuns(embeddingsPath, plan.runs, carry?.embeddings ?? null);
      vectorUpdate = await writeVectorIndex({
        runs: plan.runs,
        allVectors: () => readEmbeddings(embeddingsPath, embedder.dimension),
        dir: temporary,
        previous,
        embedder,
        hnsw: options.hnsw,
        log,
      });
      sentenceVectors = await buildSentenceVectors(temporary, {
        runs: plan.runs,
        embedder,
        keyOf: (text) => embedKey(embedder, text),
        previousBuildDir: previousBuild,
        batchSize: options.batchSize,
        onProgress: options.onSentenceProgress,
      });
    }
    const lexical = await writeLexical(plan, carry, previous, join(temporary, buildFiles.lexical), options);
    writeSourceStore(join(temporary, buildFiles.sources), join(temporary, buildFiles.sourcesDelta), plan.sources);
    writeChunkRuns(join(temporary, buildFiles.chunks), plan.runs, plan.sources, carry?.chunks ?? null);
    await writeFile(join(temporary, buildFiles.extracted), extractedFileOf(plan.extracted, assembled.warnings, plan.fileHashes));
    await writeCorpusStamps(join(temporary, buildFiles.corpusStamps), options.corpusDir, Object.keys(plan.fileHashes), readStartedAt);

    const whole = manifestOf(assembled, plan);
    const manifest: Manifest = {
      ...whole,
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
    const { embedded, reused, chunks } = manifest.counts;
    log.info({ buildId, mode: manifest.mode, chunks, carried: plan.carriedChunks, embedded, reused, lexical, vectors: vectorUpdate?.kind ?? null }, 'index built');
    return { manifest, buildDir: layout.build(buildId), lexical, vectors: vectorUpdate?.kind ?? null, carriedFiles: carry?.files.size ?? 0 };
  } catch (error) {
    if (existsSync(temporary)) await rm(temporary, { recursive: true, force: true });
    throw error;
  } finally {
    await release();
  }
}
