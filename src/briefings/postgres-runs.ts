import type { PgPool } from '../index/postgres/pool.ts';
import { migrate } from '../index/postgres/schema.ts';
import type { BriefingsState, BriefingRunState, BriefingState } from './state.ts';

/** A replica that claimed a run and went silent this long is presumed dead: another may take the run. */
export const DEFAULT_RUN_LEASE_MS = 120_000;

/**
 * Briefing runs shared by replicas (INDEX_BACKEND=postgres). Each scheduled run is one row, keyed by
 * (briefing, scheduled time): the replica whose INSERT creates it (or takes over a failed or abandoned
 * one, under the row's lock) posts it; every other replica's claim finds it taken. A posted or skipped
 * run is the state the next run compares with.
 */
export class PostgresBriefingRuns implements BriefingState {
  constructor(
    private readonly pool: PgPool,
    private readonly replica: string,
    private readonly leaseMs = DEFAULT_RUN_LEASE_MS,
  ) {}

  async read(): Promise<BriefingsState> {
    await migrate(this.pool);
    const result = await this.pool.query<{ briefing: string; scheduled_for: Date; files: Record<string, string> | null }>(
      `SELECT DISTINCT ON (briefing) briefing, scheduled_for, files FROM citebot_briefing_runs
       WHERE status = 'posted' ORDER BY briefing, scheduled_for DESC`,
    );
    return Object.fromEntries(result.rows.map((row) => [row.briefing, { lastScheduledFor: row.scheduled_for.toISOString(), files: row.files ?? {} }]));
  }

  async update(name: string, state: BriefingRunState): Promise<void> {
    await migrate(this.pool);
    await this.pool.query(
      `INSERT INTO citebot_briefing_runs (briefing, scheduled_for, status, replica, files, finished_at) VALUES ($1, $2, 'posted', $3, $4, now())
       ON CONFLICT (briefing, scheduled_for) DO UPDATE SET status = 'posted', files = EXCLUDED.files, finished_at = now()`,
      [name, state.lastScheduledFor, this.replica, JSON.stringify(state.files)],
    );
  }

  async claim(name: string, scheduledFor: Date): Promise<boolean> {
    await migrate(this.pool);
    const result = await this.pool.query(
      `INSERT INTO citebot_briefing_runs (briefing, scheduled_for, status, replica) VALUES ($1, $2, 'posting', $3)
       ON CONFLICT (briefing, scheduled_for) DO UPDATE SET status = 'posting', replica = EXCLUDED.replica, started_at = now()
       WHERE citebot_briefing_runs.status = 'failed'
          OR (citebot_briefing_runs.status = 'posting' AND citebot_briefing_runs.started_at < now() - make_interval(secs => $4))
       RETURNING briefing`,
      [name, scheduledFor.toISOString(), this.replica, this.leaseMs / 1000],
    );
    return result.rowCount === 1;
  }

  async release(name: string, scheduledFor: Date): Promise<void> {
    await this.pool.query(`UPDATE citebot_briefing_runs SET status = 'failed' WHERE briefing = $1 AND scheduled_for = $2 AND replica = $3 AND status = 'posting'`, [
      name,
      scheduledFor.toISOString(),
      this.replica,
    ]);
  }
}
