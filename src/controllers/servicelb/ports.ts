// Which LoadBalancer Services ServiceLB serves, and which of them lose a port
// conflict. ServiceLB (k3s) answers a LoadBalancer Service's ports on every
// node address; two Services cannot share a node port, so, as k3s's svclb
// pods would stay Pending on the host-port conflict, the younger Service of a
// conflicting pair stays without an ingress address.
import type { KubeObject } from '../../apiserver/types.js';

export interface ServicePortSpec {
  port?: number;
  protocol?: string;
}

export type Service = KubeObject & {
  spec?: { type?: string; loadBalancerClass?: string; ports?: ServicePortSpec[] };
  status?: { loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string }> } };
};

/** LoadBalancer Services without a loadBalancerClass are ServiceLB's (as in k3s). */
export function servedByServiceLB(s: Service): boolean {
  return s.spec?.type === 'LoadBalancer' && !s.spec.loadBalancerClass && !s.metadata?.deletionTimestamp;
}

export function portKeys(s: Service): string[] {
  return (s.spec?.ports ?? []).map((p) => `${p.protocol ?? 'TCP'}/${p.port}`);
}

const age = (s: Service): string => `${s.metadata?.creationTimestamp ?? ''}\u0000${s.metadata?.namespace}/${s.metadata?.name}`;

/**
 * The ports `s` cannot have because an older served Service holds them
 * (older by creationTimestamp, then by namespace/name).
 */
export function conflictingPorts(s: Service, all: Service[]): string[] {
  const mine = new Set(portKeys(s));
  const taken = new Set<string>();
  for (const o of all) {
    if (o.metadata?.uid === s.metadata?.uid || !servedByServiceLB(o) || age(o) >= age(s)) continue;
    for (const k of portKeys(o)) if (mine.has(k)) taken.add(k);
  }
  return [...taken].sort();
}
