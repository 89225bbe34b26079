/**
 * What this instance stored or read back a moment ago, by key: lets a hot path skip a point read
 * for a value that cannot usefully have changed since. Bounded in size and in age.
 */
export class RecentlyConfirmed<T> {
  private readonly entries = new Map<string, { value: T; fingerprint: string; at: number }>();

  constructor(
    private readonly maxAgeMs: number,
    private readonly maxEntries: number,
    private readonly nowMs: () => number,
  ) {}

  /** The value confirmed for `key` with this fingerprint, if that was recent enough. */
  get(key: string, fingerprint: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.fingerprint !== fingerprint || this.nowMs() - entry.at > this.maxAgeMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, fingerprint: string, value: T): void {
    this.entries.delete(key);
    // Maps iterate in insertion order, so the first key is the one confirmed longest ago.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, fingerprint, at: this.nowMs() });
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
