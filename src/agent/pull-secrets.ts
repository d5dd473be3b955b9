// imagePullSecrets → registry credentials (kubelet's credentialprovider
// keyring): `.dockerconfigjson` and legacy `.dockercfg` secrets, matched by
// the registry host of the image.
import type { AuthConfig } from '../cri/types.js';
import type { Secret } from './types.js';

/** The registry host of an image reference (docker.io when none is named). */
export function registryHost(image: string): string {
  const first = image.split('/')[0];
  if (image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) return first;
  return 'docker.io';
}

function normalizeKey(k: string): string {
  let h = k.replace(/^[a-z]+:\/\//, '').split('/')[0];
  if (h === 'index.docker.io' || h === 'registry-1.docker.io') h = 'docker.io';
  return h;
}

interface DockerAuthEntry {
  username?: string;
  password?: string;
  auth?: string;
  identitytoken?: string;
  registrytoken?: string;
}

function entries(secret: Secret): Record<string, DockerAuthEntry> {
  const data = secret.data ?? {};
  try {
    if (data['.dockerconfigjson']) {
      const parsed = JSON.parse(Buffer.from(data['.dockerconfigjson'], 'base64').toString()) as { auths?: Record<string, DockerAuthEntry> };
      return parsed.auths ?? {};
    }
    if (data['.dockercfg']) return JSON.parse(Buffer.from(data['.dockercfg'], 'base64').toString()) as Record<string, DockerAuthEntry>;
  } catch {
    /* malformed secrets give no credentials */
  }
  return {};
}

/** Credentials matching the image's registry, in secret order. */
export function credentialsFor(image: string, secrets: Secret[]): AuthConfig[] {
  const host = registryHost(image);
  const out: AuthConfig[] = [];
  for (const s of secrets) {
    for (const [k, e] of Object.entries(entries(s))) {
      if (normalizeKey(k) !== host) continue;
      const a: AuthConfig = {};
      let { username, password } = e;
      if (e.auth && (!username || !password)) {
        const dec = Buffer.from(e.auth, 'base64').toString();
        const i = dec.indexOf(':');
        if (i >= 0) {
          username = dec.slice(0, i);
          password = dec.slice(i + 1);
        }
      }
      if (username !== undefined) a.username = username;
      if (password !== undefined) a.password = password;
      if (e.auth) a.auth = e.auth;
      if (e.identitytoken) a.identityToken = e.identitytoken;
      if (e.registrytoken) a.registryToken = e.registrytoken;
      out.push(a);
    }
  }
  return out;
}
