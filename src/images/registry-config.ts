// The registries config file (`<data-dir>/registries.yaml`, as in k3s):
//
//   mirrors:
//     docker.io:
//       endpoint: ["http://127.0.0.1:5000", "https://mirror.example"]
//   configs:
//     "127.0.0.1:5000":
//       insecure: true            # plain HTTP (also tls.insecure_skip_verify)
//       auth: {username: u, password: p}   # or auth: base64(u:p), identity_token
//
// Endpoints of a registry host: its mirrors in order ('*' mirrors every host),
// then the host itself (docker.io is served by registry-1.docker.io).
// Loopback registries (localhost, 127.0.0.0/8, ::1) speak plain HTTP by
// default as Docker treats them as insecure; all others HTTPS.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { AuthConfig } from '../cri/types.js';

export class RegistriesConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export interface RegistryAuthEntry {
  username?: string;
  password?: string;
  auth?: string;
  identity_token?: string;
}

export interface RegistriesConfig {
  mirrors?: Record<string, { endpoint?: string[] }>;
  configs?: Record<string, { insecure?: boolean; auth?: RegistryAuthEntry; tls?: { insecure_skip_verify?: boolean } }>;
}

export interface Endpoint {
  /** host[:port] of the endpoint (key into `configs`). */
  host: string;
  /** Base URL of the distribution API, ending in `/v2`. */
  url: string;
  mirror: boolean;
  auth?: AuthConfig;
}

export async function loadRegistriesConfig(path: string): Promise<RegistriesConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw e;
  }
  let doc: unknown;
  try {
    doc = parse(text) ?? {};
  } catch (e) {
    throw new RegistriesConfigError(`${path}: ${(e as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new RegistriesConfigError(`${path}: expected a mapping`);
  const cfg = doc as RegistriesConfig;
  for (const [host, m] of Object.entries(cfg.mirrors ?? {})) {
    if (m?.endpoint !== undefined && (!Array.isArray(m.endpoint) || m.endpoint.some((e) => typeof e !== 'string'))) {
      throw new RegistriesConfigError(`${path}: mirrors["${host}"].endpoint must be a list of URLs`);
    }
  }
  return cfg;
}

export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return name === 'localhost' || name.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(name) || name === '::1';
}

function toAuthConfig(a: RegistryAuthEntry | undefined): AuthConfig | undefined {
  if (!a) return undefined;
  const out: AuthConfig = {};
  if (a.username !== undefined) out.username = a.username;
  if (a.password !== undefined) out.password = a.password;
  if (a.auth !== undefined) out.auth = a.auth;
  if (a.identity_token !== undefined) out.identityToken = a.identity_token;
  return out;
}

function hostConfig(cfg: RegistriesConfig, host: string) {
  return cfg.configs?.[host];
}

function isInsecure(cfg: RegistriesConfig, host: string): boolean {
  const c = hostConfig(cfg, host);
  return c?.insecure === true || c?.tls?.insecure_skip_verify === true || isLoopbackHost(host);
}

function endpointFromUrl(cfg: RegistriesConfig, raw: string, mirror: boolean): Endpoint {
  const withScheme = /^[a-z]+:\/\//i.test(raw) ? raw : `//${raw}`;
  let u: URL;
  try {
    u = new URL(withScheme, 'https://placeholder');
  } catch {
    throw new RegistriesConfigError(`invalid registry endpoint "${raw}"`);
  }
  const host = u.host;
  if (withScheme.startsWith('//')) u.protocol = isInsecure(cfg, host) ? 'http:' : 'https:';
  let path = u.pathname.replace(/\/+$/, '');
  if (!path.endsWith('/v2')) path += '/v2';
  return { host, url: `${u.protocol}//${host}${path}`, mirror, auth: toAuthConfig(hostConfig(cfg, host)?.auth) };
}

/** The endpoints to try for a registry host, in order. */
export function endpointsFor(cfg: RegistriesConfig, domain: string): Endpoint[] {
  const mirrors = cfg.mirrors?.[domain]?.endpoint ?? cfg.mirrors?.['*']?.endpoint ?? [];
  const out = mirrors.map((m) => endpointFromUrl(cfg, m, true));
  const upstream = domain === 'docker.io' ? 'registry-1.docker.io' : domain;
  const def = endpointFromUrl(cfg, upstream, false);
  def.auth = toAuthConfig(hostConfig(cfg, domain)?.auth ?? hostConfig(cfg, upstream)?.auth);
  if (!out.some((e) => e.url === def.url)) out.push(def);
  return out;
}
