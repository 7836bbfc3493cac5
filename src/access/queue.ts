/**
 * The engine's bounded queue: `concurrency` questions are answered at once, up to `maxWaiting` more
 * wait in order, and past that a question is turned away at once with an estimate of when to retry.
 * Nothing is dropped silently: every submission resolves with the work's result or with `busy`.
 */
export type Queued<T> = { busy: false; value: T } | { busy: true; retryAfterMs: number };

export class EngineQueue {
  #running = 0;
  readonly #waiting: (() => void)[] = [];
  /** Moving average of how long one piece of work takes (ms), for the retry estimate. */
  #averageMs = 500;

  constructor(
    readonly concurrency: number,
    readonly maxWaiting: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Questions waiting (not yet started). */
  get depth(): number {
    return this.#waiting.length;
  }

  get running(): number {
    return this.#running;
  }

  /** When a question turned away now could expect to be taken. */
  retryAfterMs(): number {
    return Math.max(1000, Math.ceil(((this.#waiting.length + 1) * this.#averageMs) / this.concurrency));
  }

  async submit<T>(work: () => Promise<T>): Promise<Queued<T>> {
    if (this.#running >= this.concurrency) {
      if (this.#waiting.length >= this.maxWaiting) return { busy: true, retryAfterMs: this.retryAfterMs() };
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running += 1;
    }
    const started = this.now();
    try {
      return { busy: false, value: await work() };
    } finally {
      this.#averageMs = 0.8 * this.#averageMs + 0.2 * Math.max(1, this.now() - started);
      const next = this.#waiting.shift();
      // The slot passes to the next in line (running stays the same), else it is freed. It passes on the
      // next turn of the event loop: the engine computes without awaiting any I/O, so a slot handed over
      // at once ran the whole line in one go, and the answers already computed could not leave the
      // process (nor acknowledgements, heartbeats or new arrivals get in) until the line was empty.
      if (next) setImmediate(next);
      else this.#running -= 1;
    }
  }
}
