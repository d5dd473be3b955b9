// Per-key exponential back-off (client-go's flowcontrol.Backoff as kubelet uses
// it for CrashLoopBackOff and ImagePullBackOff): 10 s doubling to a cap; an entry
// untouched for twice the cap starts over.

interface Entry {
  delayMs: number;
  /** When the current back-off window started. */
  lastUpdate: number;
}

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly initialMs = 10_000,
    readonly maxMs = 300_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Grows the key's delay after an event at `eventTime` (a container exit): the
   * first time, or when the last growth is over twice the cap before the event
   * (the container ran long enough), it starts over at the initial delay.
   */
  next(key: string, eventTime = this.now()): number {
    const e = this.entries.get(key);
    const now = this.now();
    if (!e || eventTime - e.lastUpdate > 2 * this.maxMs) {
      this.entries.set(key, { delayMs: this.initialMs, lastUpdate: now });
      return this.initialMs;
    }
    e.delayMs = Math.min(e.delayMs * 2, this.maxMs);
    e.lastUpdate = now;
    return e.delayMs;
  }

  /** The key's current delay, 0 when it has none. */
  get(key: string): number {
    return this.entries.get(key)?.delayMs ?? 0;
  }

  /** True while `since + delay` is still ahead (the event at `since` is inside the window). */
  isInBackOffSince(key: string, since: number): boolean {
    const e = this.entries.get(key);
    if (!e) return false;
    const now = this.now();
    if (now - e.lastUpdate > 2 * this.maxMs) return false;
    return now - since < e.delayMs;
  }

  /** True while the window that started at the last growth is still open (image pulls). */
  isInBackOffSinceUpdate(key: string): boolean {
    const e = this.entries.get(key);
    if (!e) return false;
    const now = this.now();
    if (now - e.lastUpdate > 2 * this.maxMs) return false;
    return now - e.lastUpdate < e.delayMs;
  }

  /** Milliseconds left in the window that started at `since` (0 when over). */
  remaining(key: string, since: number): number {
    const e = this.entries.get(key);
    if (!e) return 0;
    return Math.max(0, since + e.delayMs - this.now());
  }

  /** Milliseconds left in the window that started at the last growth (0 when over or unknown). */
  remainingSinceUpdate(key: string): number {
    const e = this.entries.get(key);
    if (!e) return 0;
    return Math.max(0, e.lastUpdate + e.delayMs - this.now());
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Drops entries untouched for twice the cap. */
  gc(): void {
    const now = this.now();
    for (const [k, e] of this.entries) if (now - e.lastUpdate > 2 * this.maxMs) this.entries.delete(k);
  }
}
