// ServiceProxy: kube-proxy's job on a Skiff node. Watches Services and
// EndpointSlices through the shared informers, keeps the PortPlans of every
// Service, and programs the node's nftables (iptables without nft) with
// coalesced incremental syncs: a change to one Service or its slices rewrites
// only that Service's rules, a full rewrite happens at start and after errors.
import type { InformerFactory } from '../controllers/informers.js';
import { nftAvailable, type NftTarget } from '../network/nft.js';
import { enableRouteLocalnet, type ProxyBackend, type SyncStats } from './backend.js';
import { ConntrackCleaner, staleUdpFlows } from './conntrack.js';
import { IptablesBackend } from './iptables-backend.js';
import { servicePlans, type PortPlan } from './model.js';
import { NftBackend } from './nft-backend.js';
import { ENDPOINTSLICES_GVR, SERVICE_NAME_LABEL, SERVICES_GVR, type ProxyEndpointSlice, type ProxyService } from './types.js';

export interface ServiceProxyOptions {
  informers: InformerFactory;
  nodeName: string;
  /** Pod network, e.g. 10.42.0.0/16: service traffic from outside it is masqueraded. */
  clusterCidr: string;
  /** nftables table (family inet), networkNames(dataDir).proxyTable; also names the iptables chains. */
  table: string;
  /** Cluster IPs never DNAT'd (the node-local DNS address: its server listens there itself). */
  skipClusterIPs?: string[];
  /** Program this network namespace instead of the host (tests). */
  netns?: string;
  backend?: 'nftables' | 'iptables' | 'auto';
  /** nftables: kube-proxy's per-endpoint chains rather than DNAT rules in the policy chains (default false: ~10× fewer chains, faster syncs). */
  endpointChains?: boolean;
  /** Coalescing delay after a change (default 20 ms). */
  minSyncIntervalMs?: number;
  log(line: string): void;
}

export interface ProxyMetrics {
  syncs: number;
  fullSyncs: number;
  failures: number;
  /** The last sync: its stats and wall time (ms, plans + render + apply). */
  last?: SyncStats & { durationMs: number; services: number };
}

type Obj = { metadata?: { namespace?: string; name?: string; labels?: Record<string, string> } };
const objKey = (o: Obj): string => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
const sliceService = (s: Obj): string | undefined => {
  const svc = s.metadata?.labels?.[SERVICE_NAME_LABEL];
  return svc ? `${s.metadata?.namespace ?? ''}/${svc}` : undefined;
};

export class ServiceProxy {
  readonly metrics: ProxyMetrics = { syncs: 0, fullSyncs: 0, failures: 0 };
  private readonly services = new Map<string, ProxyService>();
  private readonly slices = new Map<string, Map<string, ProxyEndpointSlice>>();
  private readonly plans = new Map<string, PortPlan[]>();
  private readonly dirty = new Set<string>();
  private readonly target: NftTarget;
  private readonly skip: Set<string>;
  private backend?: ProxyBackend;
  private fullNeeded = true;
  private started = false;
  private ready = false;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private retryMs = 0;
  private idleWaiters: Array<() => void> = [];
  private readonly conntrack: ConntrackCleaner;

  constructor(private readonly o: ServiceProxyOptions) {
    this.target = o.netns ? { netns: o.netns } : {};
    this.skip = new Set(o.skipClusterIPs ?? []);
    this.conntrack = new ConntrackCleaner(this.target, o.log);
    const svcs = o.informers.informer<ProxyService>(SERVICES_GVR);
    const eps = o.informers.informer<ProxyEndpointSlice>(ENDPOINTSLICES_GVR);
    svcs.addEventHandler({
      add: (s) => this.onService(s),
      update: (_old, s) => this.onService(s),
      delete: (s) => {
        this.services.delete(objKey(s));
        this.mark(objKey(s));
      },
    });
    eps.addEventHandler({
      add: (s) => this.onSlice(undefined, s),
      update: (old, s) => this.onSlice(old, s),
      delete: (s) => this.onSlice(s, undefined),
    });
  }

  /** The backend in use (after start()). */
  get backendName(): string | undefined {
    return this.backend?.name;
  }

  /**
   * Chooses the backend, sets route_localnet, and resolves after the first
   * full sync, which waits for the Service and EndpointSlice informers to
   * sync (start the informer factory without awaiting this first).
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const want = this.o.backend ?? 'auto';
    const useNft = want === 'nftables' || (want === 'auto' && (await nftAvailable()));
    const bo = { table: this.o.table, clusterCidr: this.o.clusterCidr, target: this.target, endpointChains: this.o.endpointChains, log: this.o.log };
    this.backend = useNft ? new NftBackend(bo) : new IptablesBackend(bo);
    await enableRouteLocalnet(this.target).catch((e: Error) => this.o.log(`service proxy: ${e.message} (node ports on 127.0.0.1 will not answer)`));
    await Promise.all([
      this.o.informers.informer(SERVICES_GVR).waitForSync(),
      this.o.informers.informer(ENDPOINTSLICES_GVR).waitForSync(),
    ]);
    if (this.stopped) return;
    this.ready = true;
    this.o.log(`service proxy: ${this.backend.name} backend, table ${this.o.table}${this.o.netns ? ` in netns ${this.o.netns}` : ''}`);
    this.fullNeeded = true;
    await this.runSync();
  }

  /** Stops syncing; with cleanup, removes the table/chains. */
  async stop(o: { cleanup?: boolean } = {}): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => {});
    if (o.cleanup && this.backend) await this.backend.cleanup();
    for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Resolves once no change is pending or being programmed (tests, benchmarks). */
  waitIdle(): Promise<void> {
    if (!this.timer && !this.running && !this.dirty.size) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private onService(s: ProxyService): void {
    this.services.set(objKey(s), s);
    this.mark(objKey(s));
  }

  private onSlice(old: ProxyEndpointSlice | undefined, s: ProxyEndpointSlice | undefined): void {
    const oldSvc = old && sliceService(old);
    if (oldSvc) {
      this.slices.get(oldSvc)?.delete(objKey(old));
      if (this.slices.get(oldSvc)?.size === 0) this.slices.delete(oldSvc);
      this.mark(oldSvc);
    }
    const svc = s && sliceService(s);
    if (svc) {
      let m = this.slices.get(svc);
      if (!m) this.slices.set(svc, (m = new Map()));
      m.set(objKey(s), s);
      this.mark(svc);
    }
  }

  private mark(key: string): void {
    if (this.stopped) return;
    this.dirty.add(key);
    this.schedule(this.o.minSyncIntervalMs ?? 20);
  }

  private schedule(delayMs: number): void {
    if (!this.ready || this.stopped || this.timer || this.running) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runSync();
    }, delayMs);
  }

  private runSync(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.syncOnce().finally(() => {
      this.running = undefined;
      if (this.dirty.size || this.fullNeeded) this.schedule(this.retryMs || (this.o.minSyncIntervalMs ?? 20));
      else if (!this.timer) for (const w of this.idleWaiters.splice(0)) w();
    });
    return this.running;
  }

  private async syncOnce(): Promise<void> {
    if (!this.backend || this.stopped) return;
    const t0 = performance.now();
    const full = this.fullNeeded;
    const changed = full ? new Set([...this.services.keys(), ...this.plans.keys()]) : new Set(this.dirty);
    this.dirty.clear();
    const before = new Map<string, PortPlan[]>();
    for (const key of changed) {
      const old = this.plans.get(key);
      if (old) before.set(key, old);
    }
    for (const key of changed) {
      const svc = this.services.get(key);
      const plans = svc ? servicePlans(svc, this.slices.get(key)?.values() ?? [], { nodeName: this.o.nodeName, skipClusterIPs: this.skip }) : [];
      if (plans.length) this.plans.set(key, plans);
      else this.plans.delete(key);
    }
    try {
      const stats = await this.backend.sync(this.plans, full ? null : changed);
      this.fullNeeded = false;
      this.retryMs = 0;
      this.metrics.syncs++;
      if (stats.kind === 'full') this.metrics.fullSyncs++;
      this.metrics.last = { ...stats, durationMs: performance.now() - t0, services: this.plans.size };
      const stale = staleUdpFlows(before, this.plans, changed);
      if (stale.length) await this.conntrack.clear(stale);
    } catch (e) {
      this.metrics.failures++;
      this.fullNeeded = true;
      this.retryMs = Math.min(Math.max(this.retryMs * 2, 500), 30_000);
      this.o.log(`service proxy: sync failed (retrying in ${this.retryMs} ms): ${(e as Error).message}`);
    }
  }
}
