import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildFiles, indexLayout } from './layout.ts';
import { manifestSchema, type Manifest } from './manifest.ts';

/** The folder of the serving build, or null when no build was ever completed. */
export async function readCurrentBuild(indexDir: string): Promise<string | null> {
  const layout = indexLayout(indexDir);
  let id: string;
  try {
    id = (await readFile(layout.current, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return id === '' ? null : layout.build(id);
}

/** The format version a build's manifest declares, read leniently (null when there is none to read). */
export async function readFormatVersion(buildDir: string): Promise<number | null> {
  try {
    const { formatVersion } = JSON.parse(await readFile(join(buildDir, buildFiles.manifest), 'utf8')) as { formatVersion?: unknown };
    return typeof formatVersion === 'number' ? formatVersion : null;
  } catch {
    return null;
  }
}

export async function readManifest(buildDir: string): Promise<Manifest> {
  const raw = await readFile(join(buildDir, buildFiles.manifest), 'utf8');
  return manifestSchema.parse(JSON.parse(raw));
}
