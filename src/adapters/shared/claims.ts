import { FirstSeen } from '../../present/first-seen.ts';

/** What is claimed: a platform's delivery that must be handled once, whichever replica receives it. */
export type ClaimKind = 'slack-event' | 'slack-action' | 'discord-interaction' | 'discord-message';

/**
 * "Handle this once": the first claim of a key wins, every later one (a retry, a re-delivery, another
 * replica's copy) loses. One process remembers in memory; replicas share a table (postgres-claims.ts).
 */
export interface Claims {
  /** True when other processes share these claims (replicas): a claim is then worth a round trip. */
  readonly shared: boolean;
  claim(kind: ClaimKind, key: string): Promise<boolean>;
}

/** Claims of one process, bounded per kind. */
export class MemoryClaims implements Claims {
  readonly shared = false;
  readonly #seen = new Map<ClaimKind, FirstSeen>();

  constructor(private readonly capacity = 2000) {}

  async claim(kind: ClaimKind, key: string): Promise<boolean> {
    let seen = this.#seen.get(kind);
    if (!seen) this.#seen.set(kind, (seen = new FirstSeen(this.capacity)));
    return seen.firstTime(key);
  }
}
