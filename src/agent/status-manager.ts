// Writes pod status through the status subresource (kubelet's status
// manager), only when it changed since the last write or from what the API has.
import type { ResourceClient } from '../client/types.js';
import { PODS, type Pod, type V1PodStatus } from './types.js';

function stable(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) => {
    if (val && typeof val === 'object' && !Array.isArray(val)) {
      const o = val as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
    }
    return val;
  });
}

export class StatusManager {
  private readonly lastSent = new Map<string, string>();
  /** Number of writes (for tests). */
  writes = 0;

  constructor(private readonly client: ResourceClient) {}

  /** Patches the pod's status if it differs; returns whether it wrote. */
  async setStatus(pod: Pod, status: V1PodStatus): Promise<boolean> {
    const uid = pod.metadata?.uid ?? '';
    const next = stable(status);
    if (next === this.lastSent.get(uid) || next === stable(pod.status ?? {})) return false;
    await this.client.patch(PODS, pod.metadata?.namespace ?? '', pod.metadata?.name ?? '', 'merge', { status }, { subresource: 'status' });
    this.lastSent.set(uid, next);
    this.writes++;
    return true;
  }

  forget(uid: string): void {
    this.lastSent.delete(uid);
  }
}
