import type { IndexBackend } from '../backend.ts';
import { loadGeneration } from './load-generation.ts';
import type { PgPool } from './pool.ts';
import { servingBuildId } from './read.ts';
import { migrate } from './schema.ts';

export function postgresBackend(pool: PgPool, efSearch: number | undefined): IndexBackend {
  return {
    kind: 'postgres',
    current: async () => {
      await migrate(pool);
      return servingBuildId(pool);
    },
    load: () => loadGeneration(pool, efSearch),
  };
}
