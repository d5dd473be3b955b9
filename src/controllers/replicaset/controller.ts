// The ReplicaSet controller (upstream pkg/controller/replicaset), also run for
// ReplicationControllers: pod and owner events enqueue `ns/name` keys; a sync
// claims pods, creates or deletes to match spec.replicas, and writes status.
import type { KubeObject } from '../../apiserver/types.js';
import { PODS } from '../../client/gvr.js';
import type { SharedInformer } from '../../client/informer.js';
import { objectKey } from '../../client/types.js';
import { controllerOf } from '../controller-ref.js';
import { PodControl } from '../pod-control.js';
import type { Controller, ControllerContext } from '../types.js';
import { QueueWorkers } from '../worker.js';
import { PodExpectations } from './expectations.js';
import { BY_NAMESPACE, indexOwners, indexPods } from './indexes.js';
import type { ReplicaKind, ReplicaOwner } from './kinds.js';
import { BURST_REPLICAS, podKey } from './manage.js';
import { isPodReady, type Pod } from './pods.js';
import { syncOwner } from './sync.js';

export interface ReplicaControllerOptions {
  burst?: number;
}

export class ReplicaSetController implements Controller {
  readonly name: string;
  readonly workers: QueueWorkers;
  readonly expectations = new PodExpectations();
  readonly owners: SharedInformer<ReplicaOwner>;
  readonly pods: SharedInformer<Pod>;
  readonly podControl: PodControl;
  readonly burst: number;

  constructor(
    readonly ctx: ControllerContext,
    readonly kind: ReplicaKind,
    opts: ReplicaControllerOptions = {},
  ) {
    this.name = kind.controllerName;
    this.burst = opts.burst ?? BURST_REPLICAS;
    this.owners = ctx.informers.informer<ReplicaOwner>(kind.gvr);
    this.pods = ctx.informers.informer<Pod>(PODS);
    indexOwners(this.owners as SharedInformer<KubeObject>);
    indexPods(this.pods as SharedInformer<KubeObject>);
    this.podControl = new PodControl(ctx.client, ctx.recorder(kind.component));
    this.workers = new QueueWorkers(this.name, (key) => syncOwner(this, key), ctx.log);
  }

  run(): void {
    this.owners.addEventHandler({
      add: (o) => this.enqueue(o),
      update: (old, cur) => {
        if (old.metadata?.uid !== cur.metadata?.uid) this.expectations.delete(objectKey(old));
        this.enqueue(cur);
      },
      delete: (o) => {
        this.expectations.delete(objectKey(o));
        this.enqueue(o);
      },
    });
    this.pods.addEventHandler({ add: (p) => this.addPod(p), update: (o, c) => this.updatePod(o, c), delete: (p) => this.deletePod(p) });
    this.workers.start(this.ctx.options.workers ?? 5);
  }

  async stop(): Promise<void> {
    await this.workers.stop();
  }

  enqueue(o: KubeObject): void {
    this.workers.queue.add(objectKey(o));
  }

  /** The owner a pod's controller reference names, if it is of our kind and still the same object. */
  resolveOwner(pod: Pod, ref = controllerOf(pod)): ReplicaOwner | undefined {
    if (!ref || ref.kind !== this.kind.kind) return undefined;
    const owner = this.owners.get(`${pod.metadata?.namespace}/${ref.name}`);
    return owner?.metadata?.uid === ref.uid ? owner : undefined;
  }

  /** Owners whose selector matches an orphan pod. */
  ownersSelecting(pod: Pod): ReplicaOwner[] {
    return this.owners.byIndex(BY_NAMESPACE, pod.metadata?.namespace ?? '').filter((o) => this.kind.selector(o)?.matches(pod.metadata?.labels) ?? false);
  }

  private addPod(pod: Pod): void {
    if (pod.metadata?.deletionTimestamp) return this.deletePod(pod);
    const ref = controllerOf(pod);
    if (ref) {
      const owner = this.resolveOwner(pod, ref);
      if (!owner) return;
      this.expectations.creationObserved(objectKey(owner));
      return this.enqueue(owner);
    }
    for (const o of this.ownersSelecting(pod)) this.enqueue(o);
  }

  private updatePod(old: Pod, cur: Pod): void {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    const labelsChanged = JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(cur.metadata?.labels ?? {});
    if (cur.metadata?.deletionTimestamp) {
      this.deletePod(cur);
      if (labelsChanged) this.deletePod(old);
      return;
    }
    const curRef = controllerOf(cur);
    const oldRef = controllerOf(old);
    const refChanged = curRef?.uid !== oldRef?.uid;
    if (refChanged && oldRef) {
      const prev = this.resolveOwner(old, oldRef);
      if (prev) this.enqueue(prev);
    }
    if (curRef) {
      const owner = this.resolveOwner(cur, curRef);
      if (!owner) return;
      this.enqueue(owner);
      const minReady = owner.spec?.minReadySeconds ?? 0;
      // Check availability again once the pod has been ready long enough.
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0) this.workers.queue.addAfter(objectKey(owner), minReady * 1000 + 1000);
      return;
    }
    if (labelsChanged || refChanged) for (const o of this.ownersSelecting(cur)) this.enqueue(o);
  }

  private deletePod(pod: Pod): void {
    const owner = this.resolveOwner(pod);
    if (!owner) return;
    const key = objectKey(owner);
    this.expectations.deletionObserved(key, podKey(pod));
    this.enqueue(owner);
  }
}
