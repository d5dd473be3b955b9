// Renders nft scripts for the proxy table: the whole table (the start-up and
// fallback full sync, replacing any previous table atomically) and the
// incremental transaction for changed Services (new/changed/stale chains and
// affinity sets, map element deletions and additions). Pure text.
import { CHAIN_MARK_MASQ, CHAIN_REJECT, MAP_NO_EP_NODEPORTS, MAP_NO_EP_SERVICES, MAP_SERVICE_IPS, MAP_SERVICE_NODEPORTS, SERVICE_MAPS, SET_HAIRPIN, type ServiceMap } from './nft-rules.js';

export const MASQ_MARK = '0x00004000';
export const FAMILY = 'inet';

const MAP_TYPES: Record<ServiceMap, string> = {
  [MAP_SERVICE_IPS]: 'ipv4_addr . inet_proto . inet_service : verdict',
  [MAP_SERVICE_NODEPORTS]: 'inet_proto . inet_service : verdict',
  [MAP_NO_EP_SERVICES]: 'ipv4_addr . inet_proto . inet_service : verdict',
  [MAP_NO_EP_NODEPORTS]: 'inet_proto . inet_service : verdict',
  [SET_HAIRPIN]: 'ipv4_addr . ipv4_addr',
};

/** Base chains: filtering before DNAT (dstnat - 10), DNAT (dstnat = -100), masquerade (srcnat = 100), as kube-proxy's nftables mode; numeric priorities for nft 1.0.6. */
const BASE_CHAINS: Array<[string, string, string[]]> = [
  // CVE-2020-8558: with route_localnet on, nothing from outside may reach 127.0.0.0/8.
  ['filter-prerouting', 'type filter hook prerouting priority -110; policy accept;', ['iifname != "lo" ip daddr 127.0.0.0/8 drop']],
  ['filter-input', 'type filter hook input priority -110; policy accept;', ['ct state new jump endpoints-check']],
  ['filter-forward', 'type filter hook forward priority -110; policy accept;', ['ct state new jump endpoints-check']],
  ['filter-output', 'type filter hook output priority -110; policy accept;', ['ct state new jump endpoints-check']],
  ['nat-prerouting', 'type nat hook prerouting priority -100; policy accept;', ['jump services']],
  ['nat-output', 'type nat hook output priority -100; policy accept;', ['jump services']],
  ['nat-postrouting', 'type nat hook postrouting priority 100; policy accept;', ['jump masquerading']],
];

const REGULAR_CHAINS: Array<[string, string[]]> = [
  ['endpoints-check', [`ip daddr . meta l4proto . th dport vmap @${MAP_NO_EP_SERVICES}`, `fib daddr type local meta l4proto . th dport vmap @${MAP_NO_EP_NODEPORTS}`]],
  // Node ports (and ServiceLB ports) answer on every local address, 127.0.0.1 included (route_localnet).
  ['services', [`ip daddr . meta l4proto . th dport vmap @${MAP_SERVICE_IPS}`, `fib daddr type local meta l4proto . th dport vmap @${MAP_SERVICE_NODEPORTS}`]],
  [CHAIN_MARK_MASQ, [`mark set mark or ${MASQ_MARK}`]],
  ['masquerading', [`ip saddr 127.0.0.0/8 oifname != "lo" jump ${CHAIN_MARK_MASQ}`, `ct status dnat ip saddr . ip daddr @${SET_HAIRPIN} jump ${CHAIN_MARK_MASQ}`, `mark and ${MASQ_MARK} == 0 return`, `mark set mark xor ${MASQ_MARK}`, 'masquerade fully-random']],
  [CHAIN_REJECT, ['meta l4proto tcp reject with tcp reset', 'reject']],
];

export interface TableContent {
  /** Service chains (name → rules). */
  chains: Iterable<[string, string[]]>;
  /** Affinity sets (name → timeout seconds). */
  sets: Iterable<[string, number]>;
  elements: Map<ServiceMap, Map<string, string>>;
}

export interface TableDiff {
  addChains: string[];
  /** Chains whose rules are replaced (flushed, then refilled). */
  rewriteChains: Array<[string, string[]]>;
  deleteChains: string[];
  addSets: Array<[string, number]>;
  deleteSets: string[];
  deleteElements: Array<[ServiceMap, string]>;
  addElements: Array<[ServiceMap, string, string]>;
}

const setDecl = (name: string, timeout: number): string => `set ${name} { type ipv4_addr; flags dynamic,timeout; timeout ${timeout}s; }`;

function chainBlock(out: string[], name: string, head: string | undefined, rules: string[]): void {
  out.push(`\tchain ${name} {`);
  if (head) out.push(`\t\t${head}`);
  for (const r of rules) out.push(`\t\t${r}`);
  out.push('\t}');
}

function elementLines(table: string, els: Iterable<[ServiceMap, string, string]>): string[] {
  const byMap = new Map<ServiceMap, string[]>();
  for (const [m, k, v] of els) {
    let l = byMap.get(m);
    if (!l) byMap.set(m, (l = []));
    l.push(v ? `${k} : ${v}` : k);
  }
  return [...byMap].map(([m, l]) => `add element ${FAMILY} ${table} ${m} { ${l.join(', ')} }`);
}

/** The whole table, replacing whatever table of that name exists (one transaction). */
export function fullScript(table: string, c: TableContent): string {
  const out = [`add table ${FAMILY} ${table}`, `delete table ${FAMILY} ${table}`, `table ${FAMILY} ${table} {`];
  for (const m of SERVICE_MAPS) out.push(`\t${m === SET_HAIRPIN ? 'set' : 'map'} ${m} { type ${MAP_TYPES[m]}; }`);
  for (const [name, t] of c.sets) out.push(`\t${setDecl(name, t)}`);
  const chains = [...c.chains];
  // Declare every chain first so that jumps and gotos may point forward.
  for (const [name] of [...REGULAR_CHAINS, ...chains]) out.push(`\tchain ${name} { }`);
  for (const [name, head, rules] of BASE_CHAINS) chainBlock(out, name, head, rules);
  for (const [name, rules] of [...REGULAR_CHAINS, ...chains]) chainBlock(out, name, undefined, rules);
  out.push('}');
  const els: Array<[ServiceMap, string, string]> = [];
  for (const [m, kv] of c.elements) for (const [k, v] of kv) els.push([m, k, v]);
  out.push(...elementLines(table, els));
  return out.join('\n') + '\n';
}

/** One incremental transaction; '' when there is nothing to do. */
export function diffScript(table: string, d: TableDiff): string {
  const t = `${FAMILY} ${table}`;
  const out: string[] = [];
  const added = new Set(d.addChains);
  for (const c of d.addChains) out.push(`add chain ${t} ${c}`);
  for (const [s, timeout] of d.addSets) out.push(`add ${setDecl(s, timeout).replace(/^set /, `set ${t} `)}`);
  for (const [c] of d.rewriteChains) if (!added.has(c)) out.push(`flush chain ${t} ${c}`);
  for (const c of d.deleteChains) out.push(`flush chain ${t} ${c}`);
  const filled = d.rewriteChains.filter(([, rules]) => rules.length);
  if (filled.length) {
    out.push(`table ${t} {`);
    for (const [c, rules] of filled) chainBlock(out, c, undefined, rules);
    out.push('}');
  }
  const del = new Map<ServiceMap, string[]>();
  for (const [m, k] of d.deleteElements) {
    let l = del.get(m);
    if (!l) del.set(m, (l = []));
    l.push(k);
  }
  for (const [m, keys] of del) out.push(`delete element ${t} ${m} { ${keys.join(', ')} }`);
  out.push(...elementLines(table, d.addElements));
  for (const c of d.deleteChains) out.push(`delete chain ${t} ${c}`);
  for (const s of d.deleteSets) out.push(`delete set ${t} ${s}`);
  return out.length ? out.join('\n') + '\n' : '';
}
