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

export async function readManifest(buildDir: string): Promise<Manifest> {
  const raw = await readFile(join(buildDir, buildFiles.manifest), 'utf8');
  return manifestSchema.parse(JSON.parse(raw));
}
