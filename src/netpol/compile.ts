// The policy compiler (pure): pods + namespaces + NetworkPolicies → for each
// policed pod on this node its ingress/egress allow rules, plus the peer sets
// they reference. Semantics as upstream: a pod is isolated in a direction when
// a policy of its namespace selects it with that policy type; then the union
// of the selecting policies' rules is allowed.
import { cidrContains, formatCidr, parseCidr, parseIPv4 } from '../network/cidr.js';
import { canonicalJson, hashName, namespaceLabels, podIPv4s, podKey, podTakesPart, resolveNamedPort, selectorMatcher } from './select.js';
import type { AllowRule, Namespace, NetworkPolicy, Peer, Pod, PodRules, PolicyPeer, PolicyPort, PolicyState, PortRange, Proto } from './types.js';

export interface CompileInput {
  pods: Pod[];
  namespaces: Namespace[];
  policies: NetworkPolicy[];
  nodeName: string;
}

type Direction = 'ingress' | 'egress';

/** policyTypes with the API's defaults: Ingress always, Egress when egress rules are present. */
export function policyTypes(p: NetworkPolicy): Set<Direction> {
  const given = p.spec?.policyTypes;
  if (given && given.length) return new Set(given.map((t) => t.toLowerCase()).filter((t): t is Direction => t === 'ingress' || t === 'egress'));
  return new Set<Direction>(p.spec?.egress?.length ? ['ingress', 'egress'] : ['ingress']);
}

const PROTOS: Record<string, Proto> = { TCP: 'tcp', UDP: 'udp', SCTP: 'sctp' };

/** IPv4 CIDR text normalized (host bits cleared), or undefined when not an IPv4 CIDR. */
function ipv4Cidr(s: string): string | undefined {
  try {
    return formatCidr(parseCidr(s, false));
  } catch {
    return undefined;
  }
}

class Compiler {
  readonly state: PolicyState = { ipSets: new Map(), portSets: new Map(), pods: new Map() };
  private readonly eligible: Pod[];
  private readonly nsLabels = new Map<string, Record<string, string>>();
  private readonly setMembers = new Map<string, Pod[]>();
  private readonly podsByNs = new Map<string, Pod[]>();

  constructor(private readonly input: CompileInput) {
    this.eligible = input.pods.filter(podTakesPart);
    const nsByName = new Map(input.namespaces.map((n) => [n.metadata?.name ?? '', n]));
    for (const p of this.eligible) {
      const ns = p.metadata?.namespace ?? '';
      if (!this.nsLabels.has(ns)) this.nsLabels.set(ns, namespaceLabels(ns, nsByName.get(ns)));
      const list = this.podsByNs.get(ns);
      if (list) list.push(p);
      else this.podsByNs.set(ns, [p]);
    }
  }

  run(): PolicyState {
    const local = this.eligible.filter((p) => p.spec?.nodeName === this.input.nodeName);
    const name = (p: NetworkPolicy) => `${p.metadata?.namespace}/${p.metadata?.name}`;
    const policies = [...this.input.policies].sort((a, b) => name(a).localeCompare(name(b)));
    for (const pol of policies) {
      const ns = pol.metadata?.namespace ?? '';
      const selects = selectorMatcher(pol.spec?.podSelector ?? {});
      const types = policyTypes(pol);
      for (const pod of local) {
        if (pod.metadata?.namespace !== ns || !selects(pod.metadata?.labels)) continue;
        const key = podKey(pod);
        let pr = this.state.pods.get(key);
        if (!pr) this.state.pods.set(key, (pr = { pod: key, ips: podIPv4s(pod) }));
        for (const dir of types) {
          const rules = (pr[dir] ??= []);
          const specRules = dir === 'ingress' ? (pol.spec?.ingress ?? []).map((r) => ({ peers: r.from, ports: r.ports })) : (pol.spec?.egress ?? []).map((r) => ({ peers: r.to, ports: r.ports }));
          for (const r of specRules) rules.push(...this.rule(dir, pol, pod, r.peers ?? [], r.ports ?? []));
        }
      }
    }
    return this.state;
  }

  /** One ingress/egress rule of `pol` as allow rules of `target`'s chain. */
  private rule(dir: Direction, pol: NetworkPolicy, target: Pod, peerSpecs: PolicyPeer[], portSpecs: PolicyPort[]): AllowRule[] {
    const policy = `${pol.metadata?.namespace}/${pol.metadata?.name}`;
    const ns = pol.metadata?.namespace ?? '';
    const peers: Peer[] = peerSpecs.length ? peerSpecs.flatMap((p) => this.peer(ns, p)) : [{ kind: 'any' }];
    if (!portSpecs.length) return peers.map((peer) => ({ peer, ports: null, policy }));
    const ranges: PortRange[] = [];
    const named: { proto: Proto; name: string }[] = [];
    for (const sp of portSpecs) {
      const proto = PROTOS[sp.protocol ?? 'TCP'];
      if (!proto) continue;
      if (sp.port === undefined || sp.port === null) ranges.push({ proto, from: 0, to: 65535 });
      else if (typeof sp.port === 'number') {
        const to = sp.endPort ?? sp.port;
        if (to >= sp.port) ranges.push({ proto, from: sp.port, to });
      } else if (dir === 'ingress') {
        // Ingress: the named port is the destination's, i.e. this pod's own.
        for (const n of resolveNamedPort(target, sp.port, proto)) ranges.push({ proto, from: n, to: n });
      } else named.push({ proto, name: sp.port });
    }
    const out: AllowRule[] = ranges.length ? peers.map((peer) => ({ peer, ports: ranges, policy })) : [];
    if (named.length && peers.length) out.push({ portSet: this.portSet(ns, peerSpecs, peers, named), policy });
    return out;
  }

  /** A policy peer → peers of the model (none for an ipBlock that is not IPv4 or is malformed: it matches nothing here). */
  private peer(ns: string, p: PolicyPeer): Peer[] {
    if (p.ipBlock) {
      const cidr = ipv4Cidr(p.ipBlock.cidr);
      const except = (p.ipBlock.except ?? []).map(ipv4Cidr);
      if (!cidr || except.some((e) => !e)) return [];
      return [{ kind: 'cidr', cidr, except: [...new Set(except as string[])].sort() }];
    }
    if (!p.podSelector && !p.namespaceSelector) return [];
    const id = p.namespaceSelector ? { nsSel: p.namespaceSelector, podSel: p.podSelector ?? null } : { ns, podSel: p.podSelector };
    const name = hashName('ps-', canonicalJson(id));
    if (!this.setMembers.has(name)) {
      const nsMatch = p.namespaceSelector ? selectorMatcher(p.namespaceSelector) : undefined;
      const podMatch = selectorMatcher(p.podSelector ?? {});
      const namespaces = nsMatch ? [...this.nsLabels].filter(([, labels]) => nsMatch(labels)).map(([n]) => n) : [ns];
      const members = namespaces.flatMap((n) => this.podsByNs.get(n) ?? []).filter((pod) => podMatch(pod.metadata?.labels));
      this.setMembers.set(name, members);
      this.state.ipSets.set(name, new Set(members.flatMap(podIPv4s)));
    }
    return [{ kind: 'set', set: name }];
  }

  /** Egress named ports: `ip . proto . port` of every peer pod that has the port (resolved per destination). */
  private portSet(ns: string, peerSpecs: PolicyPeer[], peers: Peer[], named: { proto: Proto; name: string }[]): string {
    const name = hashName('np-', canonicalJson({ ns, to: peerSpecs, named }));
    if (this.state.portSets.has(name)) return name;
    const elems = new Set<string>();
    for (const peer of peers) {
      for (const pod of this.peerPods(peer)) {
        const ips = podIPv4s(pod).filter((ip) => peer.kind !== 'cidr' || inBlock(ip, peer.cidr, peer.except));
        for (const { proto, name: pn } of named) {
          for (const port of resolveNamedPort(pod, pn, proto)) for (const ip of ips) elems.add(`${ip} . ${proto} . ${port}`);
        }
      }
    }
    this.state.portSets.set(name, elems);
    return name;
  }

  private peerPods(peer: Peer): Pod[] {
    return peer.kind === 'set' ? (this.setMembers.get(peer.set) ?? []) : this.eligible;
  }
}

/** Whether an IPv4 address is inside `cidr` and outside every `except`. */
export function inBlock(ip: string, cidr: string, except: string[]): boolean {
  const n = parseIPv4(ip);
  return cidrContains(parseCidr(cidr, false), n) && !except.some((e) => cidrContains(parseCidr(e, false), n));
}

export function compilePolicies(input: CompileInput): PolicyState {
  return new Compiler(input).run();
}
