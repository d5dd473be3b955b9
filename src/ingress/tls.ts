// Certificates by SNI name from the served Ingresses' spec.tls: each host
// (exact, or a `*.example.com` wildcard; hosts omitted → the Ingress's rule
// hosts) maps to a Secret in the Ingress's namespace holding tls.crt and
// tls.key (oldest Ingress wins a host). Secure contexts are built on first
// use and rebuilt when the Secret changes. A missing or unusable Secret gets
// a Warning event on the Ingress (MissingSecret / InvalidSecret, once per
// change) and that host is served the default certificate.
import { createSecureContext, type SecureContext } from 'node:tls';
import type { Recorder } from '../agent/events.js';
import { objectKey, type Informer } from '../client/types.js';
import { byAge } from './routes.js';
import type { Ingress, Secret } from './types.js';

interface HostCert {
  secret: string;
  ingress: Ingress;
}

interface Built {
  rv: string;
  ctx?: SecureContext;
  problem?: { reason: string; message: string };
}

export class TlsCertificates {
  private exact = new Map<string, HostCert>();
  private wildcard = new Map<string, HostCert>();
  private readonly built = new Map<string, Built>();
  /** (ingress, secret) → the last problem reported, '' when fine. */
  private readonly reported = new Map<string, string>();

  constructor(
    private readonly secrets: Informer<Secret>,
    private readonly recorder: Recorder,
    private readonly log: (line: string) => void,
  ) {}

  /** Rebuilds the host map from the served Ingresses and reports Secret problems. */
  update(ingresses: Ingress[]): void {
    const exact = new Map<string, HostCert>();
    const wildcard = new Map<string, HostCert>();
    for (const ing of [...ingresses].sort(byAge)) {
      for (const t of ing.spec?.tls ?? []) {
        if (!t.secretName) continue;
        const secret = `${ing.metadata?.namespace ?? 'default'}/${t.secretName}`;
        const hosts = t.hosts?.length ? t.hosts : (ing.spec?.rules ?? []).map((r) => r.host ?? '').filter(Boolean);
        for (const h of hosts) {
          const host = h.toLowerCase();
          const [map, key] = host.startsWith('*.') ? [wildcard, host.slice(2)] : [exact, host];
          if (!map.has(key)) map.set(key, { secret, ingress: ing });
        }
      }
    }
    this.exact = exact;
    this.wildcard = wildcard;
    this.check();
  }

  /** A Secret changed: forget its context and re-check the Ingresses using it. */
  secretChanged(key: string): void {
    if (!this.built.delete(key)) {
      const used = [...this.exact.values(), ...this.wildcard.values()].some((h) => h.secret === key);
      if (!used) return;
    }
    this.check();
  }

  /** The context for an SNI name, or undefined for the default certificate. */
  contextFor(servername: string): SecureContext | undefined {
    const name = servername.toLowerCase();
    let hc = this.exact.get(name);
    if (!hc) {
      const dot = name.indexOf('.');
      if (dot > 0) hc = this.wildcard.get(name.slice(dot + 1));
    }
    return hc ? this.build(hc.secret).ctx : undefined;
  }

  /** For https.createServer's SNICallback. */
  readonly sniCallback = (servername: string, cb: (err: Error | null, ctx?: SecureContext) => void): void => {
    let ctx: SecureContext | undefined;
    try {
      ctx = this.contextFor(servername);
    } catch (e) {
      this.log(`ingress: TLS for ${servername}: ${(e as Error).message}`);
    }
    cb(null, ctx);
  };

  private build(key: string): Built {
    const secret = this.secrets.get(key);
    const rv = secret?.metadata?.resourceVersion ?? '';
    const cached = this.built.get(key);
    if (cached && cached.rv === rv) return cached;
    let b: Built;
    if (!secret) b = { rv, problem: { reason: 'MissingSecret', message: `secret ${key} not found` } };
    else {
      const crt = secret.data?.['tls.crt'];
      const tkey = secret.data?.['tls.key'];
      if (!crt || !tkey) b = { rv, problem: { reason: 'InvalidSecret', message: `secret ${key} has no tls.crt and tls.key (type ${secret.type ?? 'Opaque'})` } };
      else {
        try {
          b = { rv, ctx: createSecureContext({ cert: Buffer.from(crt, 'base64'), key: Buffer.from(tkey, 'base64') }) };
        } catch (e) {
          b = { rv, problem: { reason: 'InvalidSecret', message: `secret ${key}: ${(e as Error).message}` } };
        }
      }
    }
    this.built.set(key, b);
    return b;
  }

  /** Reports each (Ingress, Secret) problem once, when it appears or changes. */
  private check(): void {
    const seen = new Set<string>();
    for (const hc of [...this.exact.values(), ...this.wildcard.values()]) {
      const id = `${objectKey(hc.ingress)}\u0000${hc.secret}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const p = this.build(hc.secret).problem;
      const text = p ? `${p.reason}: ${p.message}` : '';
      if ((this.reported.get(id) ?? '') === text) continue;
      this.reported.set(id, text);
      if (!p) continue;
      const m = hc.ingress.metadata ?? {};
      const message = `${p.message}; serving the default certificate for its hosts`;
      this.log(`ingress ${objectKey(hc.ingress)}: ${message}`);
      this.recorder.event({ kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', namespace: m.namespace, name: m.name ?? '', uid: m.uid, resourceVersion: m.resourceVersion }, 'Warning', p.reason, message);
    }
    for (const id of this.reported.keys()) if (!seen.has(id)) this.reported.delete(id);
  }
}
