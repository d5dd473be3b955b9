// The built-in ingress controller (API gateway): watches Ingresses,
// IngressClasses, Services, EndpointSlices and Secrets; serves the Ingresses
// of its class on an HTTP and an HTTPS port (SNI certificates from the
// Ingresses' TLS Secrets, a self-signed default otherwise); writes their
// status.loadBalancer; creates the default IngressClass `skiff` on start.
// Requests before the caches have synced get a 503.
import { Agent } from 'node:http';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { EventRecorder, type Recorder } from '../agent/events.js';
import type { SharedInformer } from '../client/informer.js';
import { objectKey, type ResourceClient } from '../client/types.js';
import type { InformerFactory } from '../controllers/informers.js';
import { Backends } from './backends.js';
import { selfSigned, type PemPair } from './certs.js';
import { defaultIngressClass, selectClasses, serves, type ClassSelection } from './class.js';
import { handleRequest, type ProxyContext } from './proxy.js';
import { RouteTable } from './routes.js';
import { StatusWriter } from './status.js';
import { TlsCertificates } from './tls.js';
import { ENDPOINTSLICES, type EndpointSlice, INGRESSCLASSES, INGRESSES, type Ingress, type IngressClass, SECRETS, type Secret, SERVICE_NAME_LABEL, SERVICES, type Service } from './types.js';
import { handleUpgrade } from './upgrade.js';

export interface IngressControllerOptions {
  informers: InformerFactory;
  client: ResourceClient;
  /** Addresses for status.loadBalancer.ingress[].ip. */
  nodeAddresses: () => string[];
  /** 0: an ephemeral port. */
  httpPort: number;
  httpsPort: number;
  bindAddress?: string;
  /** Our IngressClass (default `skiff`). */
  className?: string;
  log(line: string): void;
  /** Request log lines (default: to `log`); false: none. */
  accessLog?: boolean | ((line: string) => void);
  /** Default: an EventRecorder writing Events as `skiff-ingress-controller`. */
  recorder?: Recorder;
  /** Default: a generated self-signed certificate. */
  defaultCertificate?: PemPair;
  /** Endpoints tried per request (default 3) and the connect timeout (default 5 s). */
  maxTries?: number;
  connectTimeoutMs?: number;
}

export class IngressController {
  private readonly ingresses: SharedInformer<Ingress>;
  private readonly classes: SharedInformer<IngressClass>;
  private readonly services: SharedInformer<Service>;
  private readonly slices: SharedInformer<EndpointSlice>;
  private readonly secrets: SharedInformer<Secret>;
  private readonly backends: Backends;
  private readonly tls: TlsCertificates;
  private readonly status: StatusWriter;
  private readonly agent = new Agent({ keepAlive: true, maxFreeSockets: 512, scheduling: 'lifo' });
  private readonly className: string;
  private readonly ctx: ProxyContext;
  private readonly problems = new Set<string>();
  private table = new RouteTable();
  private selection: ClassSelection;
  private synced = false;
  private rebuildQueued = false;
  private stopped = false;
  private http?: HttpServer;
  private https?: HttpsServer;
  private resync?: NodeJS.Timeout;

  constructor(private readonly o: IngressControllerOptions) {
    this.className = o.className ?? 'skiff';
    this.selection = selectClasses([], this.className);
    this.ingresses = o.informers.informer<Ingress>(INGRESSES);
    this.classes = o.informers.informer<IngressClass>(INGRESSCLASSES);
    this.services = o.informers.informer<Service>(SERVICES);
    this.slices = o.informers.informer<EndpointSlice>(ENDPOINTSLICES);
    this.secrets = o.informers.informer<Secret>(SECRETS);
    this.backends = new Backends(this.services, this.slices);
    const recorder = o.recorder ?? new EventRecorder(o.client, hostname(), 'skiff-ingress-controller', (e) => o.log(`ingress: event: ${String(e)}`));
    this.tls = new TlsCertificates(this.secrets, recorder, o.log);
    this.status = new StatusWriter(o.client, this.ingresses, (i) => serves(i, this.selection), o.nodeAddresses, o.log);
    const access = o.accessLog === false ? undefined : typeof o.accessLog === 'function' ? o.accessLog : o.log;
    this.ctx = {
      match: (host, path) => this.table.match(host, path),
      ready: () => this.synced,
      backends: this.backends,
      agent: this.agent,
      log: o.log,
      access,
      problem: (msg) => {
        if (this.problems.has(msg) || this.problems.size > 1000) return;
        this.problems.add(msg);
        o.log(msg);
      },
      maxTries: o.maxTries ?? 3,
      connectTimeoutMs: o.connectTimeoutMs ?? 5000,
    };
    const rebuild = { add: () => this.queueRebuild(), update: () => this.queueRebuild(), delete: () => this.queueRebuild() };
    this.ingresses.addEventHandler(rebuild);
    this.classes.addEventHandler(rebuild);
    const svc = (s: Service): void => this.backends.invalidate(objectKey(s));
    this.services.addEventHandler({ add: svc, update: (_, s) => svc(s), delete: svc });
    const slice = (s: EndpointSlice): void => {
      const name = s.metadata?.labels?.[SERVICE_NAME_LABEL];
      if (name) this.backends.invalidate(`${s.metadata?.namespace}/${name}`);
    };
    this.slices.addEventHandler({ add: slice, update: (a, b) => (slice(a), slice(b)), delete: slice });
    const secret = (s: Secret): void => {
      if (this.synced) this.tls.secretChanged(objectKey(s));
    };
    this.secrets.addEventHandler({ add: secret, update: (_, s) => secret(s), delete: secret });
  }

  get httpPort(): number {
    return (this.http?.address() as AddressInfo | null)?.port ?? 0;
  }

  get httpsPort(): number {
    return (this.https?.address() as AddressInfo | null)?.port ?? 0;
  }

  /** Listens on both ports; routes once the informers have synced (started now or later). */
  async start(): Promise<void> {
    await this.ensureClass();
    const cert = this.o.defaultCertificate ?? (await selfSigned('Skiff Ingress Default Certificate', ['ingress.local']));
    const host = this.o.bindAddress ?? '0.0.0.0';
    const http = createHttpServer({ keepAliveTimeout: 60_000 });
    http.on('request', (req, res) => handleRequest(this.ctx, req, res, 'http', this.httpPort));
    http.on('upgrade', (req, sock, head) => handleUpgrade(this.ctx, req, sock, head, 'http', this.httpPort));
    const https = createHttpsServer({ cert: cert.cert, key: cert.key, SNICallback: this.tls.sniCallback, keepAliveTimeout: 60_000 });
    https.on('request', (req, res) => handleRequest(this.ctx, req, res, 'https', this.httpsPort));
    https.on('upgrade', (req, sock, head) => handleUpgrade(this.ctx, req, sock, head, 'https', this.httpsPort));
    for (const s of [http, https]) s.on('error', (e) => this.o.log(`ingress: server error: ${e.message}`));
    https.on('tlsClientError', () => {});
    await listen(http, this.o.httpPort, host);
    this.http = http;
    try {
      await listen(https, this.o.httpsPort, host);
    } catch (e) {
      http.close();
      throw e;
    }
    this.https = https;
    void Promise.all([this.ingresses, this.classes, this.services, this.slices, this.secrets].map((i) => i.waitForSync())).then(() => {
      if (this.stopped) return;
      this.synced = true;
      this.rebuild();
    });
    this.resync = setInterval(() => this.synced && this.status.sync(), 60_000);
    this.resync.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.resync) clearInterval(this.resync);
    this.status.stop();
    const close = (s?: HttpServer | HttpsServer): Promise<void> =>
      new Promise((r) => {
        if (!s) return r();
        s.close(() => r());
        s.closeAllConnections();
      });
    await Promise.all([close(this.http), close(this.https)]);
    this.agent.destroy();
  }

  /** The current routing table (for tests and diagnostics). */
  routes(): RouteTable {
    return this.table;
  }

  private async ensureClass(): Promise<void> {
    try {
      await this.o.client.create(INGRESSCLASSES, '', defaultIngressClass(this.className));
      this.o.log(`ingress: created IngressClass ${this.className} (default)`);
    } catch (e) {
      const code = (e as { code?: number }).code;
      if (code !== 409) this.o.log(`ingress: creating IngressClass ${this.className}: ${(e as Error).message}`);
    }
  }

  private queueRebuild(): void {
    if (this.rebuildQueued || !this.synced) return;
    this.rebuildQueued = true;
    setImmediate(() => {
      this.rebuildQueued = false;
      if (!this.stopped) this.rebuild();
    });
  }

  private rebuild(): void {
    this.selection = selectClasses(this.classes.list(), this.className);
    const served = this.ingresses.list().filter((i) => serves(i, this.selection));
    this.table = RouteTable.build(served);
    this.problems.clear();
    this.tls.update(served);
    this.status.sync(served);
  }
}

function listen(s: HttpServer | HttpsServer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.listen(port, host, () => {
      s.off('error', reject);
      resolve();
    });
  });
}
