// A reference evaluator of a compiled PolicyState: would this packet (the
// first of a connection) be allowed? The nft ruleset implements the same
// decision in the kernel; unit tests state policy semantics through this.
import { inBlock } from './compile.js';
import type { AllowRule, PodRules, PolicyState, Proto } from './types.js';

export interface Packet {
  src: string;
  dst: string;
  proto: Proto | 'icmp';
  port?: number;
}

function byIp(state: PolicyState): Map<string, PodRules> {
  const m = new Map<string, PodRules>();
  for (const p of state.pods.values()) for (const ip of p.ips) m.set(ip, p);
  return m;
}

function matches(state: PolicyState, rule: AllowRule, remote: string, pkt: Packet): boolean {
  if ('portSet' in rule) return pkt.proto !== 'icmp' && !!state.portSets.get(rule.portSet)?.has(`${pkt.dst} . ${pkt.proto} . ${pkt.port}`);
  const peer = rule.peer;
  const peerOk = peer.kind === 'any' || (peer.kind === 'set' ? !!state.ipSets.get(peer.set)?.has(remote) : inBlock(remote, peer.cidr, peer.except));
  if (!peerOk) return false;
  if (rule.ports === null) return true;
  return rule.ports.some((r) => r.proto === pkt.proto && pkt.port !== undefined && pkt.port >= r.from && pkt.port <= r.to);
}

/** Whether the new connection `pkt` passes the source pod's egress and the destination pod's ingress policy. */
export function allowed(state: PolicyState, pkt: Packet): boolean {
  const pods = byIp(state);
  const src = pods.get(pkt.src);
  if (src?.egress && !src.egress.some((r) => matches(state, r, pkt.dst, pkt))) return false;
  const dst = pods.get(pkt.dst);
  if (dst?.ingress && !dst.ingress.some((r) => matches(state, r, pkt.src, pkt))) return false;
  return true;
}
