import { Cron } from 'croner';
import type { Citebot } from '../answer/citebot.ts';
import type { BriefingReply } from './types.ts';
import type { Logger } from '../log.ts';
import { composeBriefing } from './compose.ts';
import type { Briefing } from './schema.ts';
import type { BriefingState } from './state.ts';

/** A briefing whose time passed less than this long ago is still posted (a restart, a platform hiccup). */
export const DEFAULT_GRACE_MS = 10 * 60_000;
const MAX_SLEEP_MS = 60_000;

/** What the scheduler needs of a platform: post a briefing to a channel. Adapters implement it. */
export interface BriefingPoster {
  post(channelId: string, briefing: BriefingReply): Promise<void>;
}

export interface SchedulerOptions {
  citebot: Citebot;
  briefings: Briefing[];
  /** The adapter running for a platform, if any (looked up at posting time). */
  adapterFor(platform: Briefing['platform']): BriefingPoster | undefined;
  state: BriefingState;
  log: Logger;
  now?: () => Date;
  graceMs?: number;
  /** Told after each attempt to post (for the metrics). */
  onPosted?: (briefing: Briefing, ok: boolean) => void;
}

/**
 * Runs briefings on their cron schedules. The rule for missed runs: each scheduled time is posted at
 * most once (the last one handled is kept on disk); a time missed by more than the grace period
 * (the bot was down) is skipped, never posted hours late; a failed post is retried on the next tick
 * while still within the grace period.
 */
export class BriefingScheduler {
  private readonly crons: Map<string, Cron>;
  private readonly inFlight = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly now: () => Date;
  private readonly graceMs: number;

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? (() => new Date());
    this.graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
    this.crons = new Map(options.briefings.map((briefing) => [briefing.name, new Cron(briefing.schedule, { timezone: briefing.timezone, paused: true })]));
  }

  get names(): string[] {
    return this.options.briefings.map((briefing) => briefing.name);
  }

  /** The most recent scheduled time at or before `now`. */
  private latestDue(briefing: Briefing, now: Date): Date | null {
    const cron = this.crons.get(briefing.name)!;
    const next = cron.nextRun(new Date(now.getTime() - this.graceMs - 1000));
    let due: Date | null = null;
    for (let candidate = next; candidate && candidate.getTime() <= now.getTime(); candidate = cron.nextRun(candidate)) due = candidate;
    return due;
  }

  /** Post every briefing that is due at `now` and not handled yet. Tests drive the clock through this. */
  async tick(now = this.now()): Promise<void> {
    const state = await this.options.state.read();
    await Promise.all(
      this.options.briefings.map(async (briefing) => {
        const due = this.latestDue(briefing, now);
        if (!due || now.getTime() - due.getTime() > this.graceMs) return;
        const last = state[briefing.name]?.lastScheduledFor;
        if (last && new Date(last).getTime() >= due.getTime()) return;
        await this.run(briefing, due);
      }),
    );
  }

  private async run(briefing: Briefing, scheduledFor: Date): Promise<void> {
    if (this.inFlight.has(briefing.name)) return;
    this.inFlight.add(briefing.name);
    const log = this.options.log.child({ briefing: briefing.name, scheduledFor: scheduledFor.toISOString() });
    const { state } = this.options;
    let claimed = false;
    try {
      if (state.claim) {
        if (!(await state.claim(briefing.name, scheduledFor))) {
          log.info('briefing run taken by another replica');
          return;
        }
        claimed = true;
      }
      await this.options.citebot.refresh();
      const previous = (await this.options.state.read())[briefing.name];
      const reply = await composeBriefing(this.options.citebot, briefing, { scheduledFor, previousFiles: previous?.files ?? null, preview: false });
      const record = () => this.options.state.update(briefing.name, { lastScheduledFor: scheduledFor.toISOString(), files: this.options.citebot.corpusFiles() });
      if (reply.nothingNew && briefing.skipWhenNothingNew) {
        await record();
        log.info('nothing new since the last briefing: not posted');
        return;
      }
      const adapter = this.options.adapterFor(briefing.platform);
      if (!adapter) {
        log.warn(`${briefing.platform} is not running; will retry while the briefing is still due`);
        if (claimed) await state.release?.(briefing.name, scheduledFor);
        claimed = false;
        return;
      }
      await adapter.post(briefing.channel, reply);
      claimed = false;
      await record();
      this.options.onPosted?.(briefing, true);
      log.info({ channel: briefing.channel }, 'briefing posted');
    } catch (error) {
      if (claimed) await state.release?.(briefing.name, scheduledFor).catch(() => undefined);
      this.options.onPosted?.(briefing, false);
      log.error({ err: error }, 'briefing failed; will retry while still due');
    } finally {
      this.inFlight.delete(briefing.name);
    }
  }

  /** The briefing as it would be posted now, for `/briefing preview` (changes no state). */
  async preview(name: string): Promise<BriefingReply | null> {
    const briefing = this.options.briefings.find((entry) => entry.name === name);
    if (!briefing) return null;
    await this.options.citebot.refresh();
    const previous = (await this.options.state.read())[briefing.name];
    return composeBriefing(this.options.citebot, briefing, { scheduledFor: this.now(), previousFiles: previous?.files ?? null, preview: true });
  }

  /** A tick whose state cannot be read (the database is down) is logged and tried again at the next wake-up. */
  async #safeTick(): Promise<void> {
    try {
      await this.tick();
    } catch (error) {
      this.options.log.error({ err: error }, 'briefings: could not check what is due; trying again at the next wake-up');
    }
  }

  /** Run on real time: wake at the next scheduled time (at least every minute) and tick. */
  start(): void {
    this.stopped = false;
    const arm = () => {
      if (this.stopped) return;
      const now = this.now();
      const nextTimes = [...this.crons.values()].map((cron) => cron.nextRun(now)?.getTime() ?? Infinity);
      const delay = Math.max(0, Math.min(MAX_SLEEP_MS, Math.min(...nextTimes) - now.getTime()));
      this.timer = setTimeout(() => void this.#safeTick().finally(arm), delay + 50);
      this.timer.unref();
    };
    void this.#safeTick().finally(arm);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
