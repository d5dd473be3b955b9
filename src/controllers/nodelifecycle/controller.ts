// The node lifecycle controller: a periodic health pass over every node
// (monitor.ts) and, on node changes, TaintNodesByCondition's NoSchedule taints.
import { LEASES } from '../../agent/types.js';
import { NODES, PODS } from '../../client/gvr.js';
import { isNotFound } from '../../client/errors.js';
import type { Controller, ControllerContext, ControllerOptions } from '../types.js';
import { QueueWorkers } from '../worker.js';
import { NodeHealthTracker } from './health.js';
import type { Pod } from './mark-pods.js';
import { type Lease, NodeMonitor } from './monitor.js';
import { type Node, noScheduleDiff, updateNodeTaints } from './node-taints.js';
import { POD_NODE_INDEX, podNodeIndex } from './taint-controller.js';

/** Node lifecycle tunables beyond the shared ControllerOptions. */
export interface NodeLifecycleOptions extends ControllerOptions {
  /** Grace for a node that never posted a Ready condition (default 60 s, upstream's nodeStartupGracePeriod). */
  nodeStartupGracePeriodMs?: number;
}

export const DEFAULT_MONITOR_PERIOD_MS = 5_000;
export const DEFAULT_GRACE_PERIOD_MS = 40_000;
export const DEFAULT_STARTUP_GRACE_PERIOD_MS = 60_000;

export class NodeLifecycleController implements Controller {
  readonly name = 'nodelifecycle';
  private readonly workers: QueueWorkers;
  private timer?: NodeJS.Timeout;
  private passing?: Promise<void>;
  private monitor?: NodeMonitor;

  constructor(private readonly ctx: ControllerContext) {
    this.workers = new QueueWorkers('nodelifecycle', (k) => this.syncNoSchedule(k), ctx.log);
  }

  run(): void {
    const o = this.ctx.options as NodeLifecycleOptions;
    const nodes = this.ctx.informers.informer<Node>(NODES);
    const pods = this.ctx.informers.informer<Pod>(PODS);
    const leases = this.ctx.informers.informer<Lease>(LEASES);
    pods.addIndex(POD_NODE_INDEX, podNodeIndex);
    const tracker = new NodeHealthTracker({
      gracePeriodMs: o.nodeMonitorGracePeriodMs ?? DEFAULT_GRACE_PERIOD_MS,
      startupGracePeriodMs: o.nodeStartupGracePeriodMs ?? DEFAULT_STARTUP_GRACE_PERIOD_MS,
    });
    this.monitor = new NodeMonitor({
      client: this.ctx.client,
      nodes,
      leases,
      podsOnNode: (name) => pods.byIndex(POD_NODE_INDEX, name),
      tracker,
      recorder: this.ctx.recorder('node-controller'),
      log: this.ctx.log,
      now: Date.now,
    });
    const enqueue = (n: Node): void => this.workers.queue.add(String(n.metadata?.name));
    nodes.addEventHandler({ add: enqueue, update: (_o, n) => enqueue(n) });
    this.workers.start(this.ctx.options.workers ?? 5);
    const period = o.nodeMonitorPeriodMs ?? DEFAULT_MONITOR_PERIOD_MS;
    this.timer = setInterval(() => {
      if (this.passing || !nodes.hasSynced() || !leases.hasSynced() || !pods.hasSynced()) return;
      this.passing = this.monitor!.pass().finally(() => (this.passing = undefined));
    }, period);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.workers.stop();
    await this.passing;
  }

  /** doNoScheduleTaintingPass for one node. */
  private async syncNoSchedule(name: string): Promise<void> {
    const node = this.ctx.informers.informer<Node>(NODES).get(name);
    if (!node) return;
    const { add, remove } = noScheduleDiff(node);
    if (!add.length && !remove.length) return;
    try {
      await updateNodeTaints(this.ctx.client, name, add, remove);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}
