import { createHash, createHmac, randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Followup } from '../../present/followups.ts';
import type { Vote, VoteLedger } from '../../present/votes.ts';

export interface FeedbackEntry {
  platform: 'discord' | 'slack' | 'terminal';
  vote: Vote;
  command: string;
  question: string;
  passageIds: string[];
  /** HMAC of the platform user id under this installation's secret: stable per user, not reversible without the secret. */
  userHash: string;
  at: string;
}

/** The file, in DATA_DIR, holding the random secret user ids are hashed with (created once, readable by its owner only). */
export const SECRET_FILE = 'feedback-secret';

async function readOrCreateSecret(file: string): Promise<Buffer> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    if (/^[0-9a-f]{64}$/u.test(text)) return Buffer.from(text, 'hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(32);
  await mkdir(dirname(file), { recursive: true });
  // 'wx': two processes starting at once must not overwrite each other's secret.
  try {
    await writeFile(file, `${secret.toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readOrCreateSecret(file);
    throw error;
  }
}

/** Where replicas keep the feedback log and its secret together (INDEX_BACKEND=postgres, see postgres-feedback.ts). */
export interface FeedbackStore {
  /** The installation's secret user ids are hashed with: created once, the same for every replica. */
  secret(): Promise<Buffer>;
  /** Log the entry unless a vote with this key is already logged; true when it was logged. */
  append(entry: FeedbackEntry, voteKey: string): Promise<boolean>;
}

/**
 * The feedback log (DATA_DIR/feedback.jsonl, or the database's citebot_feedback), one entry per vote. User ids are hashed with a
 * secret kept in DATA_DIR, so a public list of members cannot be matched against the log.
 */
export class FeedbackLog {
  readonly file: string;
  readonly #secretFile: string;
  #secret: Promise<Buffer> | null = null;

  constructor(
    dataDir: string,
    private readonly ledger: VoteLedger,
    private readonly store: FeedbackStore | null = null,
  ) {
    this.file = join(dataDir, 'feedback.jsonl');
    this.#secretFile = join(dataDir, SECRET_FILE);
  }

  async hashUserId(platform: string, userId: string): Promise<string> {
    this.#secret ??= this.store ? this.store.secret() : readOrCreateSecret(this.#secretFile);
    // A failed read (the database is down) is tried again next time.
    this.#secret.catch(() => (this.#secret = null));
    return createHmac('sha256', await this.#secret).update(`${platform}:${userId}`).digest('hex').slice(0, 16);
  }

  /** Log a vote unless this user already cast it on this answer; true when it was logged. */
  async record(platform: FeedbackEntry['platform'], userId: string, followup: Followup, vote: Vote): Promise<boolean> {
    if (!this.ledger.firstTime(`${platform}:${userId}`, followup, vote)) return false;
    const entry: FeedbackEntry = {
      platform,
      vote,
      command: followup.command,
      question: followup.text,
      passageIds: followup.passageIds,
      userHash: await this.hashUserId(platform, userId),
      at: new Date().toISOString(),
    };
    if (this.store) {
      // One vote per person and answer across replicas: the key is unique in the table.
      const voteKey = createHash('sha256').update(JSON.stringify([entry.userHash, vote, followup.command, followup.text, followup.nextOffset, followup.passageIds])).digest('hex');
      return this.store.append(entry, voteKey);
    }
    await mkdir(dirname(this.file), { recursive: true });
    await appendFile(this.file, `${JSON.stringify(entry)}\n`, 'utf8');
    return true;
  }
}
