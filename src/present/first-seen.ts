/** Remembers keys to tell the first sighting from repeats; the oldest are forgotten past `capacity`. */
export class FirstSeen {
  readonly #seen = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** True the first time `key` is seen (or once it has been forgotten), false for every repeat. */
  firstTime(key: string): boolean {
    if (this.#seen.has(key)) return false;
    this.#seen.add(key);
    if (this.#seen.size > this.capacity) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    return true;
  }
}
