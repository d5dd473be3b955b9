// SimulatedNodes: N nodes that register, renew their Leases, and play kubelet
// for the pods bound to them: mark them Running and Ready (no containers),
// end them when they ask to exit (see pod-status.ts), and confirm deletions
// at once. One pod informer and one work queue serve every simulated node.
import type { KubeObject } from '../apiserver/types.js';
import { PODS, NODES } from '../client/gvr.js';
import { isConflict, isNotFound } from '../client/errors.js';
import { SharedInformer } from '../client/informer.js';
import { compactForCache } from '../client/intern.js';
import { objectKey, type ResourceClient } from '../client/types.js';
import { renewLease } from '../agent/node.js';
import { QueueWorkers } from '../controllers/worker.js';
import { allocateNodeSubnet } from '../network/cidr.js';
import { IpPool } from './ip-pool.js';
import { registerSimulatedNode, simulatedNodeStatus } from './nodes.js';
import { exitedStatus, plannedExit, runningStatus } from './pod-status.js';

export interface SimulatorOptions {
  count: number;
  /** Node names are `<prefix>-<i>` (default 'sim-node'). */
  prefix?: string;
  /** Pod network the nodes' /24s are taken from (default 10.42.0.0/16; subnets in use by other nodes are skipped). */
  clusterCidr?: string;
  /** Lease renewal period (default 10 s). */
  leaseRenewMs?: number;
  /** Node status (conditions, heartbeat) re-posted this often (default 60 s), so a node marked Unknown recovers. */
  nodeStatusMs?: number;
  /** Status writes in flight at once (default 32). */
  concurrency?: number;
  log?(line: string): void;
}

interface SimNode {
  name: string;
  podCidr: string;
  uid: string;
  hostIp: string;
  pool: IpPool;
}

type Pod = KubeObject & { spec?: { nodeName?: string; restartPolicy?: string }; status?: { phase?: string; podIP?: string; startTime?: string } };

export class SimulatedNodes {
  private readonly nodes = new Map<string, SimNode>();
  private readonly pods: SharedInformer<Pod>;
  private readonly workers: QueueWorkers;
  private leaseTimer?: NodeJS.Timeout;
  private statusTimer?: NodeJS.Timeout;
  private readonly log: (line: string) => void;

  constructor(private readonly client: ResourceClient, private readonly o: SimulatorOptions) {
    this.log = o.log ?? (() => {});
    this.pods = new SharedInformer<Pod>(client, PODS, '', { onError: (e) => this.log(`simulator pods: ${e.message}`), transform: compactForCache });
    this.workers = new QueueWorkers('simulated-kubelet', (k) => this.sync(k), this.log);
  }

  get nodeNames(): string[] {
    return [...this.nodes.keys()];
  }

  async start(): Promise<void> {
    const prefix = this.o.prefix ?? 'sim-node';
    const existing = await this.client.list(NODES, '');
    const taken = existing.items.flatMap((n) => ((n.spec as { podCIDRs?: string[] } | undefined)?.podCIDRs ?? []));
    for (let i = 0; i < this.o.count; i++) {
      const name = `${prefix}-${i}`;
      const mine = existing.items.find((n) => n.metadata?.name === name);
      const podCidr = (mine?.spec as { podCIDR?: string } | undefined)?.podCIDR ?? allocateNodeSubnet(this.o.clusterCidr ?? '10.42.0.0/16', taken);
      taken.push(podCidr);
      const hostIp = `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`;
      const uid = await registerSimulatedNode(this.client, { name, podCidr }, hostIp);
      this.nodes.set(name, { name, podCidr, uid, hostIp, pool: new IpPool(podCidr) });
    }
    const enqueue = (p: Pod): void => {
      if (this.nodes.has(p.spec?.nodeName ?? '')) this.workers.queue.add(objectKey(p));
    };
    this.pods.addEventHandler({ add: enqueue, update: (_o, n) => enqueue(n), delete: (p) => this.forget(p) });
    this.workers.start(this.o.concurrency ?? 32);
    await this.pods.start();
    this.leaseTimer = setInterval(() => void this.renewLeases(), this.o.leaseRenewMs ?? 10_000);
    this.statusTimer = setInterval(() => void this.postStatuses(), this.o.nodeStatusMs ?? 60_000);
    this.log(`simulated nodes up: ${this.nodeNames.join(', ')}`);
  }

  /** Stops heartbeats and pod handling; the Nodes stay (and go NotReady once their Leases expire). */
  async stop(): Promise<void> {
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    if (this.statusTimer) clearInterval(this.statusTimer);
    this.pods.stop();
    await this.workers.stop();
  }

  private async renewLeases(): Promise<void> {
    await Promise.all(
      [...this.nodes.values()].map((n) => renewLease(this.client, n.name, n.uid).catch((e: unknown) => this.log(`simulated node ${n.name} lease: ${String(e)}`))),
    );
  }

  private async postStatuses(): Promise<void> {
    for (const n of this.nodes.values()) {
      const status = simulatedNodeStatus({ name: n.name, podCidr: n.podCidr }, n.hostIp);
      await this.client.patch(NODES, '', n.name, 'merge', { status }, { subresource: 'status' }).catch((e: unknown) => this.log(`simulated node ${n.name} status: ${String(e)}`));
    }
  }

  private forget(p: Pod): void {
    this.nodes.get(p.spec?.nodeName ?? '')?.pool.release(String(p.metadata?.uid));
  }

  private async sync(key: string): Promise<void> {
    const pod = this.pods.get(key);
    if (!pod) return;
    const node = this.nodes.get(pod.spec?.nodeName ?? '');
    if (!node) return;
    const ns = String(pod.metadata?.namespace);
    const name = String(pod.metadata?.name);
    const uid = String(pod.metadata?.uid);
    try {
      if (pod.metadata?.deletionTimestamp) {
        await this.client.delete(PODS, ns, name, { gracePeriodSeconds: 0, preconditions: { uid } });
        node.pool.release(uid);
        return;
      }
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') return node.pool.release(uid);
      const ip = pod.status?.podIP ? node.pool.take(uid, pod.status.podIP) : node.pool.get(uid);
      if (phase !== 'Running') {
        await this.client.patch(PODS, ns, name, 'merge', { status: runningStatus(pod, node.hostIp, ip) }, { subresource: 'status' });
        return;
      }
      const exit = plannedExit(pod);
      if (!exit) return;
      const wait = exit.at - Date.now();
      if (wait > 0) return this.workers.queue.addAfter(key, wait);
      await this.client.patch(PODS, ns, name, 'merge', { status: exitedStatus(pod, node.hostIp, ip, exit.code) }, { subresource: 'status' });
    } catch (e) {
      if (isNotFound(e) || isConflict(e)) return;
      throw e;
    }
  }
}
