import { createHash } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface FeedbackEntry {
  platform: 'discord' | 'slack' | 'terminal';
  vote: 'up' | 'down';
  command: string;
  question: string;
  passageIds: string[];
  /** A salted hash, never the raw platform user id. */
  userHash: string;
  at: string;
}

/** Pseudonymous user id for the feedback log: stable per platform user, not reversible in practice. */
export function hashUserId(platform: string, userId: string): string {
  return createHash('sha256').update(`citebot:${platform}:${userId}`).digest('hex').slice(0, 16);
}

/** Append one JSON line to the feedback log (created with its folder on first use). */
export async function appendFeedback(file: string, entry: FeedbackEntry): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(entry)}\n`, 'utf8');
}
