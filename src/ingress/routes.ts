// The routing table: every served Ingress's rules merged into one lookup by
// host, then path, as the Ingress API specifies. Hosts: an exact host beats a
// `*.example.com` wildcard (one label only), which beats rules with no host;
// the most specific host that has rules owns the request (as in
// ingress-nginx, no fall-through to less specific hosts). Paths: the longest
// match wins, Exact before Prefix at equal length; Prefix matches whole
// `/`-separated elements and ignores a trailing slash; ImplementationSpecific
// is treated as Prefix. Conflicts (the same host, path and type in several
// Ingresses) go to the oldest Ingress (creationTimestamp, then namespace/name).
// When no path matches: the defaultBackend of the oldest Ingress with rules
// for that host, else the oldest Ingress's spec.defaultBackend, else none.
import { objectKey } from '../client/types.js';
import type { Ingress, IngressBackend, ServiceBackendPort } from './types.js';

/** A Service port an Ingress routes to. */
export interface BackendRef {
  namespace: string;
  service: string;
  port: ServiceBackendPort;
  /** `namespace/name` of the Ingress it came from. */
  ingress: string;
  /** `namespace/service:port`, shared by equal backends. */
  key: string;
}

export interface RouteMatch {
  backend: BackendRef;
  /** What matched, for logs: `host/path (Type)` or `default`. */
  rule: string;
}

interface PrefixEntry {
  prefix: string;
  match: RouteMatch;
}

class HostRules {
  readonly exact = new Map<string, RouteMatch>();
  readonly prefixes: PrefixEntry[] = [];
  fallback?: RouteMatch;

  match(path: string): RouteMatch | undefined {
    const e = this.exact.get(path);
    if (e) return e;
    for (const p of this.prefixes) {
      if (path.startsWith(p.prefix) && (path.length === p.prefix.length || path.charCodeAt(p.prefix.length) === 47)) return p.match;
    }
    return this.fallback;
  }
}

/** Sort key: oldest first, then namespace/name (the Ingress that wins conflicts comes first). */
export function byAge(a: Ingress, b: Ingress): number {
  const ta = a.metadata?.creationTimestamp ?? '';
  const tb = b.metadata?.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ka = objectKey(a);
  const kb = objectKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export function backendRef(ing: Ingress, b: IngressBackend | undefined): BackendRef | undefined {
  const svc = b?.service;
  if (!svc?.name) return undefined;
  const namespace = ing.metadata?.namespace ?? 'default';
  const port = svc.port ?? {};
  return { namespace, service: svc.name, port, ingress: objectKey(ing), key: `${namespace}/${svc.name}:${port.number ?? port.name ?? ''}` };
}

/** The host a request is for: Host header without port or trailing dot, lower case. */
export function requestHost(header: string | undefined): string {
  if (!header) return '';
  let h = header;
  if (h.charCodeAt(0) === 91) {
    const end = h.indexOf(']');
    return (end > 0 ? h.slice(0, end + 1) : h).toLowerCase();
  }
  const colon = h.indexOf(':');
  if (colon >= 0) h = h.slice(0, colon);
  if (h.endsWith('.')) h = h.slice(0, -1);
  return h.toLowerCase();
}

/** The path of a request target without the query string. */
export function requestPath(url: string | undefined): string {
  if (!url) return '/';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

export class RouteTable {
  private readonly exactHosts = new Map<string, HostRules>();
  private readonly wildcardHosts = new Map<string, HostRules>();
  private anyHost?: HostRules;
  private defaultMatch?: RouteMatch;
  /** Every backend some rule names (for diagnostics). */
  readonly backends = new Map<string, BackendRef>();

  /** Builds the table from the served Ingresses (in any order). */
  static build(ingresses: Ingress[]): RouteTable {
    const t = new RouteTable();
    for (const ing of [...ingresses].sort(byAge)) t.add(ing);
    for (const rules of [...t.exactHosts.values(), ...t.wildcardHosts.values(), ...(t.anyHost ? [t.anyHost] : [])]) {
      // Stable: equal lengths keep the oldest Ingress first.
      rules.prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
    }
    return t;
  }

  get size(): number {
    return this.exactHosts.size + this.wildcardHosts.size + (this.anyHost ? 1 : 0);
  }

  match(host: string, path: string): RouteMatch | undefined {
    let rules = this.exactHosts.get(host);
    if (!rules) {
      const dot = host.indexOf('.');
      if (dot > 0) rules = this.wildcardHosts.get(host.slice(dot + 1));
    }
    rules ??= this.anyHost;
    return rules?.match(path) ?? this.defaultMatch;
  }

  private add(ing: Ingress): void {
    const spec = ing.spec ?? {};
    const def = backendRef(ing, spec.defaultBackend);
    const defMatch = def ? { backend: this.remember(def), rule: `default of ${def.ingress}` } : undefined;
    if (defMatch && !this.defaultMatch) this.defaultMatch = defMatch;
    for (const rule of spec.rules ?? []) {
      const host = (rule.host ?? '').toLowerCase();
      const rules = this.hostRules(host);
      if (defMatch && !rules.fallback) rules.fallback = defMatch;
      for (const p of rule.http?.paths ?? []) {
        const backend = backendRef(ing, p.backend);
        if (!backend) continue;
        const type = p.pathType ?? 'ImplementationSpecific';
        const path = p.path ?? '';
        const m: RouteMatch = { backend: this.remember(backend), rule: `${host || '*'}${path || '/'} (${type})` };
        if (type === 'Exact') {
          if (!rules.exact.has(path)) rules.exact.set(path, m);
          continue;
        }
        const prefix = path.endsWith('/') ? path.slice(0, -1) : path;
        if (!rules.prefixes.some((e) => e.prefix === prefix)) rules.prefixes.push({ prefix, match: m });
      }
    }
  }

  private hostRules(host: string): HostRules {
    if (!host) return (this.anyHost ??= new HostRules());
    const wild = host.startsWith('*.');
    const map = wild ? this.wildcardHosts : this.exactHosts;
    const key = wild ? host.slice(2) : host;
    let r = map.get(key);
    if (!r) map.set(key, (r = new HostRules()));
    return r;
  }

  private remember(b: BackendRef): BackendRef {
    const known = this.backends.get(b.key);
    if (known) return known;
    this.backends.set(b.key, b);
    return b;
  }
}
