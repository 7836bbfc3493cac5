import { FirstSeen } from './first-seen.ts';
import type { Followup } from './followups.ts';

export type Vote = 'up' | 'down';

/**
 * The vote rule, the same on every surface: one person's vote on one answer (its question and the
 * passages shown) is logged once, however often the button is pressed. Memory is bounded.
 */
export class VoteLedger {
  readonly #seen: FirstSeen;

  constructor(capacity = 20_000) {
    this.#seen = new FirstSeen(capacity);
  }

  /** True the first time this user casts this vote on this answer. */
  firstTime(userId: string, followup: Followup, vote: Vote): boolean {
    return this.#seen.firstTime(JSON.stringify([userId, vote, followup.command, followup.text, followup.nextOffset, followup.passageIds]));
  }
}
