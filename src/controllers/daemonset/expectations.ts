// Creations and deletions a DaemonSet sync asked for and has not yet seen
// through the pod informer (upstream ControllerExpectations.SetExpectations:
// both counts at once, which the shared Expectations cannot hold together).
const TTL_MS = 5 * 60 * 1000;

export class DsExpectations {
  private readonly items = new Map<string, { add: number; del: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  set(key: string, add: number, del: number): void {
    this.items.set(key, { add, del, at: this.now() });
  }

  creationObserved(key: string, n = 1): void {
    const e = this.items.get(key);
    if (e) e.add -= n;
  }

  deletionObserved(key: string, n = 1): void {
    const e = this.items.get(key);
    if (e) e.del -= n;
  }

  satisfied(key: string): boolean {
    const e = this.items.get(key);
    return !e || (e.add <= 0 && e.del <= 0) || this.now() - e.at > TTL_MS;
  }

  delete(key: string): void {
    this.items.delete(key);
  }
}
