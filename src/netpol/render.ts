// nft rendering of a compiled PolicyState: allow rules → rule text, one
// content-addressed chain per distinct rule list (pods with the same rules
// share a chain), named sets, and the verdict maps pod IP → chain that the
// base chain on hook forward consults.
import { hashName } from './select.js';
import type { AllowRule, Peer, PolicyState, PortRange } from './types.js';

export const INGRESS_MAP = 'ingress-pods';
export const EGRESS_MAP = 'egress-pods';
export const BASE_CHAIN = 'forward';
export const IP_SET_TYPE = 'ipv4_addr';
export const PORT_SET_TYPE = 'ipv4_addr . inet_proto . inet_service';

/** The kernel-independent form of the ruleset: what a diff compares. */
export interface Ruleset {
  sets: Map<string, { type: string; elems: Set<string> }>;
  /** Chain name → its rules (the last one the default drop). */
  chains: Map<string, string[]>;
  /** Pod IP → chain to jump to for traffic to it / from it. */
  ingress: Map<string, string>;
  egress: Map<string, string>;
}

export function emptyRuleset(): Ruleset {
  return { sets: new Map(), chains: new Map(), ingress: new Map(), egress: new Map() };
}

function peerMatch(peer: Peer, field: 'saddr' | 'daddr'): string {
  if (peer.kind === 'any') return '';
  if (peer.kind === 'set') return `ip ${field} @${peer.set} `;
  return `ip ${field} ${peer.cidr} ${peer.except.length ? `ip ${field} != { ${peer.except.join(', ')} } ` : ''}`;
}

function range(r: PortRange): string {
  return r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`;
}

function portMatch(ports: PortRange[] | null): string {
  if (ports === null) return '';
  const uniq = [...new Map(ports.map((r) => [`${r.proto} . ${range(r)}`, r])).values()];
  if (uniq.length === 1) {
    const r = uniq[0]!;
    return r.from === 0 && r.to === 65535 ? `meta l4proto ${r.proto} ` : `meta l4proto ${r.proto} th dport ${range(r)} `;
  }
  return `meta l4proto . th dport { ${uniq.map((r) => `${r.proto} . ${range(r)}`).join(', ')} } `;
}

function comment(policy: string): string {
  return `comment "${policy.replace(/[^A-Za-z0-9._/-]/g, '_').slice(0, 120)}"`;
}

/** Rule text of one allow rule; ingress allows with accept, egress with return (the ingress check still follows). */
export function ruleText(dir: 'ingress' | 'egress', r: AllowRule): string {
  const verdict = dir === 'ingress' ? 'accept' : 'return';
  if ('portSet' in r) return `ip daddr . meta l4proto . th dport @${r.portSet} ${verdict} ${comment(r.policy)}`;
  return `${peerMatch(r.peer, dir === 'ingress' ? 'saddr' : 'daddr')}${portMatch(r.ports)}${verdict} ${comment(r.policy)}`;
}

/** A chain's rules: the allow rules (duplicates dropped), then drop. */
export function chainRules(dir: 'ingress' | 'egress', rules: AllowRule[]): string[] {
  return [...new Set(rules.map((r) => ruleText(dir, r))), `counter drop comment "${dir === 'ingress' ? 'ingress' : 'egress'} not allowed by policy"`];
}

export function toRuleset(state: PolicyState): Ruleset {
  const rs = emptyRuleset();
  const used = new Set<string>();
  for (const pod of [...state.pods.values()].sort((a, b) => a.pod.localeCompare(b.pod))) {
    for (const dir of ['ingress', 'egress'] as const) {
      const rules = pod[dir];
      if (!rules) continue;
      const lines = chainRules(dir, rules);
      const name = hashName(dir === 'ingress' ? 'in-' : 'eg-', lines.join('\n'));
      rs.chains.set(name, lines);
      for (const l of lines) for (const m of l.matchAll(/@((?:ps|np)-[0-9a-f]+)/g)) used.add(m[1]!);
      for (const ip of pod.ips) rs[dir].set(ip, name);
    }
  }
  for (const [name, elems] of state.ipSets) if (used.has(name)) rs.sets.set(name, { type: IP_SET_TYPE, elems });
  for (const [name, elems] of state.portSets) if (used.has(name)) rs.sets.set(name, { type: PORT_SET_TYPE, elems });
  return rs;
}
