// Cluster IP and node port allocation for Services (kube-apiserver's
// ipallocator/portallocator, in the shape of its 1.31 IPAddress objects): each
// address and port in use is one datastore key, created only if absent, so
// two requests (or two API servers on etcd) never hand out the same one.
// Allocation happens when a Service is created; `repair.ts` releases what
// deleted or changed Services no longer hold.
import type { Backend } from '../../datastore/backend.js';
import { KeyExistsError } from '../../datastore/backend.js';
import { StatusError, invalid } from '../errors.js';
import type { WatchCache } from '../registry/cache.js';
import type { KubeObject } from '../types.js';
import type { FieldError } from '../validation/field.js';
import { DEFAULT_NODE_PORT_RANGE, ipKey, portKey, type ServiceIpRange } from './ranges.js';

interface Spec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  allocateLoadBalancerNodePorts?: boolean;
  ports?: Array<{ nodePort?: number }>;
}

const invalidField = (field: string, badValue: unknown, detail: string): FieldError => ({ type: 'FieldValueInvalid', field, badValue, detail });

export function needsClusterIP(spec: Spec): boolean {
  return (spec.type ?? 'ClusterIP') !== 'ExternalName' && spec.clusterIP !== 'None';
}

export function needsNodePorts(spec: Spec): boolean {
  return spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
}

export class ServiceAllocator {
  constructor(
    private readonly backend: Backend,
    private readonly cache: WatchCache,
    readonly ips: ServiceIpRange,
    readonly ports: [number, number] = DEFAULT_NODE_PORT_RANGE,
  ) {}

  /**
   * Fills spec.clusterIP(s) and node ports of a new Service, reserving each
   * (not with dryRun). Returns the reserved keys; the caller releases them if
   * the Service is not stored after all. 422 for a taken or out-of-range value.
   */
  async allocate(svc: KubeObject, dryRun = false): Promise<string[]> {
    const spec = (svc.spec ?? {}) as Spec;
    const owner = Buffer.from(JSON.stringify({ namespace: svc.metadata?.namespace, name: svc.metadata?.name, at: Date.now() }));
    const kind = { group: '', kind: 'Service', name: String(svc.metadata?.name ?? '') };
    const reserved: string[] = [];
    const reserve = async (key: string): Promise<boolean> => {
      if (dryRun) return !this.cache.get(key);
      try {
        await this.backend.create(key, owner);
        reserved.push(key);
        return true;
      } catch (e) {
        if (e instanceof KeyExistsError) return false;
        throw e;
      }
    };
    try {
      if (needsClusterIP(spec)) {
        const wanted = spec.clusterIP || spec.clusterIPs?.[0];
        if (wanted) {
          if (!this.ips.contains(wanted)) {
            throw invalid(kind.group, kind.kind, kind.name, [invalidField('spec.clusterIPs[0]', wanted, `failed to allocate IP ${wanted}: the provided IP (${wanted}) is not in the valid range. The range of valid IPs is ${this.ips.text}`)]);
          }
          if (!(await reserve(ipKey(wanted)))) throw invalid(kind.group, kind.kind, kind.name, [invalidField('spec.clusterIPs[0]', wanted, `failed to allocate IP ${wanted}: provided IP is already allocated`)]);
        } else {
          // The first usable address is the `kubernetes` Service's: pick among the others.
          const ip = await this.pick(this.ips.usable - 1, (i) => this.ips.nth(i + 2), (x) => reserve(ipKey(x)), ipKey);
          if (!ip) throw new StatusError(500, 'InternalError', 'Internal error occurred: failed to allocate a serviceIP: range is full');
          spec.clusterIP = ip;
          spec.clusterIPs = [ip];
        }
      }
      if (needsNodePorts(spec)) {
        const errs: FieldError[] = [];
        for (const [i, p] of (spec.ports ?? []).entries()) {
          if (p.nodePort) {
            if (p.nodePort < this.ports[0] || p.nodePort > this.ports[1]) errs.push(invalidField(`spec.ports[${i}].nodePort`, p.nodePort, `provided port is not in the valid range. The range of valid ports is ${this.ports[0]}-${this.ports[1]}`));
            else if (!(await reserve(portKey(p.nodePort)))) errs.push(invalidField(`spec.ports[${i}].nodePort`, p.nodePort, 'provided port is already allocated'));
            continue;
          }
          const count = this.ports[1] - this.ports[0] + 1;
          const port = await this.pick(count, (i) => this.ports[0] + i, (x) => reserve(portKey(x)), portKey);
          if (port === undefined) throw new StatusError(500, 'InternalError', 'Internal error occurred: failed to allocate a nodePort: range is full');
          p.nodePort = port;
        }
        if (errs.length) throw invalid(kind.group, kind.kind, kind.name, errs);
      }
      return reserved;
    } catch (e) {
      await this.release(reserved);
      throw e;
    }
  }

  /** Frees reserved keys (best effort; the repair loop catches what fails here). */
  async release(keys: string[]): Promise<void> {
    for (const k of keys) await this.backend.delete(k).catch(() => undefined);
  }

  /** A free value among at(0..count-1): random start, then onwards, skipping what the cache knows is taken. */
  private async pick<T>(count: number, at: (i: number) => T, reserve: (v: T) => Promise<boolean>, key: (v: T) => string): Promise<T | undefined> {
    const start = Math.floor(Math.random() * Math.max(count, 1));
    for (let i = 0; i < count; i++) {
      const v = at((start + i) % count);
      if (this.cache.get(key(v))) continue;
      if (await reserve(v)) return v;
    }
    return undefined;
  }
}
