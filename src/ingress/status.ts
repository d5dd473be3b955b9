// Writes status.loadBalancer.ingress = [{ip} per node address] on every
// served Ingress through the status subresource, only when it differs; one
// write at a time, failed writes retried with back-off.
import { objectKey, type Informer, type ResourceClient } from '../client/types.js';
import { INGRESSES, type Ingress, type LoadBalancerIngress } from './types.js';

export function desiredStatus(addresses: string[]): LoadBalancerIngress[] {
  return [...new Set(addresses)].sort().map((ip) => ({ ip }));
}

function same(a: LoadBalancerIngress[] | undefined, b: LoadBalancerIngress[]): boolean {
  const x = a ?? [];
  return x.length === b.length && x.every((e, i) => e.ip === b[i]!.ip && !e.hostname && !(e as { ports?: unknown }).ports);
}

export class StatusWriter {
  private readonly pending = new Set<string>();
  private running = false;
  private stopped = false;
  private failures = 0;
  private timer?: NodeJS.Timeout;
  /** key → the resourceVersion the cache had when we wrote (skip re-writing until the cache moves on). */
  private readonly written = new Map<string, string>();

  constructor(
    private readonly client: ResourceClient,
    private readonly ingresses: Informer<Ingress>,
    private readonly served: (ing: Ingress) => boolean,
    private readonly addresses: () => string[],
    private readonly log: (line: string) => void,
  ) {}

  /** Queues the served Ingresses whose status differs from the wanted one. */
  sync(list: Ingress[] = this.ingresses.list()): void {
    if (this.stopped) return;
    const want = desiredStatus(this.addresses());
    for (const ing of list) {
      if (this.served(ing) && !same(ing.status?.loadBalancer?.ingress, want)) this.pending.add(objectKey(ing));
    }
    void this.drain();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private async drain(): Promise<void> {
    if (this.running || this.timer) return;
    this.running = true;
    try {
      while (this.pending.size && !this.stopped) {
        const key = this.pending.values().next().value as string;
        this.pending.delete(key);
        const ing = this.ingresses.get(key);
        if (!ing || !this.served(ing)) continue;
        const want = desiredStatus(this.addresses());
        if (same(ing.status?.loadBalancer?.ingress, want)) continue;
        const rv = `${ing.metadata?.resourceVersion ?? ''} ${want.map((w) => w.ip).join(',')}`;
        if (this.written.get(key) === rv) continue;
        try {
          await this.client.patch(INGRESSES, ing.metadata?.namespace ?? '', ing.metadata?.name ?? '', 'merge', { status: { loadBalancer: { ingress: want } } }, { subresource: 'status' });
          this.failures = 0;
          this.written.set(key, rv);
          if (this.written.size > 10_000) this.written.delete(this.written.keys().next().value as string);
        } catch (e) {
          if ((e as { code?: number }).code === 404) continue;
          this.pending.add(key);
          this.failures++;
          const delay = Math.min(200 * 2 ** this.failures, 30_000);
          this.log(`ingress ${key}: status update failed (${(e as Error).message}); retrying in ${delay} ms`);
          this.timer = setTimeout(() => {
            this.timer = undefined;
            void this.drain();
          }, delay);
          return;
        }
      }
    } finally {
      this.running = false;
    }
  }
}
