/**
 * Token buckets per key (a user, a channel): `capacity` questions at once, refilled at `capacity` per
 * `periodMs`. Small enough to own: the npm rate limiters either count fixed windows (a burst at a
 * window's edge passes twice) or need a store; this is the textbook bucket, bounded in memory.
 */
export interface Rate {
  capacity: number;
  periodMs: number;
}

export type Take = { ok: true } | { ok: false; retryAfterMs: number };

export class TokenBuckets {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly rate: Rate | null,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  /** Take one token for `key`; when none is left, how long until one is. */
  take(key: string): Take {
    if (!this.rate || this.rate.capacity <= 0) return { ok: true };
    const { capacity, periodMs } = this.rate;
    const perMs = capacity / periodMs;
    const now = this.now();
    const bucket = this.#buckets.get(key) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > this.maxKeys) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / perMs) };
  }
}

/** Say "ask again in N s" once per window: the first refusal of a window is told, the rest are silent. */
export class NoticeOnce {
  readonly #until = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  /** True when `key` should be told now; it is then quiet for `windowMs`. */
  shouldTell(key: string, windowMs: number): boolean {
    const now = this.now();
    const until = this.#until.get(key);
    if (until !== undefined && now < until) return false;
    this.#until.delete(key);
    this.#until.set(key, now + windowMs);
    if (this.#until.size > this.maxKeys) {
      const oldest = this.#until.keys().next().value;
      if (oldest !== undefined) this.#until.delete(oldest);
    }
    return true;
  }
}
