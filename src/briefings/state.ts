import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface BriefingRunState {
  /** The scheduled time (ISO) of the last run that was handled (posted, or skipped as nothing new). */
  lastScheduledFor: string;
  /** Corpus file hashes at that run: what "new" is measured against next time. */
  files: Record<string, string>;
}

export type BriefingsState = Record<string, BriefingRunState>;

/**
 * Where the scheduler keeps what it posted. With several replicas (postgres-runs.ts), `claim` makes a
 * scheduled run one replica's alone, and `release` gives it back when posting failed.
 */
export interface BriefingState {
  read(): Promise<BriefingsState>;
  /** Record a run handled (posted, or skipped as nothing new). */
  update(name: string, state: BriefingRunState): Promise<void>;
  /** Take the run of `name` at `scheduledFor`; false when another replica has it or has handled it. */
  claim?(name: string, scheduledFor: Date): Promise<boolean>;
  /** Give a claimed run back (posting failed or the platform is not running here): it may be tried again. */
  release?(name: string, scheduledFor: Date): Promise<void>;
}

/** Per-briefing state on disk, written atomically so a crash never leaves half a file. */
export class BriefingStateStore implements BriefingState {
  constructor(private readonly file: string) {}

  async read(): Promise<BriefingsState> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as BriefingsState;
    } catch {
      return {};
    }
  }

  async update(name: string, state: BriefingRunState): Promise<void> {
    const all = await this.read();
    all[name] = state;
    await mkdir(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(all, null, 2));
    await rename(temporary, this.file);
  }
}
