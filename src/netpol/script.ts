// nft scripts for a Ruleset: the full table (on start, and after a failed
// transaction) and the incremental change from the last applied Ruleset,
// ordered so every reference is valid at each step of the one transaction:
// sets and new chains first, then map elements, then what is no longer used.
import { BASE_CHAIN, EGRESS_MAP, emptyRuleset, INGRESS_MAP, type Ruleset } from './render.js';

const CHUNK = 1000;

function elementCmds(verb: 'add' | 'delete', table: string, set: string, elems: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < elems.length; i += CHUNK) out.push(`${verb} element inet ${table} ${set} { ${elems.slice(i, i + CHUNK).join(', ')} }`);
  return out;
}

function mapDiff(table: string, map: string, prev: Map<string, string>, next: Map<string, string>): { del: string[]; add: string[] } {
  const del = [...prev].filter(([ip, c]) => next.get(ip) !== c).map(([ip]) => ip);
  const add = [...next].filter(([ip, c]) => prev.get(ip) !== c).map(([ip, c]) => `${ip} : jump ${c}`);
  return { del: elementCmds('delete', table, map, del), add: elementCmds('add', table, map, add) };
}

/** Commands turning the table's `prev` content into `next` (empty when nothing changed). */
export function diffScript(table: string, prev: Ruleset, next: Ruleset): string {
  const cmds: string[] = [];
  for (const [name, s] of next.sets) {
    const old = prev.sets.get(name);
    if (!old) cmds.push(`add set inet ${table} ${name} { type ${s.type}; }`);
    const oldElems = old?.elems ?? new Set<string>();
    cmds.push(...elementCmds('delete', table, name, [...oldElems].filter((e) => !s.elems.has(e))));
    cmds.push(...elementCmds('add', table, name, [...s.elems].filter((e) => !oldElems.has(e))));
  }
  for (const [name, rules] of next.chains) {
    if (prev.chains.has(name)) continue; // content-addressed: same name, same rules
    cmds.push(`add chain inet ${table} ${name}`, ...rules.map((r) => `add rule inet ${table} ${name} ${r}`));
  }
  const ing = mapDiff(table, INGRESS_MAP, prev.ingress, next.ingress);
  const eg = mapDiff(table, EGRESS_MAP, prev.egress, next.egress);
  cmds.push(...ing.del, ...eg.del, ...ing.add, ...eg.add);
  for (const name of prev.chains.keys()) if (!next.chains.has(name)) cmds.push(`delete chain inet ${table} ${name}`);
  for (const name of prev.sets.keys()) if (!next.sets.has(name)) cmds.push(`delete set inet ${table} ${name}`);
  return cmds.length ? `${cmds.join('\n')}\n` : '';
}

/** The table from scratch: replaces whatever table of that name exists, in one transaction. */
export function fullScript(table: string, rs: Ruleset): string {
  const base = [
    `table inet ${table} {}`,
    `delete table inet ${table}`,
    `add table inet ${table}`,
    `add map inet ${table} ${INGRESS_MAP} { type ipv4_addr : verdict; }`,
    `add map inet ${table} ${EGRESS_MAP} { type ipv4_addr : verdict; }`,
    // Hook forward sees pod→pod traffic bridged on the node (br_netfilter) and routed pod traffic, after service DNAT (prerouting).
    `add chain inet ${table} ${BASE_CHAIN} { type filter hook forward priority filter; policy accept; }`,
    `add rule inet ${table} ${BASE_CHAIN} ct state established,related accept`,
    `add rule inet ${table} ${BASE_CHAIN} ip saddr vmap @${EGRESS_MAP}`,
    `add rule inet ${table} ${BASE_CHAIN} ip daddr vmap @${INGRESS_MAP}`,
  ];
  return `${base.join('\n')}\n${diffScript(table, emptyRuleset(), rs)}`;
}
