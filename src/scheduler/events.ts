// Records core/v1 Events about pods (Scheduled, FailedScheduling), folding
// repeats of the same event into one object with a growing count, as
// client-go's event correlator does.
import { hostname } from 'node:os';
import { EVENTS } from '../client/gvr.js';
import type { ResourceClient } from '../client/types.js';
import type { KubeObject } from '../apiserver/types.js';
import type { Pod } from './framework/types.js';

interface Seen {
  name: string;
  namespace: string;
  count: number;
  first: string;
}

export class EventRecorder {
  private readonly seen = new Map<string, Seen>();
  private readonly instance: string;

  constructor(
    private readonly client: ResourceClient,
    private readonly component: string,
    private readonly log: (msg: string) => void = () => {},
  ) {
    this.instance = `${component}-${hostname()}`;
  }

  async record(pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string, action: string): Promise<void> {
    const ns = pod.metadata?.namespace || 'default';
    const now = new Date().toISOString();
    const key = [pod.metadata?.uid, reason, type, message].join('\x00');
    const prior = this.seen.get(key);
    try {
      if (prior) {
        prior.count++;
        await this.client.patch(EVENTS, prior.namespace, prior.name, 'merge', { count: prior.count, lastTimestamp: now });
        return;
      }
    } catch {
      this.seen.delete(key); // the old event is gone (e.g. expired): write a new one
    }
    const name = `${pod.metadata?.name}.${Date.now().toString(16)}${Math.floor(Math.random() * 0xfff).toString(16)}`;
    const ev: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', namespace: ns, name: pod.metadata?.name, uid: pod.metadata?.uid, resourceVersion: pod.metadata?.resourceVersion },
      reason,
      message,
      type,
      source: { component: this.component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      reportingComponent: this.component,
      reportingInstance: this.instance,
      action,
    };
    try {
      await this.client.create(EVENTS, ns, ev);
      this.seen.set(key, { name, namespace: ns, count: 1, first: now });
      if (this.seen.size > 4096) this.seen.delete(this.seen.keys().next().value!);
    } catch (e) {
      this.log(`could not record event ${reason} for ${ns}/${pod.metadata?.name}: ${(e as Error).message}`);
    }
  }
}
