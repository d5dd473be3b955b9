// One monitorNodeHealth pass (upstream node_lifecycle_controller.go): for
// each node, decide from its Lease and Ready heartbeat whether the kubelet is
// still alive; mark a silent node's conditions Unknown; keep the NoExecute
// not-ready/unreachable taint in step with the Ready condition; and when a
// node stops being Ready, record NodeNotReady and mark its pods not ready.
import type * as k8s from 'kubernetes-types/coordination/v1.js';
import type { KubeObject } from '../../apiserver/types.js';
import type { Recorder } from '../../agent/events.js';
import { NODES } from '../../client/gvr.js';
import { isConflict, isNotFound } from '../../client/errors.js';
import type { Informer, ResourceClient } from '../../client/types.js';
import { markPodsNotReady, type Pod } from './mark-pods.js';
import { type NodeHealthTracker, readyCondition, unknownConditions } from './health.js';
import { type Node, updateNodeTaints } from './node-taints.js';
import { hasTaint, type Taint, TAINT_NOT_READY, TAINT_UNREACHABLE } from './taints.js';

export type Lease = k8s.Lease & KubeObject;
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export const NOT_READY_NO_EXECUTE: Taint = { key: TAINT_NOT_READY, effect: 'NoExecute' };
export const UNREACHABLE_NO_EXECUTE: Taint = { key: TAINT_UNREACHABLE, effect: 'NoExecute' };

/** The NoExecute taint edit a Ready status calls for (processTaintBaseEviction without the rate limiter). */
export function noExecuteDiff(node: Node, readyStatus: string | undefined): { add: Taint[]; remove: Taint[] } {
  const taints = node.spec?.taints;
  const want = readyStatus === 'False' ? NOT_READY_NO_EXECUTE : readyStatus === 'Unknown' ? UNREACHABLE_NO_EXECUTE : undefined;
  const add = want && !hasTaint(taints, want) ? [want] : [];
  const remove = [NOT_READY_NO_EXECUTE, UNREACHABLE_NO_EXECUTE].filter((t) => t !== want && hasTaint(taints, t));
  return { add, remove };
}

export interface MonitorDeps {
  client: ResourceClient;
  nodes: Informer<Node>;
  leases: Informer<Lease>;
  podsOnNode(name: string): Pod[];
  tracker: NodeHealthTracker;
  recorder: Recorder;
  log(line: string): void;
  now(): number;
}

export class NodeMonitor {
  /** Nodes whose pods could not all be marked not ready (retried next pass). */
  private readonly retry = new Set<string>();

  constructor(private readonly d: MonitorDeps) {}

  async pass(): Promise<void> {
    const nodes = this.d.nodes.list();
    const names = new Set(nodes.map((n) => String(n.metadata?.name)));
    for (const gone of this.d.tracker.names()) if (!names.has(gone)) (this.d.tracker.forget(gone), this.retry.delete(gone));
    for (const node of nodes) {
      try {
        await this.check(node);
      } catch (e) {
        if (!isNotFound(e)) this.d.log(`node-lifecycle-controller: node ${node.metadata?.name}: ${(e as Error).message}`);
      }
    }
  }

  private async check(node: Node): Promise<void> {
    const name = String(node.metadata?.name);
    const lease = this.d.leases.get(`${NODE_LEASE_NAMESPACE}/${name}`);
    const { stale } = this.d.tracker.observe(node, lease?.spec?.renewTime);
    const observed = readyCondition(node);
    let current = node;
    if (stale) {
      const { conditions, changed } = unknownConditions(node, this.d.now());
      if (changed) {
        try {
          current = await this.d.client.update<Node>(NODES, '', { ...node, status: { ...node.status, conditions } }, { subresource: 'status' });
        } catch (e) {
          if (isConflict(e)) return; // the kubelet wrote meanwhile: look again next pass
          throw e;
        }
        this.d.tracker.wrote(current);
      }
    }
    const ready = readyCondition(current);
    if (!ready) return;
    const diff = noExecuteDiff(current, ready.status);
    if (diff.add.length || diff.remove.length) await updateNodeTaints(this.d.client, name, diff.add, diff.remove);
    const turnedNotReady = ready.status !== 'True' && observed?.status === 'True';
    if (turnedNotReady) {
      this.d.recorder.event({ kind: 'Node', apiVersion: 'v1', name, uid: node.metadata?.uid }, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
    }
    if (ready.status === 'True') this.retry.delete(name);
    else if (turnedNotReady || this.retry.has(name)) {
      const err = await markPodsNotReady(this.d.client, this.d.recorder, this.d.podsOnNode(name), name);
      if (err) this.retry.add(name);
      else this.retry.delete(name);
    }
  }
}
