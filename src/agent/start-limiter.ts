// Bounds how many pods do runtime work (sandbox set-up, container create and
// start) at once. Waiters are served by the pod's arrival order, not the
// request's: a pod that got its sandbox goes on to its containers before later
// pods start theirs, so a burst of pods finishes in order instead of all at
// the end, for the same total work.
export class StartLimiter {
  private active = 0;
  private readonly order = new Map<string, number>();
  private next = 0;
  private readonly waiting: Array<{ rank: number; go: () => void }> = [];

  constructor(readonly slots = 4) {}

  /** The pod's place in line (the first time it asks). */
  rank(uid: string): number {
    let r = this.order.get(uid);
    if (r === undefined) this.order.set(uid, (r = this.next++));
    return r;
  }

  /** The pod is gone: forget its place. */
  forget(uid: string): void {
    this.order.delete(uid);
  }

  async run<T>(uid: string, fn: () => Promise<T>): Promise<T> {
    await this.acquire(this.rank(uid));
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(rank: number): Promise<void> {
    if (this.active < this.slots) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((go) => {
      let i = this.waiting.length;
      while (i > 0 && this.waiting[i - 1]!.rank > rank) i--;
      this.waiting.splice(i, 0, { rank, go });
    });
  }

  private release(): void {
    const w = this.waiting.shift();
    if (w) w.go();
    else this.active--;
  }
}
