import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** bench/.cache (git-ignored): downloads and derived data that are slow to make and safe to delete. */
export function cacheDir(...parts: string[]): string {
  const dir = path.join(fileURLToPath(new URL('../.cache/', import.meta.url)), ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}
