// A client for the OCI distribution API (docker registry v2): manifests,
// blobs (redirects followed), token auth (WWW-Authenticate Bearer → token
// endpoint, with Basic credentials), Basic auth, and pushing (blobs by
// monolithic upload, manifests by tag). Uses Node's fetch.
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { AuthConfig } from '../cri/types.js';
import { sha256Digest } from './content.js';
import { MANIFEST_ACCEPT, type Descriptor } from './manifest.js';
import type { Endpoint } from './registry-config.js';

export class RegistryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
/** 404 for a manifest or blob. */
export class RegistryNotFoundError extends RegistryError {}
/** 401/403 after trying the credentials we have. */
export class RegistryUnauthorizedError extends RegistryError {}
/** The endpoint could not be reached at all. */
export class RegistryUnreachableError extends RegistryError {}

interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses `WWW-Authenticate: Bearer realm="…",service="…",scope="…"` (several challenges allowed). */
export function parseWwwAuthenticate(header: string): Challenge[] {
  const out: Challenge[] = [];
  let i = 0;
  const token = () => {
    const m = /^[^\s,=]+/.exec(header.slice(i));
    i += m ? m[0].length : 0;
    return m ? m[0] : '';
  };
  while (i < header.length) {
    while (i < header.length && /[\s,]/.test(header[i])) i++;
    const name = token();
    if (!name) break;
    let j = i;
    while (header[j] === ' ') j++;
    if (header[j] !== '=') {
      out.push({ scheme: name.toLowerCase(), params: {} });
      continue;
    }
    i = j + 1;
    while (header[i] === ' ') i++;
    let value = '';
    if (header[i] === '"') {
      i++;
      while (i < header.length && header[i] !== '"') {
        if (header[i] === '\\') i++;
        value += header[i++] ?? '';
      }
      i++;
    } else value = token();
    const cur = out[out.length - 1];
    if (cur) cur.params[name.toLowerCase()] = value;
  }
  return out;
}

function basicCredentials(auth: AuthConfig | undefined): string | undefined {
  if (!auth) return undefined;
  if (auth.username !== undefined || auth.password !== undefined) {
    return Buffer.from(`${auth.username ?? ''}:${auth.password ?? ''}`).toString('base64');
  }
  if (auth.auth) return auth.auth;
  return undefined;
}

function describeFetchError(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  return err.cause?.message ?? err.cause?.code ?? err.message;
}

/** One repository on one endpoint, remembering the authorization that worked. */
export class RepositorySession {
  private authorization: string | undefined;

  constructor(
    readonly endpoint: Endpoint,
    readonly repository: string,
    private readonly auth: AuthConfig | undefined,
    private readonly actions: 'pull' | 'pull,push' = 'pull',
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    if (auth?.registryToken) this.authorization = `Bearer ${auth.registryToken}`;
  }

  url(path: string): string {
    return `${this.endpoint.url}/${this.repository}/${path}`;
  }

  /** Sends a request; on 401 answers the challenge once and retries. */
  async request(method: string, url: string, init: { headers?: Record<string, string>; body?: Buffer } = {}): Promise<Response> {
    const send = async () => {
      const headers: Record<string, string> = { 'User-Agent': 'skiff', ...init.headers };
      if (this.authorization) headers.Authorization = this.authorization;
      try {
        return await this.fetchImpl(url, { method, headers, body: init.body, redirect: 'follow' });
      } catch (e) {
        throw new RegistryUnreachableError(`failed to do request: ${method} ${url}: ${describeFetchError(e)}`);
      }
    };
    let res = await send();
    if (res.status !== 401) return res;
    const challenge = res.headers.get('www-authenticate');
    await res.body?.cancel();
    if (!challenge) throw new RegistryUnauthorizedError(`${method} ${url}: 401 Unauthorized`, 401);
    await this.answer(parseWwwAuthenticate(challenge), url);
    res = await send();
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw new RegistryUnauthorizedError(`${method} ${url}: ${res.status} ${res.status === 401 ? 'Unauthorized' : 'Forbidden'}: authorization failed`, res.status);
    }
    return res;
  }

  private async answer(challenges: Challenge[], url: string): Promise<void> {
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    const basic = basicCredentials(this.auth);
    if (bearer) {
      this.authorization = `Bearer ${await this.fetchToken(bearer.params)}`;
      return;
    }
    if (challenges.some((c) => c.scheme === 'basic')) {
      if (!basic) throw new RegistryUnauthorizedError(`${url}: the registry asks for credentials and none were given`, 401);
      this.authorization = `Basic ${basic}`;
      return;
    }
    throw new RegistryUnauthorizedError(`${url}: unsupported authentication challenge`, 401);
  }

  private async fetchToken(params: Record<string, string>): Promise<string> {
    const realm = params.realm;
    if (!realm) throw new RegistryUnauthorizedError('bearer challenge without realm', 401);
    const scope = `repository:${this.repository}:${this.actions}`;
    const u = new URL(realm);
    if (params.service) u.searchParams.set('service', params.service);
    u.searchParams.set('scope', scope);
    let res: Response;
    try {
      if (this.auth?.identityToken) {
        const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: this.auth.identityToken, client_id: 'skiff', scope });
        if (params.service) form.set('service', params.service);
        res = await this.fetchImpl(realm, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() });
      } else {
        const basic = basicCredentials(this.auth);
        res = await this.fetchImpl(u, { headers: basic ? { Authorization: `Basic ${basic}` } : {} });
      }
    } catch (e) {
      throw new RegistryUnreachableError(`failed to fetch token from ${realm}: ${describeFetchError(e)}`);
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new RegistryUnauthorizedError(`failed to fetch token from ${u.origin}${u.pathname}: ${res.status} ${res.statusText}`, res.status);
    }
    const body = (await res.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new RegistryUnauthorizedError(`token endpoint ${realm} returned no token`);
    return token;
  }
}

async function failure(res: Response, what: string): Promise<RegistryError> {
  let detail = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { errors?: { code?: string; message?: string }[] };
    const e = body.errors?.[0];
    if (e) detail = `${e.code ?? res.status}: ${e.message ?? ''}`.trim();
  } catch {
    // not a JSON error body
  }
  if (res.status === 404) return new RegistryNotFoundError(`${what}: not found (${detail})`, 404);
  if (res.status === 401 || res.status === 403) return new RegistryUnauthorizedError(`${what}: ${detail}`, res.status);
  return new RegistryError(`${what}: ${detail}`, res.status);
}

export interface FetchedManifest {
  body: Buffer;
  digest: string;
  mediaType: string;
}

/** GET a manifest (or index) by tag or digest; verifies the digest when it was asked for. */
export async function getManifest(s: RepositorySession, reference: string): Promise<FetchedManifest> {
  const res = await s.request('GET', s.url(`manifests/${reference}`), { headers: { Accept: MANIFEST_ACCEPT } });
  if (!res.ok) throw await failure(res, `manifest ${s.endpoint.host}/${s.repository}:${reference}`);
  const body = Buffer.from(await res.arrayBuffer());
  const digest = sha256Digest(body);
  if (reference.startsWith('sha256:') && reference !== digest) {
    throw new RegistryError(`manifest ${reference}: content has digest ${digest}`);
  }
  return { body, digest, mediaType: (res.headers.get('content-type') ?? '').split(';')[0].trim() };
}

/** GET a blob as a stream (the caller verifies it while storing). */
export async function getBlob(s: RepositorySession, desc: Descriptor): Promise<Readable> {
  const res = await s.request('GET', s.url(`blobs/${desc.digest}`));
  if (!res.ok || !res.body) throw await failure(res, `blob ${s.endpoint.host}/${s.repository}@${desc.digest}`);
  return Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>);
}

/** Uploads a blob unless the registry has it (monolithic upload: POST, then PUT with the digest). */
export async function pushBlob(s: RepositorySession, data: Buffer, digest = sha256Digest(data)): Promise<void> {
  const head = await s.request('HEAD', s.url(`blobs/${digest}`));
  await head.body?.cancel();
  if (head.ok) return;
  const start = await s.request('POST', s.url('blobs/uploads/'));
  await start.body?.cancel();
  const location = start.headers.get('location');
  if (start.status !== 202 || !location) throw new RegistryError(`starting upload of ${digest}: ${start.status} ${start.statusText}`, start.status);
  const put = new URL(location, s.url('blobs/uploads/'));
  put.searchParams.set('digest', digest);
  const res = await s.request('PUT', put.toString(), {
    headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(data.length) },
    body: data,
  });
  if (res.status !== 201) throw await failure(res, `uploading blob ${digest}`);
  await res.body?.cancel();
}

export async function pushManifest(s: RepositorySession, reference: string, body: Buffer, mediaType: string): Promise<string> {
  const res = await s.request('PUT', s.url(`manifests/${reference}`), { headers: { 'Content-Type': mediaType }, body });
  if (res.status !== 201) throw await failure(res, `uploading manifest ${s.repository}:${reference}`);
  await res.body?.cancel();
  return sha256Digest(body);
}
