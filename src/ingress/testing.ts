// Test fixtures for the ingress controller: a FakeResourceClient-backed
// controller on ephemeral loopback ports, object builders (Service,
// EndpointSlice, Ingress, TLS Secret), backend HTTP servers on 127.0.0.1 that
// answer with who they are, and a small HTTP(S) client.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { ObjectRef } from '../agent/events.js';
import { FakeResourceClient } from '../client/fake.js';
import { InformerFactory } from '../controllers/informers.js';
import { until } from '../controllers/testing.js';
import type { PemPair } from './certs.js';
import { IngressController } from './controller.js';
import { ENDPOINTSLICES, INGRESSES, type Ingress, type IngressRule, SECRETS, SERVICES } from './types.js';

export interface Fixture {
  client: FakeResourceClient;
  ctl: IngressController;
  logs: string[];
  events: Array<{ ref: ObjectRef; type: string; reason: string; message: string }>;
  stop(): Promise<void>;
}

export async function startFixture(opts: { addresses?: string[]; defaultCertificate?: PemPair } = {}): Promise<Fixture> {
  const client = new FakeResourceClient();
  const informers = new InformerFactory(client);
  const logs: string[] = [];
  const events: Fixture['events'] = [];
  const ctl = new IngressController({
    informers,
    client,
    nodeAddresses: () => opts.addresses ?? ['192.0.2.10'],
    httpPort: 0,
    httpsPort: 0,
    bindAddress: '127.0.0.1',
    log: (l) => void logs.push(l),
    recorder: { event: (ref, type, reason, message) => void events.push({ ref, type, reason, message }) },
    defaultCertificate: opts.defaultCertificate,
    connectTimeoutMs: 1000,
  });
  await ctl.start();
  await informers.start();
  return {
    client,
    ctl,
    logs,
    events,
    async stop() {
      await ctl.stop();
      informers.stop();
    },
  };
}

export async function addService(client: FakeResourceClient, name: string, ports: Array<{ name?: string; port: number }>, ns = 'default'): Promise<void> {
  await client.create(SERVICES, ns, { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { ports } });
}

/** An EndpointSlice for Service `svc` with ready endpoints on 127.0.0.1 (addresses may repeat ports via the port list). */
export async function addSlice(client: FakeResourceClient, svc: string, port: { name?: string; port: number }, endpoints: Array<{ ip?: string; ready?: boolean }> = [{}], ns = 'default', name = `${svc}-${port.port}`): Promise<void> {
  await client.create(ENDPOINTSLICES, ns, {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: ns, labels: { 'kubernetes.io/service-name': svc } },
    addressType: 'IPv4',
    endpoints: endpoints.map((e) => ({ addresses: [e.ip ?? '127.0.0.1'], conditions: { ready: e.ready ?? true } })),
    ports: [{ name: port.name ?? '', port: port.port, protocol: 'TCP' }],
  });
}

export async function addIngress(client: FakeResourceClient, name: string, spec: { rules?: IngressRule[]; defaultBackend?: NonNullable<Ingress['spec']>['defaultBackend']; tls?: NonNullable<Ingress['spec']>['tls']; ingressClassName?: string }, ns = 'default'): Promise<void> {
  await client.create(INGRESSES, ns, { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, namespace: ns }, spec });
}

export async function addTlsSecret(client: FakeResourceClient, name: string, pair: PemPair, ns = 'default'): Promise<void> {
  await client.create(SECRETS, ns, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: ns },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': Buffer.from(pair.cert).toString('base64'), 'tls.key': Buffer.from(pair.key).toString('base64') },
  });
}

export const path = (p: string, service: string, port: { number?: number; name?: string }, pathType: 'Exact' | 'Prefix' | 'ImplementationSpecific' = 'Prefix') => ({ path: p, pathType, backend: { service: { name: service, port } } });

export interface Backend {
  name: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 answering JSON {backend, method, url, headers, body}. */
export async function startBackend(name: string): Promise<Backend> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.stringify({ backend: name, method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'X-Backend': name });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    name,
    port: (server.address() as AddressInfo).port,
    server,
    close: () => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections())),
  };
}

/** A port nothing listens on (bound, then closed). */
export async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  json?: { backend: string; method: string; url: string; headers: Record<string, string>; body: string };
}

export function get(port: number, host: string, path: string, opts: { method?: string; body?: string; https?: { ca?: string; servername?: string }; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const base = { host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: { Host: host, ...opts.headers }, agent: false as const };
    const onRes = (res: import('node:http').IncomingMessage): void => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        let json: Answer['json'];
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
      });
    };
    const req = opts.https ? httpsRequest({ ...base, ca: opts.https.ca, servername: opts.https.servername ?? host, rejectUnauthorized: !!opts.https.ca }, onRes) : httpRequest(base, onRes);
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Waits until the controller routes `host`+`path` somewhere other than a 404/503 from itself. */
export function routed(port: number, host: string, path: string, want = 200): Promise<Answer> {
  return until(async () => {
    const a = await get(port, host, path);
    return a.status === want ? a : undefined;
  }, 3000, `${host}${path} → ${want}`);
}
