import { loadIndex, type LoadedIndex } from './load.ts';
import { readCurrentBuild } from './read-build.ts';

/**
 * Where the serving build comes from: INDEX_DIR (files, the default) or the served generation in
 * PostgreSQL (see postgres/backend.ts). The engine only asks these two things of it.
 */
export interface IndexBackend {
  readonly kind: 'files' | 'postgres';
  /** An id of the serving build (files: its folder; postgres: its build id), null when there is none. */
  current(): Promise<string | null>;
  /** Load the serving build; its `buildDir` is the id `current()` returns. */
  load(): Promise<LoadedIndex>;
}

export function filesBackend(indexDir: string, efSearch: number | undefined): IndexBackend {
  return {
    kind: 'files',
    current: () => readCurrentBuild(indexDir),
    load: () => loadIndex(indexDir, efSearch),
  };
}
