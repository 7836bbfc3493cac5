import { REPLICA_ID, type PgPool } from '../../index/postgres/pool.ts';
import { migrate } from '../../index/postgres/schema.ts';
import type { Logger } from '../../log.ts';
import { MemoryClaims, type ClaimKind, type Claims } from './claims.ts';

/** Claims older than this are deleted (platforms re-deliver within minutes). */
const KEEP_HOURS = 24;
const PRUNE_EVERY = 500;

/**
 * Claims shared by every replica: a unique (kind, key) row, inserted by the first claimant only
 * (INSERT … ON CONFLICT DO NOTHING). When the database cannot be reached, the claim is decided by
 * this process's memory and logged: an answer twice is better than no answer.
 */
export class PostgresClaims implements Claims {
  readonly shared = true;
  readonly #local = new MemoryClaims();
  #claims = 0;

  constructor(
    private readonly pool: PgPool,
    private readonly log: Logger,
  ) {}

  async claim(kind: ClaimKind, key: string): Promise<boolean> {
    // A repeat this process already saw needs no round trip.
    if (!(await this.#local.claim(kind, key))) return false;
    try {
      await migrate(this.pool);
      const result = await this.pool.query('INSERT INTO citebot_claims (kind, key, replica) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [kind, key, REPLICA_ID]);
      if ((this.#claims += 1) % PRUNE_EVERY === 0) this.#prune();
      return result.rowCount === 1;
    } catch (error) {
      this.log.warn({ err: error, kind, key }, 'the database could not be reached to claim a delivery; handling it here');
      return true;
    }
  }

  #prune(): void {
    void this.pool.query('DELETE FROM citebot_claims WHERE claimed_at < now() - make_interval(hours => $1)', [KEEP_HOURS]).catch(() => undefined);
  }
}
