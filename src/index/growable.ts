/** A Uint32Array that grows as values are pushed (doubling), for building postings without number[] overhead. */
export class GrowableUint32 {
  private data: Uint32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Uint32Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Uint32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  get(position: number): number {
    return this.data[position]!;
  }

  /** The values pushed, as a view (no copy): do not push after taking it. */
  view(): Uint32Array {
    return this.data.subarray(0, this.length);
  }
}
