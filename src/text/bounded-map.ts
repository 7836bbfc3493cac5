/**
 * A Map that forgets its oldest entries past a size, for per-passage caches that must not grow
 * to the whole corpus in a long-running server over a large index.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly capacity: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.capacity) this.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}
