// NetworkPolicyController: watches pods, namespaces and NetworkPolicies and
// keeps this node's nftables table (family inet) equal to the compiled
// policy: a full rewrite on the first sync and after a failed transaction,
// otherwise one `nft -f -` transaction with only the sets, chains and map
// elements that changed. Rate-limited by minSyncIntervalMs.
import type { InformerFactory } from '../controllers/informers.js';
import type { SharedInformer } from '../client/informer.js';
import { NAMESPACES, PODS } from '../client/gvr.js';
import { nftApply, nftAvailable, nftDeleteTable, type NftTarget } from '../network/nft.js';
import { compilePolicies } from './compile.js';
import { toRuleset, type Ruleset } from './render.js';
import { diffScript, fullScript } from './script.js';
import { ensureBridgeNf } from './sysctl.js';
import { NETWORK_POLICIES, type Namespace, type NetworkPolicy, type Pod } from './types.js';

export interface NetworkPolicyOptions {
  /** Shared informers (all namespaces); pods, namespaces and networkpolicies are taken from it. */
  informers: InformerFactory;
  /** Policies are enforced for the pods of this node (their ingress and their egress). */
  nodeName: string;
  /** nftables table name (family inet), e.g. networkNames(dataDir).netpolTable. */
  table: string;
  /** Program this named network namespace instead of the host's (tests). */
  netns?: string;
  /** Least time between two syncs (default 100 ms). */
  minSyncIntervalMs?: number;
  log(line: string): void;
}

export class NetworkPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NetworkPolicyError';
  }
}

export interface NetworkPolicyStats {
  fullSyncs: number;
  incrementalSyncs: number;
  failures: number;
  /** Length of the last applied script, and how long compiling + applying it took. */
  lastScriptBytes: number;
  lastSyncMs: number;
}

/** Removes the table (idempotent). */
export async function cleanupNetworkPolicy(table: string, target: NftTarget = {}): Promise<void> {
  await nftDeleteTable('inet', table, target);
}

export class NetworkPolicyController {
  readonly stats: NetworkPolicyStats = { fullSyncs: 0, incrementalSyncs: 0, failures: 0, lastScriptBytes: 0, lastSyncMs: 0 };
  private readonly pods: SharedInformer<Pod>;
  private readonly namespaces: SharedInformer<Namespace>;
  private readonly policies: SharedInformer<NetworkPolicy>;
  private applied?: Ruleset;
  private running = false;
  private stopped = true;
  private dirty = false;
  private timer?: NodeJS.Timeout;
  private lastStart = 0;
  private failures = 0;
  private firstSync!: () => void;
  private readonly firstSyncDone = new Promise<void>((r) => (this.firstSync = r));

  constructor(private readonly o: NetworkPolicyOptions) {
    this.pods = o.informers.informer<Pod>(PODS);
    this.namespaces = o.informers.informer<Namespace>(NAMESPACES);
    this.policies = o.informers.informer<NetworkPolicy>(NETWORK_POLICIES);
    for (const inf of [this.pods, this.namespaces, this.policies] as SharedInformer[]) {
      inf.addEventHandler({ add: () => this.kick(), update: () => this.kick(), delete: () => this.kick() });
    }
  }

  private get target(): NftTarget {
    return { netns: this.o.netns };
  }

  /**
   * Checks nft, turns br_netfilter on, and begins syncing once the informers
   * have synced (they may be started before or after this call; see synced()).
   */
  async start(): Promise<void> {
    if (!this.stopped) return;
    if (!this.o.netns && !(await nftAvailable())) throw new NetworkPolicyError('nft is not available: network policy cannot be enforced');
    const br = await ensureBridgeNf(this.o.netns);
    if (br.result === 'turned-on') this.o.log('network policy: set net.bridge.bridge-nf-call-iptables=1 (bridged pod traffic passes the forward hook)');
    else if (br.result !== 'on') this.o.log(`network policy: cannot enable net.bridge.bridge-nf-call-iptables (${br.result}${br.detail ? `: ${br.detail}` : ''}); traffic between pods of this node is not policed`);
    this.stopped = false;
    void Promise.all([this.pods, this.namespaces, this.policies].map((i) => i.waitForSync())).then(() => this.kick());
  }

  /** Resolves after the first full ruleset is installed. */
  synced(): Promise<void> {
    return this.firstSyncDone;
  }

  /** Resolves once no sync is scheduled or running. */
  async whenIdle(): Promise<void> {
    while (this.timer || this.running || (this.dirty && !this.stopped && this.informersSynced())) await new Promise((r) => setTimeout(r, 5));
  }

  async stop(o: { cleanup?: boolean } = {}): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.running) await new Promise((r) => setTimeout(r, 5));
    if (o.cleanup) {
      await cleanupNetworkPolicy(this.o.table, this.target);
      this.applied = undefined;
    }
  }

  private informersSynced(): boolean {
    return this.pods.hasSynced() && this.namespaces.hasSynced() && this.policies.hasSynced();
  }

  private kick(): void {
    this.dirty = true;
    if (this.stopped || this.timer || this.running || !this.informersSynced()) return;
    const wait = this.failures
      ? Math.min(500 * 2 ** (this.failures - 1), 30_000)
      : Math.max(0, this.lastStart + (this.o.minSyncIntervalMs ?? 100) - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.sync();
    }, wait);
  }

  private async sync(): Promise<void> {
    if (this.stopped) return;
    this.running = true;
    this.dirty = false;
    this.lastStart = Date.now();
    try {
      const state = compilePolicies({ pods: this.pods.list(), namespaces: this.namespaces.list(), policies: this.policies.list(), nodeName: this.o.nodeName });
      const rs = toRuleset(state);
      const full = !this.applied;
      const script = full ? fullScript(this.o.table, rs) : diffScript(this.o.table, this.applied!, rs);
      if (script) await nftApply(script, this.target);
      this.applied = rs;
      this.failures = 0;
      this.stats.lastScriptBytes = script.length;
      this.stats.lastSyncMs = Date.now() - this.lastStart;
      if (full) {
        this.stats.fullSyncs++;
        this.o.log(`network policy: installed table inet ${this.o.table}: ${state.pods.size} policed pods, ${rs.chains.size} chains, ${rs.sets.size} sets (${this.stats.lastSyncMs} ms)`);
        this.firstSync();
      } else if (script) this.stats.incrementalSyncs++;
    } catch (e) {
      this.applied = undefined; // the next attempt rewrites the whole table
      this.failures++;
      this.stats.failures++;
      this.dirty = true;
      this.o.log(`network policy: sync failed (attempt ${this.failures}; next one rewrites the table): ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
    if (this.dirty) this.kick();
  }
}
