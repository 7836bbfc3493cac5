import type { Followup } from './followups.ts';

export type Vote = 'up' | 'down';

/**
 * The vote rule, the same on every surface: one person's vote on one answer (its question and the
 * passages shown) is logged once, however often the button is pressed. Memory is bounded.
 */
export class VoteLedger {
  readonly #seen = new Set<string>();

  constructor(private readonly capacity = 20_000) {}

  /** True the first time this user casts this vote on this answer. */
  firstTime(userId: string, followup: Followup, vote: Vote): boolean {
    const key = JSON.stringify([userId, vote, followup.command, followup.text, followup.nextOffset, followup.passageIds]);
    if (this.#seen.has(key)) return false;
    this.#seen.add(key);
    if (this.#seen.size > this.capacity) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    return true;
  }
}
