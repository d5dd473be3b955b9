// What one Service becomes in the proxy's nftables table, following kube-proxy's
// nftables mode: map elements keyed by `ip daddr . meta l4proto . th dport`
// (or `meta l4proto . th dport` for node ports) whose verdicts jump to
// per-service-port chains (service-, local-, external-) that pick an endpoint
// at random or by ClientIP affinity (affinity- sets with timeouts); reject or
// drop elements when there are no endpoints. By default the policy chains DNAT
// themselves (one rule per endpoint) and hairpin traffic is caught by the
// `hairpin` set in postrouting: per-endpoint chains (kube-proxy's endpoint-
// chains, `endpointChains: true`) make every transaction pay for 10× more
// chains in nft's cache and the kernel's validation. Pure: the backend diffs
// these against what it programmed.
import { reachableEndpoints, trafficOf, type Endpoint, type PortPlan } from './model.js';

export const MAP_SERVICE_IPS = 'service-ips';
export const MAP_SERVICE_NODEPORTS = 'service-nodeports';
export const MAP_NO_EP_SERVICES = 'no-endpoint-services';
export const MAP_NO_EP_NODEPORTS = 'no-endpoint-nodeports';
/** Set of `ip . ip` for every endpoint: after DNAT, source == destination means a pod reached itself. */
export const SET_HAIRPIN = 'hairpin';
export const CHAIN_MARK_MASQ = 'mark-for-masquerade';
export const CHAIN_REJECT = 'reject-chain';
export const SERVICE_MAPS = [MAP_SERVICE_IPS, MAP_SERVICE_NODEPORTS, MAP_NO_EP_SERVICES, MAP_NO_EP_NODEPORTS, SET_HAIRPIN] as const;
export type ServiceMap = (typeof SERVICE_MAPS)[number];

export interface NftElement {
  map: ServiceMap;
  key: string;
  /** '' for elements of a set. */
  verdict: string;
}

export interface NftServiceRules {
  /** Chain name → its rules. */
  chains: Map<string, string[]>;
  /** Affinity set name → timeout in seconds. */
  sets: Map<string, number>;
  elements: NftElement[];
}

export interface NftRuleOptions {
  clusterCidr: string;
  /** kube-proxy's per-endpoint chains instead of DNAT rules in the policy chains (default false). */
  endpointChains?: boolean;
}

const epSuffix = (p: PortPlan, e: Endpoint): string => `${p.id}__${e.ip}/${e.port}`;
export const serviceChain = (p: PortPlan): string => `service-${p.id}`;
export const localChain = (p: PortPlan): string => `local-${p.id}`;
export const externalChain = (p: PortPlan): string => `external-${p.id}`;
export const endpointChain = (p: PortPlan, e: Endpoint): string => `endpoint-${epSuffix(p, e)}`;
// The timeout is part of the name: a changed timeout is a new set, never an in-place redefinition.
export const affinitySet = (p: PortPlan, e: Endpoint): string => `affinity-${p.affinitySeconds}-${epSuffix(p, e)}`;

/** What sending to endpoint `e` takes: a goto to its chain, or the affinity update and DNAT inline. */
function toEndpoint(p: PortPlan, e: Endpoint, o: NftRuleOptions): string {
  if (o.endpointChains) return `goto ${endpointChain(p, e)}`;
  const upd = p.affinitySeconds ? `update @${affinitySet(p, e)} { ip saddr } ` : '';
  return `${upd}dnat ip to ${e.ip}:${e.port}`;
}

/** Rules of a policy chain: affinity lookups, then a random pick among the endpoints. */
function dispatchRules(p: PortPlan, eps: Endpoint[], o: NftRuleOptions): string[] {
  const l4 = o.endpointChains ? '' : `meta l4proto ${p.protocol} `; // DNAT to a port needs the protocol
  const rules: string[] = [];
  if (p.affinitySeconds) for (const e of eps) rules.push(`ip saddr @${affinitySet(p, e)} ${l4}${toEndpoint(p, e, o)}`);
  // A cascade (endpoint i with probability 1/(n-i), each rule drawing afresh) is
  // uniform like kube-proxy's `numgen random mod n vmap {…}`, without an anonymous
  // map per chain: binding ~1000 anonymous sets makes the kernel's commit quadratic.
  eps.forEach((e, i) => {
    const left = eps.length - i;
    rules.push(`${l4}${left > 1 ? `numgen random mod ${left} 0 ` : ''}${toEndpoint(p, e, o)}`);
  });
  return rules;
}

function endpointRules(p: PortPlan, e: Endpoint): string[] {
  const rules = [`ip saddr ${e.ip} jump ${CHAIN_MARK_MASQ}`]; // hairpin: a pod reaching itself
  if (p.affinitySeconds) rules.push(`update @${affinitySet(p, e)} { ip saddr }`);
  rules.push(`meta l4proto ${p.protocol} dnat ip to ${e.ip}:${e.port}`);
  return rules;
}

export function portRules(p: PortPlan, o: NftRuleOptions, out: NftServiceRules): void {
  const clusterCh = serviceChain(p);
  const localCh = localChain(p);
  const extCh = externalChain(p);
  const usesCluster = p.clusterEndpoints.length > 0;
  const usesLocal = p.localEndpoints.length > 0;
  const internalCh = p.internalLocal ? localCh : clusterCh;
  const { hasInternal, hasExternal, usesExternal: usesExt, noEndpoints } = trafficOf(p);
  const internalVerdict = noEndpoints === 'drop' ? 'drop' : `goto ${CHAIN_REJECT}`;
  const externalVerdict = internalVerdict;
  const el = (map: ServiceMap, key: string, verdict: string): void => void out.elements.push({ map, key, verdict });
  const ipKey = (ip: string, port: number): string => `${ip} . ${p.protocol} . ${port}`;
  const portKey = (port: number): string => `${p.protocol} . ${port}`;

  if (p.clusterIP) {
    if (hasInternal) el(MAP_SERVICE_IPS, ipKey(p.clusterIP, p.port), `goto ${internalCh}`);
    else el(MAP_NO_EP_SERVICES, ipKey(p.clusterIP, p.port), internalVerdict);
  }
  for (const ip of [...p.externalIPs, ...p.loadBalancerIPs]) {
    if (usesExt) el(MAP_SERVICE_IPS, ipKey(ip, p.port), `goto ${extCh}`);
    if (!hasExternal) el(MAP_NO_EP_SERVICES, ipKey(ip, p.port), externalVerdict);
  }
  for (const port of [p.nodePort, p.serviceLB ? p.port : undefined]) {
    if (!port) continue;
    if (usesExt) el(MAP_SERVICE_NODEPORTS, portKey(port), `goto ${extCh}`);
    if (!hasExternal) el(MAP_NO_EP_NODEPORTS, portKey(port), externalVerdict);
  }

  const chain = (name: string, rules: string[]): void => {
    const cur = out.chains.get(name);
    if (cur) cur.push(...rules);
    else out.chains.set(name, rules);
  };
  if (usesCluster) chain(clusterCh, dispatchRules(p, p.clusterEndpoints, o));
  if (usesLocal) chain(localCh, dispatchRules(p, p.localEndpoints, o));
  if (hasInternal && p.clusterIP && out.chains.has(internalCh)) {
    // Traffic to the cluster IP from outside the pod network (the node, 127/8, off-node) is masqueraded.
    out.chains.get(internalCh)!.unshift(`ip daddr ${p.clusterIP} ${p.protocol} dport ${p.port} ip saddr != ${o.clusterCidr} jump ${CHAIN_MARK_MASQ}`);
  }
  if (usesExt) {
    const rules: string[] = [];
    if (!p.externalLocal) rules.push(`jump ${CHAIN_MARK_MASQ}`);
    else {
      rules.push(`ip saddr ${o.clusterCidr} goto ${clusterCh}`); // pods: as if via an external LB and back
      rules.push(`fib saddr type local jump ${CHAIN_MARK_MASQ}`);
      rules.push(`fib saddr type local goto ${clusterCh}`);
    }
    if (hasExternal) rules.push(`goto ${p.externalLocal ? localCh : clusterCh}`);
    chain(extCh, rules);
  }
  for (const e of reachableEndpoints(p)) {
    if (o.endpointChains) chain(endpointChain(p, e), endpointRules(p, e));
    else el(SET_HAIRPIN, `${e.ip} . ${e.ip}`, '');
    if (p.affinitySeconds) out.sets.set(affinitySet(p, e), p.affinitySeconds);
  }
}

/** Everything one Service (all of its ports) puts in the table. */
export function serviceRules(plans: PortPlan[], o: NftRuleOptions): NftServiceRules {
  const out: NftServiceRules = { chains: new Map(), sets: new Map(), elements: [] };
  for (const p of plans) portRules(p, o, out);
  return out;
}
