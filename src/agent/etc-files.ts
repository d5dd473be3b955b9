// The per-pod /etc/hosts, /etc/resolv.conf and /etc/hostname kubelet manages
// (kubelet_pods.go makeHostsMount, pkg/kubelet/network/dns).
import type { DNSConfig } from '../cri/types.js';
import type { Pod } from './types.js';

export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

/** spec.hostname or the pod name (max 63 characters), and the FQDN domain when a subdomain is set. */
export function podHostname(pod: Pod, clusterDomain = DEFAULT_CLUSTER_DOMAIN): { hostname: string; domain: string } {
  let hostname = pod.spec?.hostname || pod.metadata?.name || '';
  if (hostname.length > 63) hostname = hostname.slice(0, 63).replace(/[-.]+$/, '');
  const sub = pod.spec?.subdomain;
  const domain = sub ? `${sub}.${pod.metadata?.namespace}.svc.${clusterDomain}` : '';
  return { hostname, domain };
}

/** The Kubernetes-managed hosts file of a pod on the pod network. */
export function hostsFile(pod: Pod, podIPs: string[], clusterDomain = DEFAULT_CLUSTER_DOMAIN): string {
  const { hostname, domain } = podHostname(pod, clusterDomain);
  let out = '# Kubernetes-managed hosts file.\n';
  out += '127.0.0.1\tlocalhost\n';
  out += '::1\tlocalhost ip6-localhost ip6-loopback\n';
  out += 'fe00::0\tip6-localnet\n';
  out += 'fe00::0\tip6-mcastprefix\n';
  out += 'fe00::1\tip6-allnodes\n';
  out += 'fe00::2\tip6-allrouters\n';
  for (const ip of podIPs) {
    out += domain ? `${ip}\t${hostname}.${domain}\t${hostname}\n` : `${ip}\t${hostname}\n`;
  }
  return out + hostAliasesSection(pod);
}

/** A hostNetwork pod: the node's hosts file plus the aliases. */
export function hostNetworkHostsFile(pod: Pod, nodeHosts: string): string {
  return nodeHosts + hostAliasesSection(pod);
}

function hostAliasesSection(pod: Pod): string {
  const aliases = pod.spec?.hostAliases ?? [];
  if (!aliases.length) return '';
  let out = '\n# Entries added by HostAliases.\n';
  for (const a of aliases) out += `${a.ip}\t${(a.hostnames ?? []).join('\t')}\n`;
  return out;
}

/** Parse the host's resolv.conf. */
export function parseResolvConf(text: string): DNSConfig {
  const cfg: DNSConfig = { servers: [], searches: [], options: [] };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const [kw, ...rest] = line.split(/\s+/);
    if (kw === 'nameserver' && rest[0]) cfg.servers.push(rest[0]);
    else if (kw === 'search' || kw === 'domain') cfg.searches = rest.filter((s) => s !== '.');
    else if (kw === 'options') cfg.options.push(...rest);
  }
  return cfg;
}

export interface DnsSettings {
  /** Cluster DNS server addresses (agent config); empty: none yet. */
  clusterDNS: string[];
  clusterDomain: string;
  /** The node's resolv.conf content. */
  hostResolvConf: string;
}

/** The pod's DNS configuration per dnsPolicy and dnsConfig (getPodDNS). */
export function podDNSConfig(pod: Pod, s: DnsSettings): DNSConfig {
  let policy = pod.spec?.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'ClusterFirst' && pod.spec?.hostNetwork) policy = 'Default';
  if (policy === 'ClusterFirstWithHostNet') policy = 'ClusterFirst';
  if (policy === 'ClusterFirst' && s.clusterDNS.length === 0) policy = 'Default';
  const host = parseResolvConf(s.hostResolvConf);
  let cfg: DNSConfig;
  if (policy === 'None') cfg = { servers: [], searches: [], options: [] };
  else if (policy === 'Default') cfg = host;
  else {
    const ns = pod.metadata?.namespace ?? 'default';
    const d = s.clusterDomain;
    cfg = {
      servers: [...s.clusterDNS],
      searches: [`${ns}.svc.${d}`, `svc.${d}`, d, ...host.searches],
      options: ['ndots:5'],
    };
  }
  const extra = pod.spec?.dnsConfig;
  if (extra) {
    cfg.servers = dedupe([...cfg.servers, ...(extra.nameservers ?? [])]);
    cfg.searches = dedupe([...cfg.searches, ...(extra.searches ?? [])]);
    cfg.options = mergeOptions(cfg.options, (extra.options ?? []).map((o) => (o.value !== undefined ? `${o.name}:${o.value}` : o.name ?? '')));
  }
  cfg.searches = cfg.searches.slice(0, 32);
  return cfg;
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs.filter((x) => x !== ''))];
}

/** Options by name; later values win. */
function mergeOptions(base: string[], extra: string[]): string[] {
  const m = new Map<string, string>();
  for (const o of [...base, ...extra]) if (o) m.set(o.split(':')[0], o);
  return [...m.values()];
}

export function resolvConfText(cfg: DNSConfig): string {
  let out = '';
  if (cfg.searches.length) out += `search ${cfg.searches.join(' ')}\n`;
  for (const s of cfg.servers) out += `nameserver ${s}\n`;
  if (cfg.options.length) out += `options ${cfg.options.join(' ')}\n`;
  return out;
}

/** systemd-resolved's list of the real upstream servers (its stub, 127.0.0.53, is unreachable from pods). */
export const SYSTEMD_RESOLV_CONF = '/run/systemd/resolve/resolv.conf';

/**
 * The resolv.conf pods with dnsPolicy Default inherit: the given one, unless it
 * names only loopback nameservers (a local stub such as systemd-resolved's)
 * and `alternative` exists, as kubelet's and k3s's resolv.conf checks do.
 */
export function podUpstreamResolvConf(text: string, alternative: () => string | undefined): string {
  const servers = parseResolvConf(text).servers;
  if (servers.length === 0 || !servers.every((s) => s.startsWith('127.') || s === '::1')) return text;
  return alternative() ?? text;
}
