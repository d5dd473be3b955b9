// The API server: datastore + watch cache + registry of every built-in kind
// (and CRDs), behind the HTTP front.
import { admitDefaultIngressClass } from './lifecycle/default-ingress-class.js';
import { admitDefaultStorageClass } from './lifecycle/default-storage-class.js';
import type { Backend } from '../datastore/backend.js';
import { builtinResources } from './kinds/builtin.js';
import { HttpFront, type NonResourceHandler } from './http/server.js';
import type { HandlerServices } from './http/request.js';
import { admitNamespace, NamespaceFinalizer, namespaceDeletionPending, SYSTEM_NAMESPACES } from './lifecycle/namespaces.js';
import { WatchCache } from './registry/cache.js';
import { Registry } from './registry/registry.js';
import type { StoreHooks } from './registry/store.js';
import { StatusError } from './errors.js';
import { SKIFF_VERSION, versionInfo } from '../version.js';

export interface ApiServerOptions {
  backend: Backend;
  host?: string;
  port?: number;
  log?: (line: string) => void;
  /** Clock, for tests. */
  now?: () => Date;
}

export interface ServerExtension {
  /** Extra non-resource routes (OpenAPI, …). */
  routes?: NonResourceHandler[];
  /** Extra handler services (schemas, apply). */
  services?: Partial<HandlerServices>;
  /** HTTP upgrade handler (streams proxied to node agents). */
  upgrade?(req: import('node:http').IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): Promise<boolean>;
  hooks?: Partial<StoreHooks>;
  /** Called once the registry exists, before serving. */
  init?(server: ApiServer): void | Promise<void>;
  /** Called once the server listens and the system namespaces exist. */
  ready?(server: ApiServer): void | Promise<void>;
  /** Called on shutdown, before the datastore closes. */
  stop?(): void | Promise<void>;
}

export class ApiServer {
  readonly cache: WatchCache;
  readonly registry: Registry;
  private readonly http: HttpFront;
  private readonly finalizer: NamespaceFinalizer;
  private readonly hooks: StoreHooks;
  readonly services: HandlerServices;
  private ready = false;
  port = 0;
  readonly log: (line: string) => void;

  constructor(
    private readonly o: ApiServerOptions,
    private readonly extensions: ServerExtension[] = [],
  ) {
    this.log = o.log ?? ((l) => process.stderr.write(l + '\n'));
    this.cache = new WatchCache(o.backend);
    const now = o.now ?? (() => new Date());
    this.hooks = {
      admitNamespace: (ns) => admitNamespace(this.cache, ns),
      admitCreate: (def, obj) => {
        admitDefaultStorageClass(this.cache, def, obj);
        admitDefaultIngressClass(this.cache, def, obj);
      },
    };
    for (const e of extensions) Object.assign(this.hooks, e.hooks ?? {});
    this.registry = new Registry({ backend: o.backend, cache: this.cache, hooks: this.hooks, now });
    for (const def of builtinResources()) {
      if (def.group === '' && def.kind === 'Namespace') def.strategy = { ...def.strategy, deletionPending: namespaceDeletionPending };
      this.registry.add(def);
    }
    this.services = { registry: this.registry, now };
    for (const e of extensions) Object.assign(this.services, e.services ?? {});
    this.http = new HttpFront({
      registry: this.registry,
      services: this.services,
      version: versionInfo(),
      routes: extensions.flatMap((e) => e.routes ?? []),
      upgrade: async (req, socket, head) => {
        for (const e of extensions) if (e.upgrade && (await e.upgrade(req, socket, head))) return true;
        return false;
      },
      health: () => this.failingChecks(),
      log: this.log,
    });
    this.finalizer = new NamespaceFinalizer(this.registry, this.cache, this.log);
  }

  private failingChecks(): string[] {
    const out: string[] = [];
    if (!this.ready) out.push('poststarthook/skiff-bootstrap');
    if (this.cache.error) out.push('etcd');
    return out;
  }

  async start(): Promise<void> {
    await this.o.backend.start();
    await this.cache.start();
    for (const e of this.extensions) await e.init?.(this);
    this.port = await this.http.listen(this.o.port ?? 6443, this.o.host ?? '127.0.0.1');
    await this.bootstrap();
    for (const e of this.extensions) await e.ready?.(this);
    this.finalizer.start();
    this.ready = true;
  }

  /** The system namespaces exist (created once, kept across restarts). */
  private async bootstrap(): Promise<void> {
    const ns = this.registry.lookup('', 'v1', 'namespaces')!;
    for (const name of SYSTEM_NAMESPACES) {
      try {
        await ns.create('', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { fieldManager: 'skiff' });
      } catch (e) {
        if (!(e instanceof StatusError && e.reason === 'AlreadyExists')) throw e;
      }
    }
  }

  async stop(): Promise<void> {
    this.ready = false;
    this.finalizer.stop();
    await this.http.close();
    for (const e of this.extensions) await e.stop?.();
    this.cache.stop();
    await this.o.backend.close();
  }

  /** The address the server listens on. */
  get host(): string {
    return this.o.host ?? '127.0.0.1';
  }

  get url(): string {
    return `http://${this.o.host ?? '127.0.0.1'}:${this.port}`;
  }
}

export { SKIFF_VERSION };
