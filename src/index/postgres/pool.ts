import { hostname } from 'node:os';
import pg from 'pg';

/** This process, as the shared tables name it (who claimed a run or a delivery). */
export const REPLICA_ID = `${hostname()}:${process.pid}`;

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;

export interface PoolOptions {
  /** Most connections this process opens (default 5). */
  max?: number;
  /** A query that takes longer fails instead of hanging (default: none, for builds). */
  queryTimeoutMs?: number;
  /** Told when an idle connection breaks (a restarted database): the next query opens a new one. */
  onError?: (error: Error) => void;
}

/** A pool on DATABASE_URL. Connecting gives up after 5 s, so that a database that is down is an error, not a hang. */
export function openPool(url: string, options: PoolOptions = {}): PgPool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 5,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    application_name: 'citebot',
    ...(options.queryTimeoutMs ? { query_timeout: options.queryTimeoutMs } : {}),
  });
  pool.on('error', (error) => options.onError?.(error));
  return pool;
}

/** Run `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(pool: PgPool, work: (client: PgClient) => Promise<T>, isolation = 'READ COMMITTED'): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
