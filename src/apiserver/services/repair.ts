// Keeps Service reservations in step with Services (kube-apiserver's repair
// controllers): a deleted Service, or one that stopped needing its cluster IP
// or node ports (type change), frees them at once; a periodic pass frees
// reservations no Service holds (after a grace period, so an allocation whose
// Service is still being written is not taken back) and records values held
// by Services that have none (e.g. created before allocation existed).
import type { Backend } from '../../datastore/backend.js';
import { KeyExistsError } from '../../datastore/backend.js';
import type { CacheEvent, WatchCache } from '../registry/cache.js';
import type { KubeObject } from '../types.js';
import { needsClusterIP, needsNodePorts } from './allocator.js';
import { IP_KEY_PREFIX, PORT_KEY_PREFIX, ipKey, portKey } from './ranges.js';

export const SERVICES_PREFIX = '/registry/core/services/';
const GRACE_MS = 30_000;

/** The reservation keys a Service holds. */
export function heldKeys(svc: KubeObject | undefined): Set<string> {
  const out = new Set<string>();
  const spec = (svc?.spec ?? {}) as { type?: string; clusterIP?: string; allocateLoadBalancerNodePorts?: boolean; ports?: Array<{ nodePort?: number }> };
  if (!svc) return out;
  if (needsClusterIP(spec) && spec.clusterIP) out.add(ipKey(spec.clusterIP));
  if (needsNodePorts(spec)) for (const p of spec.ports ?? []) if (p.nodePort) out.add(portKey(p.nodePort));
  return out;
}

interface Owner {
  namespace?: string;
  name?: string;
  at?: number;
}

export class ServiceRepair {
  private cancel?: () => void;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly backend: Backend,
    private readonly cache: WatchCache,
    private readonly log: (line: string) => void = () => {},
    private readonly periodMs = 60_000,
  ) {}

  start(): void {
    const reg = this.cache.watchFrom(SERVICES_PREFIX, this.cache.revision, { send: (ev) => void this.onEvent(ev) });
    this.cancel = reg?.cancel;
    void this.repair();
    this.timer = setInterval(() => void this.repair(), this.periodMs);
    this.timer.unref();
  }

  stop(): void {
    this.cancel?.();
    if (this.timer) clearInterval(this.timer);
  }

  private owner(key: string): Owner | undefined {
    const e = this.cache.get(key);
    return e ? (e.object() as unknown as Owner) : undefined;
  }

  private async onEvent(ev: CacheEvent): Promise<void> {
    const now = ev.type === 'DELETED' ? undefined : ev.entry.object();
    const before = ev.type === 'DELETED' ? ev.entry.object() : ev.prev?.object();
    const keep = heldKeys(now);
    const ns = before?.metadata?.namespace;
    const name = before?.metadata?.name;
    for (const key of heldKeys(before)) {
      if (keep.has(key)) continue;
      const o = this.owner(key);
      if (o && o.namespace === ns && o.name === name) await this.backend.delete(key).catch(() => undefined);
    }
  }

  /** One full pass; returns how many reservations it freed and recorded. */
  async repair(now = Date.now()): Promise<{ freed: number; recorded: number }> {
    const holders = new Map<string, KubeObject>();
    for (const e of this.cache.list(SERVICES_PREFIX)) {
      const svc = e.object();
      for (const k of heldKeys(svc)) holders.set(k, svc);
    }
    let freed = 0;
    let recorded = 0;
    for (const prefix of [IP_KEY_PREFIX, PORT_KEY_PREFIX]) {
      for (const e of this.cache.list(prefix)) {
        if (holders.has(e.key)) continue;
        const o = this.owner(e.key) ?? {};
        if (o.at !== undefined && now - o.at < GRACE_MS) continue;
        await this.backend.delete(e.key, e.rev).then(() => freed++, () => undefined);
      }
    }
    for (const [key, svc] of holders) {
      if (this.cache.get(key)) continue;
      const value = Buffer.from(JSON.stringify({ namespace: svc.metadata?.namespace, name: svc.metadata?.name, at: now }));
      try {
        await this.backend.create(key, value);
        recorded++;
      } catch (e) {
        if (!(e instanceof KeyExistsError)) this.log(`service allocation repair: ${(e as Error).message}`);
      }
    }
    return { freed, recorded };
  }
}
