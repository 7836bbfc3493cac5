import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assembleBuild, type AssembleOptions } from './assemble.ts';
import { readEmbeddings, writeEmbeddings } from './embedding-file.ts';
import { extractedFileOf, previousExtractions } from './extracted-file.ts';
import { buildFiles, indexLayout } from './layout.ts';
import { lexicalDocumentsOf } from './lexical-documents.ts';
import { LexicalStore, type LexicalFields } from './lexical-store.ts';
import { acquireBuildLock } from './lock.ts';
import type { Manifest } from './manifest.ts';
import { readCurrentBuild, readManifest } from './read-build.ts';
import type { StoredChunk } from './stored-chunk.ts';
import { VectorStore, type HnswParameters } from './vector-store.ts';

export type { StoredChunk } from './stored-chunk.ts';

export interface BuildOptions extends AssembleOptions {
  indexDir: string;
  /** BM25F field weights (the benchmarks' ablations change them); DEFAULT_LEXICAL_FIELDS when absent. */
  lexicalFields?: LexicalFields;
  /** 'detected' (default): each file's words under its language's stem; 'both': under the French and the English stem. */
  stemming?: 'detected' | 'both';
  hnsw: HnswParameters;
  /** Runs after everything is written and before the swap (tests use it to simulate a crash). */
  beforeSwap?: () => Promise<void>;
}

export interface BuildResult {
  manifest: Manifest;
  buildDir: string;
}

/** Vectors of the serving build, by embedding key: a rebuild re-embeds only new or changed chunks. */
async function previousEmbeddings(buildDir: string | null): Promise<Map<string, Float32Array>> {
  const cache = new Map<string, Float32Array>();
  if (!buildDir) return cache;
  const manifest = await readManifest(buildDir);
  if (!manifest.model) return cache;
  const chunks = JSON.parse(await readFile(join(buildDir, buildFiles.chunks), 'utf8')) as StoredChunk[];
  const vectors = await readEmbeddings(join(buildDir, buildFiles.embeddings), manifest.model.dimension);
  chunks.forEach((chunk, index) => {
    const vector = vectors[index];
    if (chunk.embedKey && vector) cache.set(chunk.embedKey, vector);
  });
  return cache;
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

    const build = await assembleBuild(
      buildId,
      options,
      { extractions: await previousExtractions(previousBuild), embeddings: () => previousEmbeddings(previousBuild) },
      () => mkdir(temporary, { recursive: true }).then(() => undefined),
    );
    const { manifest, chunks } = build;
    if (build.vectors) {
      await writeEmbeddings(join(temporary, buildFiles.embeddings), build.vectors);
      VectorStore.build(build.vectors, manifest.model!.dimension, options.hnsw).write(join(temporary, buildFiles.vectors));
    }
    const lexical = LexicalStore.build(lexicalDocumentsOf(chunks, options.stemming), options.lexicalFields);
    await writeFile(join(temporary, buildFiles.lexical), lexical.toJSON());
    await writeFile(join(temporary, buildFiles.chunks), JSON.stringify(chunks));
    const sources = Object.fromEntries(build.documents.map((document) => [document.file, document.text]));
    await writeFile(join(temporary, buildFiles.sources), JSON.stringify(sources));
    await writeFile(join(temporary, buildFiles.extracted), extractedFileOf(build.documents, build.warnings, build.fileHashes));
    await writeFile(join(temporary, buildFiles.manifest), JSON.stringify(manifest, null, 2));

    await options.beforeSwap?.();
    await rename(temporary, layout.build(buildId));
    await writeFile(`${layout.current}.tmp`, buildId);
    await rename(`${layout.current}.tmp`, layout.current);
    await removeOldBuilds(options.indexDir, [buildId]);
    log.info({ buildId, mode: manifest.mode, chunks: chunks.length, embedded: manifest.counts.embedded, reused: manifest.counts.reused }, 'index built');
    return { manifest, buildDir: layout.build(buildId) };
  } catch (error) {
    if (existsSync(temporary)) await rm(temporary, { recursive: true, force: true });
    throw error;
  } finally {
    await release();
  }
}
