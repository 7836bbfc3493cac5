import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../../scripts/pg-cluster.sh', import.meta.url));

export interface BenchDatabase {
  url: string;
  close(): Promise<void>;
}

/** BENCH_DATABASE_URL when set (a database the benchmark may fill and empty), else a throwaway cluster on this machine. */
export async function benchDatabase(): Promise<BenchDatabase> {
  if (process.env.BENCH_DATABASE_URL) return { url: process.env.BENCH_DATABASE_URL, close: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), 'citebot-bench-pg-'));
  try {
    const { stdout } = await run('bash', [script, 'start', dir], { timeout: 120_000 });
    return {
      url: stdout.trim(),
      close: async () => {
        await run('bash', [script, 'stop', dir]).catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(
      `bench:postgres needs PostgreSQL 15 with pgvector (bash .ci/install-postgres.sh installs them) or BENCH_DATABASE_URL: ${String((error as { stderr?: string }).stderr ?? error).trim()}`,
    );
  }
}
