// Pod connect subresources — log, exec, attach, portforward — proxied to the
// node agent of the pod's node, as kube-apiserver proxies them to the kubelet.
// Logs are streamed back over plain HTTP; exec/attach/portforward are Upgrade
// requests (WebSocket or SPDY) relayed as raw bytes, so every stream protocol
// passes through untouched.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect as netConnect } from 'node:net';
import type { Duplex } from 'node:stream';
import { badRequest, internalError, notFound, StatusError, type StatusReason } from '../errors.js';
import type { Ctx } from '../http/request.js';
import type { Registry } from '../registry/registry.js';
import type { ServerExtension } from '../server.js';
import type { KubeObject } from '../types.js';

export const AGENT_ENDPOINT_ANNOTATION = 'skiff.dev/agent-endpoint';
const SUBRESOURCES = new Set(['log', 'exec', 'attach', 'portforward']);
const LOG_PARAMS = ['follow', 'previous', 'timestamps', 'tailLines', 'sinceSeconds', 'sinceTime', 'limitBytes'];

export interface PodLike extends KubeObject {
  spec?: { nodeName?: string; containers?: { name: string }[]; initContainers?: { name: string }[]; ephemeralContainers?: { name: string }[] };
  status?: {
    containerStatuses?: { name: string; state?: { waiting?: { reason?: string } }; lastState?: { terminated?: unknown } }[];
  };
}

export interface NodeLike extends KubeObject {
  status?: { addresses?: { type: string; address: string }[]; daemonEndpoints?: { kubeletEndpoint?: { Port?: number } } };
}

/** How the extension finds pods and nodes (the registry by default). */
export interface ConnectLookup {
  getPod(namespace: string, name: string): Promise<PodLike>;
  getNode(name: string): Promise<NodeLike | undefined>;
}

export function registryLookup(registry: () => Registry): ConnectLookup {
  return {
    getPod: async (ns, name) => (await registry().lookup('', 'v1', 'pods')!.get(ns, name)) as PodLike,
    getNode: async (name) => {
      try {
        return (await registry().lookup('', 'v1', 'nodes')!.get('', name)) as NodeLike;
      } catch (e) {
        if (e instanceof StatusError && e.code === 404) return undefined;
        throw e;
      }
    },
  };
}

/** The container a request is for: named, or the only one; validated like upstream. */
export function resolveContainer(pod: PodLike, requested: string | null): string {
  const name = pod.metadata?.name ?? '';
  const containers = (pod.spec?.containers ?? []).map((c) => c.name);
  const all = [...containers, ...(pod.spec?.initContainers ?? []).map((c) => c.name), ...(pod.spec?.ephemeralContainers ?? []).map((c) => c.name)];
  if (!requested) {
    if (containers.length === 1) return containers[0];
    const init = (pod.spec?.initContainers ?? []).map((c) => c.name);
    const suffix = init.length ? ` or one of the init containers: [${init.join(' ')}]` : '';
    throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]${suffix}`);
  }
  if (!all.includes(requested)) throw badRequest(`container ${requested} is not valid for pod ${name}`);
  return requested;
}

/** `host:port` of the agent on the pod's node. */
export async function agentEndpoint(lookup: ConnectLookup, pod: PodLike): Promise<{ host: string; port: number }> {
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) throw badRequest(`pod ${pod.metadata?.name ?? ''} does not have a host assigned`);
  const node = await lookup.getNode(nodeName);
  if (!node) throw notFound({ group: '', resource: 'nodes' }, nodeName);
  const ann = node.metadata?.annotations?.[AGENT_ENDPOINT_ANNOTATION];
  if (ann) {
    const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(ann);
    if (!m) throw internalError(`invalid ${AGENT_ENDPOINT_ANNOTATION} annotation ${JSON.stringify(ann)} on node ${nodeName}`);
    return { host: m[1], port: Number(m[2]) };
  }
  const ip = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port;
  if (!ip || !port) throw internalError(`no preferred addresses found for node ${nodeName}; known addresses: ${JSON.stringify(node.status?.addresses ?? [])}`);
  return { host: ip, port };
}

function reasonFor(code: number): StatusReason {
  const map: Record<number, StatusReason> = { 400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict', 429: 'TooManyRequests', 503: 'ServiceUnavailable', 504: 'Timeout' };
  return map[code] ?? 'InternalError';
}

/** A non-2xx agent answer as the Status kube-apiserver would return (the body becomes the message). */
function agentError(code: number, body: string): StatusError {
  let message = body.trim();
  try {
    const s = JSON.parse(message) as { message?: string };
    if (typeof s.message === 'string') message = s.message;
  } catch {
    /* plain text */
  }
  return new StatusError(code >= 400 && code < 600 ? code : 500, reasonFor(code), message || `the server responded with the status code ${code}`);
}

function podRequest(pathname: string): { namespace: string; pod: string; sub: string } | undefined {
  const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/([^/]+)\/?$/.exec(pathname);
  if (!m || !SUBRESOURCES.has(m[3])) return undefined;
  return { namespace: decodeURIComponent(m[1]), pod: decodeURIComponent(m[2]), sub: m[3] };
}

/** Waiting containers have no log yet: the same answer kubelet gives. */
function checkLogState(pod: PodLike, container: string, previous: boolean): void {
  if (previous) return;
  const st = pod.status?.containerStatuses?.find((c) => c.name === container);
  const waiting = st?.state?.waiting;
  if (waiting && !st?.lastState?.terminated) {
    throw badRequest(`container "${container}" in pod "${pod.metadata?.name ?? ''}" is waiting to start: ${waiting.reason ?? 'ContainerCreating'}`);
  }
}

async function serveLog(ctx: Ctx, lookup: ConnectLookup, namespace: string, name: string): Promise<void> {
  if (ctx.req.method !== 'GET') throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const pod = await lookup.getPod(namespace, name);
  const container = resolveContainer(pod, ctx.query.get('container'));
  const previous = ctx.query.get('previous') === 'true';
  if (!pod.spec?.nodeName) {
    // Not scheduled yet: no log, as upstream (an empty body).
    ctx.res.writeHead(200, { 'Content-Type': 'text/plain' });
    ctx.res.end();
    return;
  }
  checkLogState(pod, container, previous);
  const ep = await agentEndpoint(lookup, pod);
  const q = new URLSearchParams();
  for (const p of LOG_PARAMS) for (const v of ctx.query.getAll(p)) q.append(p, v);
  const path = `/containerLogs/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/${encodeURIComponent(container)}?${q}`;
  await new Promise<void>((resolve, reject) => {
    const up = httpRequest({ host: ep.host, port: ep.port, path, method: 'GET' }, (r: IncomingMessage) => {
      const code = r.statusCode ?? 500;
      if (code < 200 || code >= 300) {
        const chunks: Buffer[] = [];
        r.on('data', (b: Buffer) => chunks.push(b));
        r.on('end', () => reject(agentError(code, Buffer.concat(chunks).toString())));
        r.on('error', reject);
        return;
      }
      ctx.res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
      ctx.res.flushHeaders();
      r.pipe(ctx.res);
      r.on('end', () => resolve());
      r.on('error', () => resolve());
    });
    ctx.res.on('close', () => up.destroy());
    up.on('error', (e) => reject(ctx.res.headersSent ? e : new StatusError(500, 'InternalError', `error dialing backend: ${e.message}`)));
    up.end();
  });
}

/** Relays an Upgrade request to the agent and then bytes both ways. */
async function proxyUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, lookup: ConnectLookup, url: URL, target: { namespace: string; pod: string; sub: string }): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'POST') throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const pod = await lookup.getPod(target.namespace, target.pod);
  const ns = encodeURIComponent(target.namespace);
  const pn = encodeURIComponent(target.pod);
  let path: string;
  if (target.sub === 'portforward') {
    if (!pod.spec?.nodeName) throw badRequest(`pod ${target.pod} does not have a host assigned`);
    path = `/portForward/${ns}/${pn}${url.search}`;
  } else {
    const container = resolveContainer(pod, url.searchParams.get('container'));
    if (!pod.spec?.nodeName) throw badRequest(`pod ${target.pod} does not have a host assigned`);
    path = `/${target.sub}/${ns}/${pn}/${encodeURIComponent(container)}${url.search}`;
  }
  const ep = await agentEndpoint(lookup, pod);
  const upstream = netConnect(ep.port, ep.host);
  await new Promise<void>((resolve, reject) => {
    upstream.once('connect', resolve);
    upstream.once('error', (e) => reject(new StatusError(500, 'InternalError', `error dialing backend: ${e.message}`)));
  });
  const lines = [`${req.method} ${path} HTTP/1.1`, `Host: ${ep.host}:${ep.port}`];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const k = req.rawHeaders[i];
    if (k.toLowerCase() === 'host' || k.toLowerCase() === 'authorization') continue;
    lines.push(`${k}: ${req.rawHeaders[i + 1]}`);
  }
  upstream.write(lines.join('\r\n') + '\r\n\r\n');
  if (head.length) upstream.write(head);
  socket.pipe(upstream);
  upstream.pipe(socket);
  const close = (): void => {
    socket.destroy();
    upstream.destroy();
  };
  upstream.on('error', close);
  socket.on('error', close);
  upstream.on('close', close);
  socket.on('close', close);
}

/** The extension: pass a lookup, or let it use the server's registry. */
export function connectExtension(lookup?: ConnectLookup): ServerExtension {
  let registry: Registry | undefined;
  const find: ConnectLookup =
    lookup ??
    registryLookup(() => {
      if (!registry) throw internalError('connect extension used before init');
      return registry;
    });
  return {
    init(server) {
      registry = server.registry;
    },
    services: {
      async connect(ctx: Ctx): Promise<boolean> {
        const { info } = ctx;
        if (ctx.def.group !== '' || ctx.def.kind !== 'Pod' || !SUBRESOURCES.has(info.subresource) || info.rest.length) return false;
        if (info.subresource === 'log') {
          await serveLog(ctx, find, info.namespace, info.name);
          return true;
        }
        await find.getPod(info.namespace, info.name);
        throw badRequest('Upgrade request required');
      },
    },
    async upgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const target = podRequest(url.pathname);
      if (!target || target.sub === 'log') return false;
      await proxyUpgrade(req, socket, head, find, url, target);
      return true;
    },
  };
}
