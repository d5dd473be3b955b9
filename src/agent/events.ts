// Event recorder writing core/v1 Events as kubelet does (client-go's record
// package): one Event per (object, reason, message, type), repeats aggregated
// by bumping count and lastTimestamp.
import type { ResourceClient } from '../client/types.js';
import { EVENTS, type Pod } from './types.js';

export interface ObjectRef {
  kind: string;
  apiVersion: string;
  namespace?: string;
  name: string;
  uid?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export type EventType = 'Normal' | 'Warning';

export interface Recorder {
  event(ref: ObjectRef, type: EventType, reason: string, message: string): void;
}

export function podRef(pod: Pod, container?: { name: string; kind: 'init' | 'app' }): ObjectRef {
  const ref: ObjectRef = {
    kind: 'Pod',
    apiVersion: 'v1',
    namespace: pod.metadata?.namespace,
    name: pod.metadata?.name ?? '',
    uid: pod.metadata?.uid,
    resourceVersion: pod.metadata?.resourceVersion,
  };
  if (container) ref.fieldPath = `${container.kind === 'init' ? 'spec.initContainers' : 'spec.containers'}{${container.name}}`;
  return ref;
}

interface Seen {
  name: string;
  namespace: string;
  count: number;
}

const MAX_CACHE = 4096;

/**
 * client-go's EventSourceObjectSpamFilter: per source and involved object, a
 * token bucket of 25 events refilled at one per 5 minutes; events beyond it
 * are dropped (a ReplicaSet creating 1,000 pods records 25 SuccessfulCreate).
 */
export class SpamFilter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly burst = 25,
    private readonly refillMs = 300_000,
    private readonly now: () => number = Date.now,
  ) {}

  allow(ref: ObjectRef, source: string): boolean {
    const key = [source, ref.kind, ref.namespace ?? '', ref.name, ref.uid ?? '', ref.apiVersion].join('\u0000');
    const t = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= MAX_CACHE) this.buckets.delete(this.buckets.keys().next().value as string);
      this.buckets.set(key, (b = { tokens: this.burst, at: t }));
    }
    b.tokens = Math.min(this.burst, b.tokens + (t - b.at) / this.refillMs);
    b.at = t;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}

export class EventRecorder implements Recorder {
  private readonly seen = new Map<string, Seen>();
  private chain: Promise<void> = Promise.resolve();
  private readonly spam = new SpamFilter();

  constructor(
    private readonly client: ResourceClient,
    private readonly host: string,
    private readonly component = 'kubelet',
    private readonly onError: (e: unknown) => void = () => {},
  ) {}

  event(ref: ObjectRef, type: EventType, reason: string, message: string): void {
    if (!this.spam.allow(ref, `${this.component}/${this.host}`)) return;
    this.chain = this.chain.then(() => this.write(ref, type, reason, message)).catch(this.onError);
  }

  /** Resolves once every recorded event has been written. */
  flush(): Promise<void> {
    return this.chain;
  }

  private async write(ref: ObjectRef, type: EventType, reason: string, message: string): Promise<void> {
    const key = [ref.uid ?? `${ref.namespace}/${ref.name}`, ref.fieldPath ?? '', type, reason, message].join('\u0000');
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const namespace = ref.namespace || 'default';
    const prior = this.seen.get(key);
    if (prior) {
      prior.count++;
      try {
        await this.client.patch(EVENTS, prior.namespace, prior.name, 'merge', { count: prior.count, lastTimestamp: now });
        return;
      } catch {
        this.seen.delete(key);
      }
    }
    const name = `${ref.name}.${(BigInt(Date.now()) * 1_000_000n + BigInt(Math.floor(Math.random() * 1e6))).toString(16)}`;
    await this.client.create(EVENTS, namespace, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: { ...ref },
      reason,
      message,
      type,
      source: { component: this.component, host: this.host },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      reportingComponent: this.component,
      reportingInstance: this.host,
    });
    if (this.seen.size >= MAX_CACHE) this.seen.delete(this.seen.keys().next().value as string);
    this.seen.set(key, { name, namespace, count: 1 });
  }
}
