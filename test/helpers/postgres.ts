/**
 * A real PostgreSQL (with pgvector) for the postgres backend's tests: the cluster .ci/run started
 * (CITEBOT_TEST_PG_URL, CITEBOT_TEST_PG_DIR), else a throwaway one started here with
 * scripts/pg-cluster.sh. Each test file gets a database of its own. Where PostgreSQL is not installed
 * the tests are skipped with a printed line, unless CITEBOT_REQUIRE_PG is set (CI): then they fail.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { repoRoot } from './citebot.ts';

const run = promisify(execFile);
const script = join(repoRoot, 'scripts', 'pg-cluster.sh');

export interface TestDatabase {
  /** DATABASE_URL of this file's own database. */
  url: string;
  /** Stop and start the whole cluster (every connection breaks). */
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Drop the database, and stop the cluster when this file started it. */
  close(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function cluster(): Promise<{ url: string; dir: string; owned: boolean } | string> {
  if (process.env.CITEBOT_TEST_PG_URL && process.env.CITEBOT_TEST_PG_DIR) {
    return { url: process.env.CITEBOT_TEST_PG_URL, dir: process.env.CITEBOT_TEST_PG_DIR, owned: false };
  }
  const dir = await mkdtemp(join(tmpdir(), 'citebot-pg-'));
  try {
    const { stdout } = await run('bash', [script, 'start', dir], { timeout: 120_000 });
    return { url: stdout.trim(), dir, owned: true };
  } catch (error) {
    await run('bash', [script, 'stop', dir]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim();
    return `PostgreSQL could not be started here (${stderr.split('\n').at(-1)})`;
  }
}

/** Why postgres tests are skipped here, when they are. */
export let skipReason: string | false = false;

/** This test file's database, or null (with `skipReason` set and a line printed) where PostgreSQL is missing. */
export async function testDatabase(): Promise<TestDatabase | null> {
  const found = await cluster();
  if (typeof found === 'string') {
    if (process.env.CITEBOT_REQUIRE_PG) throw new Error(`CITEBOT_REQUIRE_PG is set but ${found}`);
    skipReason = `postgres tests skipped: ${found}; install postgresql-15 and pgvector (see .ci/install-postgres.sh) to run them`;
    process.stdout.write(`# ${skipReason}\n`);
    return null;
  }
  const database = `citebot_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: found.url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(found.url, database);
  const probe = new pg.Client({ connectionString: url });
  await probe.connect();
  try {
    await probe.query('CREATE EXTENSION IF NOT EXISTS vector');
  } catch (error) {
    const reason = `pgvector is not installed (${(error as Error).message})`;
    if (process.env.CITEBOT_REQUIRE_PG) throw new Error(`CITEBOT_REQUIRE_PG is set but ${reason}`);
    skipReason = `postgres tests skipped: ${reason}`;
    process.stdout.write(`# ${skipReason}\n`);
    return null;
  } finally {
    await probe.end();
  }
  const control = (command: string) => run('bash', [script, command, found.dir], { timeout: 120_000 }).then(() => undefined);
  return {
    url,
    restart: () => control('restart'),
    stop: () => control('stop'),
    start: async () => {
      // pg-cluster.sh start would initdb again: start the existing data folder on its port.
      await run('bash', [script, 'resume', found.dir], { timeout: 120_000 });
    },
    close: async () => {
      if (found.owned) {
        await control('stop').catch(() => undefined);
        await rm(found.dir, { recursive: true, force: true });
        return;
      }
      const admin = new pg.Client({ connectionString: found.url });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
