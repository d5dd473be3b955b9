// Why a container is not running (kubelet's ReasonCache): the waiting reason
// and message of the last failed start, by pod UID and container.

export interface WaitingReason {
  reason: string;
  message: string;
}

export class ReasonCache {
  private readonly byPod = new Map<string, Map<string, WaitingReason>>();

  private key(kind: 'init' | 'app', name: string): string {
    return `${kind}/${name}`;
  }

  set(uid: string, kind: 'init' | 'app', name: string, r: WaitingReason): void {
    let m = this.byPod.get(uid);
    if (!m) this.byPod.set(uid, (m = new Map()));
    m.set(this.key(kind, name), r);
  }

  get(uid: string, kind: 'init' | 'app', name: string): WaitingReason | undefined {
    return this.byPod.get(uid)?.get(this.key(kind, name));
  }

  clear(uid: string, kind: 'init' | 'app', name: string): void {
    this.byPod.get(uid)?.delete(this.key(kind, name));
  }

  forget(uid: string): void {
    this.byPod.delete(uid);
  }
}

/** Go's time.Duration formatting for whole seconds ("10s", "1m20s", "5m0s"). */
export function goDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h) return `${h}h${m}m${s}s`;
  if (m) return `${m}m${s}s`;
  return `${s}s`;
}
