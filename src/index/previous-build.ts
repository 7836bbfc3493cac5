import type { Manifest } from './manifest.ts';
import { readManifest } from './read-build.ts';

/** The serving build, when a new build can update it rather than start over. */
export interface PreviousBuild {
  dir: string;
  manifest: Manifest;
}

export interface UpdateConditions {
  chunkerVersion: number;
  chunkMaxChars: number;
  chunkPackChars?: number;
  /** `npm run build -- --full`: never update. */
  full?: boolean;
}

/** The previous build, when there is one, it is readable, and its files were cut the way the new build cuts them. */
export async function previousBuildToUpdate(previousBuild: string | null, conditions: UpdateConditions): Promise<PreviousBuild | null> {
  if (!previousBuild || conditions.full) return null;
  const manifest = await readManifest(previousBuild).catch(() => null);
  // Unchanged files keep their passages only if they would be cut the same way.
  if (
    !manifest ||
    manifest.chunker.version !== conditions.chunkerVersion ||
    manifest.chunker.maxChars !== conditions.chunkMaxChars ||
    (manifest.chunker.packChars ?? null) !== (conditions.chunkPackChars ?? null)
  ) {
    return null;
  }
  return { dir: previousBuild, manifest };
}
