import { randomBytes } from 'node:crypto';
import type { CommandName } from '../../answer/commands/types.ts';
import type { Lang } from '../../text/lang.ts';

/** What a "More" or feedback button needs to know about the answer it sits under. */
export interface Followup {
  command: CommandName;
  text: string;
  lang: Lang;
  /** Offset of the next page of passages. */
  nextOffset: number;
  count: number;
  passageIds: string[];
}

/**
 * Button payloads are small (Discord custom_id: 100 characters), so a button carries a short key
 * and the question lives here. Bounded: the oldest entries go first.
 */
export class FollowupStore {
  readonly #entries = new Map<string, Followup>();

  constructor(private readonly capacity = 5000) {}

  put(followup: Followup): string {
    const key = randomBytes(9).toString('base64url');
    this.#entries.set(key, followup);
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    return key;
  }

  get(key: string): Followup | undefined {
    return this.#entries.get(key);
  }
}
