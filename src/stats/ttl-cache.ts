/**
 * A tiny in-process cache of computed values, by key, for `ttlMs` after each computation ends.
 * Concurrent calls for a key share one computation (its promise); a failed computation is not
 * kept, so the next call tries again. A TTL of 0 disables it: every call computes.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: Promise<V>; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    /** Milliseconds on a monotonic clock (tests pass their own). */
    private readonly now: () => number = () => performance.now(),
  ) {}

  get(key: K, compute: () => Promise<V>): Promise<V> {
    if (this.ttlMs <= 0) return compute();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > this.now()) return cached.value;

    const entry = { value: compute(), expiresAt: Number.POSITIVE_INFINITY };
    this.entries.set(key, entry);
    entry.value.then(
      () => {
        if (this.entries.get(key) === entry) entry.expiresAt = this.now() + this.ttlMs;
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.value;
  }

  /** Forgets a key (its figures changed here): the next call computes afresh. */
  delete(key: K): void {
    this.entries.delete(key);
  }
}
