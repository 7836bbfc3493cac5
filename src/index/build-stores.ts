import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ChunkFile } from './chunk-file.ts';
import { ArrayChunkStore, type ChunkStore } from './chunk-store.ts';
import { buildFiles, legacyBuildFiles } from './layout.ts';
import { SourceFile } from './source-file.ts';
import { MapSourceStore, type SourceStore } from './source-store.ts';
import type { StoredChunk } from './stored-chunk.ts';

/** The chunk and source stores of a build folder (throws, naming the file, when one is missing or damaged). */
export function openBuildStores(buildDir: string): { chunks: ChunkFile; sources: SourceFile } {
  const sources = SourceFile.open(join(buildDir, buildFiles.sources), join(buildDir, buildFiles.sourcesDelta));
  return { chunks: ChunkFile.open(join(buildDir, buildFiles.chunks), sources), sources };
}

// A rebuild reuses the serving build's work: from its binary stores, or from the JSON files of a
// build made before them (an index of an older format is rebuilt, but its extractions and vectors are still good).
const isLegacy = (buildDir: string) => !existsSync(join(buildDir, buildFiles.chunks)) && existsSync(join(buildDir, legacyBuildFiles.chunks));

/** The chunks of the build a rebuild reuses work from. */
export async function previousChunks(buildDir: string): Promise<ChunkStore> {
  if (!isLegacy(buildDir)) return openBuildStores(buildDir).chunks;
  return new ArrayChunkStore(JSON.parse(await readFile(join(buildDir, legacyBuildFiles.chunks), 'utf8')) as StoredChunk[]);
}

/** The sources of the build a rebuild reuses work from. */
export async function previousSources(buildDir: string): Promise<SourceStore> {
  if (!isLegacy(buildDir)) return SourceFile.open(join(buildDir, buildFiles.sources), join(buildDir, buildFiles.sourcesDelta));
  const texts = JSON.parse(await readFile(join(buildDir, legacyBuildFiles.sources), 'utf8')) as Record<string, string>;
  return new MapSourceStore(new Map(Object.entries(texts)));
}
