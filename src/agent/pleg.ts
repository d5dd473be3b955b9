// Pod lifecycle event generator (kubelet's generic PLEG): relists the runtime's
// containers and sandboxes every second and reports the pod UIDs whose
// runtime state changed, so their workers sync without waiting for a resync.
import type { RuntimeService } from '../cri/types.js';
import { LABEL_POD_UID } from './types.js';

export class Pleg {
  private last = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(
    private readonly runtime: RuntimeService,
    private readonly onChange: (uid: string) => void,
    private readonly periodMs = 1000,
    private readonly onError: (e: unknown) => void = () => {},
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.relist(), this.periodMs);
    this.timer.unref?.();
  }

  async relist(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const next = new Map<string, string>();
      for (const c of await this.runtime.listContainers()) {
        const uid = c.labels[LABEL_POD_UID];
        if (uid) next.set(`c/${c.id}`, `${uid}\u0000${c.state}`);
      }
      for (const s of await this.runtime.listPodSandbox()) {
        const uid = s.labels[LABEL_POD_UID];
        if (uid) next.set(`s/${s.id}`, `${uid}\u0000${s.state}`);
      }
      const changed = new Set<string>();
      for (const [k, v] of next) if (this.last.get(k) !== v) changed.add(v.split('\u0000')[0]);
      for (const [k, v] of this.last) if (!next.has(k)) changed.add(v.split('\u0000')[0]);
      this.last = next;
      for (const uid of changed) this.onChange(uid);
    } catch (e) {
      this.onError(e);
    } finally {
      this.busy = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
