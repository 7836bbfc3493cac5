import { randomBytes } from 'node:crypto';
import type { PgPool } from '../../index/postgres/pool.ts';
import { migrate } from '../../index/postgres/schema.ts';
import type { FeedbackEntry, FeedbackStore } from './feedback-log.ts';

const SECRET_NAME = 'feedback-user-hash';

/** The feedback log and its secret in the database, shared by replicas. */
export class PostgresFeedback implements FeedbackStore {
  constructor(private readonly pool: PgPool) {}

  async secret(): Promise<Buffer> {
    await migrate(this.pool);
    // The first replica to ask creates it; the others read the same.
    await this.pool.query('INSERT INTO citebot_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [SECRET_NAME, randomBytes(32).toString('hex')]);
    const result = await this.pool.query<{ value: string }>('SELECT value FROM citebot_secrets WHERE name = $1', [SECRET_NAME]);
    return Buffer.from(result.rows[0]!.value, 'hex');
  }

  async append(entry: FeedbackEntry, voteKey: string): Promise<boolean> {
    await migrate(this.pool);
    const result = await this.pool.query('INSERT INTO citebot_feedback (vote_key, entry, at) VALUES ($1, $2, $3) ON CONFLICT (vote_key) DO NOTHING', [voteKey, JSON.stringify(entry), entry.at]);
    return result.rowCount === 1;
  }
}
