// The iptables fallback's rules (kube-proxy's iptables mode, in the nat and
// filter tables) for hosts without nft: per-port SVC/LCL/EXT chains and
// per-endpoint SEP chains (statistic random, `recent` for ClientIP affinity),
// top-level SERVICES/NODEPORTS/FW chains rebuilt on every sync. Chain names
// carry a per-table prefix and stay within iptables' 28 characters. Pure.
import { createHash } from 'node:crypto';
import { reachableEndpoints, trafficOf, type Endpoint, type PortPlan } from './model.js';

export const IPT_MASQ_MARK = '0x4000';

export interface IptNames {
  prefix: string;
  services: string;
  nodeports: string;
  markMasq: string;
  postrouting: string;
  /** filter table: no-endpoint rejects and the 127/8 guard. */
  firewall: string;
}

const h = (s: string, n: number): string => createHash('sha256').update(s).digest('hex').slice(0, n);

export function iptNames(table: string): IptNames {
  const prefix = `SKP-${h(table, 6)}-`;
  return { prefix, services: `${prefix}SERVICES`, nodeports: `${prefix}NODEPORTS`, markMasq: `${prefix}MARK-MASQ`, postrouting: `${prefix}POSTRTG`, firewall: `${prefix}FW` };
}

export const iptPortChain = (n: IptNames, kind: 'SVC' | 'LCL' | 'EXT', p: PortPlan): string => `${n.prefix}${kind}-${h(p.id, 12)}`;
export const iptEndpointChain = (n: IptNames, p: PortPlan, e: Endpoint): string => `${n.prefix}SEP-${h(`${p.id}__${e.ip}/${e.port}`, 12)}`;

/** Rule argument lists are joined with spaces: every value here is a plain token. */
function dispatch(n: IptNames, p: PortPlan, eps: Endpoint[]): string[] {
  const rules: string[] = [];
  if (p.affinitySeconds) {
    for (const e of eps) {
      const sep = iptEndpointChain(n, p, e);
      rules.push(`-m recent --name ${sep} --mask 255.255.255.255 --rsource --rcheck --seconds ${p.affinitySeconds} --reap -j ${sep}`);
    }
  }
  eps.forEach((e, i) => {
    const left = eps.length - i;
    const stat = left > 1 ? `-m statistic --mode random --probability ${(1 / left).toFixed(10)} ` : '';
    rules.push(`${stat}-j ${iptEndpointChain(n, p, e)}`);
  });
  return rules;
}

/** The nat-table chains of one Service's ports (name → rules without `-A name`). */
export function iptServiceChains(plans: PortPlan[], clusterCidr: string, n: IptNames): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of plans) {
    const t = trafficOf(p);
    const svc = iptPortChain(n, 'SVC', p);
    const lcl = iptPortChain(n, 'LCL', p);
    const internal = p.internalLocal ? lcl : svc;
    const masqInternal = `-d ${p.clusterIP}/32 -p ${p.protocol} --dport ${p.port} ! -s ${clusterCidr} -j ${n.markMasq}`;
    if (p.clusterEndpoints.length) out.set(svc, [...(internal === svc && p.clusterIP && t.hasInternal ? [masqInternal] : []), ...dispatch(n, p, p.clusterEndpoints)]);
    if (p.localEndpoints.length) out.set(lcl, [...(internal === lcl && p.clusterIP && t.hasInternal ? [masqInternal] : []), ...dispatch(n, p, p.localEndpoints)]);
    if (t.usesExternal) {
      const ext: string[] = [];
      if (!p.externalLocal) ext.push(`-j ${n.markMasq}`);
      else ext.push(`-s ${clusterCidr} -j ${svc}`, `-m addrtype --src-type LOCAL -j ${n.markMasq}`, `-m addrtype --src-type LOCAL -j ${svc}`);
      if (t.hasExternal) ext.push(`-j ${p.externalLocal ? lcl : svc}`);
      out.set(iptPortChain(n, 'EXT', p), ext);
    }
    for (const e of reachableEndpoints(p)) {
      const sep = iptEndpointChain(n, p, e);
      const recent = p.affinitySeconds ? `-m recent --name ${sep} --mask 255.255.255.255 --rsource --set ` : '';
      out.set(sep, [`-s ${e.ip}/32 -j ${n.markMasq}`, `-p ${p.protocol} ${recent}-j DNAT --to-destination ${e.ip}:${e.port}`]);
    }
  }
  return out;
}

export interface IptTopLevel {
  nat: Map<string, string[]>;
  filter: Map<string, string[]>;
}

/** SERVICES, NODEPORTS (nat) and FW (filter) over all Services, plus the fixed chains. */
export function iptTopLevel(all: Iterable<PortPlan[]>, n: IptNames): IptTopLevel {
  const services: string[] = [];
  const nodeports: string[] = [];
  const fw: string[] = [`-d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP`];
  for (const plans of all) {
    for (const p of plans) {
      const t = trafficOf(p);
      const m = `-p ${p.protocol} --dport`;
      const none = (dst: string, verdict: string): void => void fw.push(`-m conntrack --ctstate NEW ${dst}${m} ${p.port} -j ${verdict}`);
      const verdict = t.noEndpoints === 'drop' ? 'DROP' : 'REJECT';
      if (p.clusterIP) {
        if (t.hasInternal) services.push(`-d ${p.clusterIP}/32 ${m} ${p.port} -j ${iptPortChain(n, p.internalLocal ? 'LCL' : 'SVC', p)}`);
        else none(`-d ${p.clusterIP}/32 `, verdict);
      }
      for (const ip of [...p.externalIPs, ...p.loadBalancerIPs]) {
        if (t.usesExternal) services.push(`-d ${ip}/32 ${m} ${p.port} -j ${iptPortChain(n, 'EXT', p)}`);
        if (!t.hasExternal) none(`-d ${ip}/32 `, verdict);
      }
      for (const port of [p.nodePort, p.serviceLB ? p.port : undefined]) {
        if (!port) continue;
        if (t.usesExternal) nodeports.push(`${m} ${port} -j ${iptPortChain(n, 'EXT', p)}`);
        if (!t.hasExternal) fw.push(`-m conntrack --ctstate NEW -m addrtype --dst-type LOCAL ${m} ${port} -j ${verdict}`);
      }
    }
  }
  services.push(`-m addrtype --dst-type LOCAL -j ${n.nodeports}`);
  return {
    nat: new Map([
      [n.services, services],
      [n.nodeports, nodeports],
      [n.markMasq, [`-j MARK --or-mark ${IPT_MASQ_MARK}`]],
      [n.postrouting, [`-s 127.0.0.0/8 ! -o lo -j ${n.markMasq}`, `-m mark ! --mark ${IPT_MASQ_MARK}/${IPT_MASQ_MARK} -j RETURN`, `-j MARK --xor-mark ${IPT_MASQ_MARK}`, '-j MASQUERADE --random-fully']],
    ]),
    filter: new Map([[n.firewall, fw]]),
  };
}

/** Jumps from the built-in chains: [table, builtin chain, rule args]. */
export function iptJumps(n: IptNames): Array<[string, string, string[]]> {
  return [
    ['nat', 'PREROUTING', ['-j', n.services]],
    ['nat', 'OUTPUT', ['-j', n.services]],
    ['nat', 'POSTROUTING', ['-j', n.postrouting]],
    ['filter', 'INPUT', ['-j', n.firewall]],
    ['filter', 'FORWARD', ['-j', n.firewall]],
    ['filter', 'OUTPUT', ['-j', n.firewall]],
  ];
}

export interface IptRestoreTable {
  /** Chains (re)written: declared (created or flushed) then filled. */
  write: Iterable<[string, string[]]>;
  /** Chains removed (flushed, then deleted after the writes). */
  remove: Iterable<string>;
}

/** An `iptables-restore --noflush` script. */
export function iptRestoreScript(tables: Record<string, IptRestoreTable>): string {
  const out: string[] = [];
  for (const [table, t] of Object.entries(tables)) {
    const write = [...t.write];
    const remove = [...t.remove];
    if (!write.length && !remove.length) continue;
    out.push(`*${table}`);
    for (const [c] of write) out.push(`:${c} - [0:0]`);
    for (const c of remove) out.push(`:${c} - [0:0]`);
    for (const [c, rules] of write) for (const r of rules) out.push(`-A ${c} ${r}`);
    for (const c of remove) out.push(`-X ${c}`);
    out.push('COMMIT');
  }
  return out.length ? out.join('\n') + '\n' : '';
}
