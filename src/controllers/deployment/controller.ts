// The deployment controller (upstream deployment_controller.go): watches
// Deployments, ReplicaSets and Pods, enqueues the owning deployment's key,
// and per key claims the replica sets its selector matches (adopting
// orphans, releasing non-matching ones) before running the sync.
import { labelSelectorAsSelector, selectorIsEmptyObject } from '../../apiserver/kinds/apps/selector.js';
import type { KubeObject } from '../../apiserver/types.js';
import { PODS } from '../../client/gvr.js';
import { namespaceIndex } from '../../client/store.js';
import { type Informer, objectKey } from '../../client/types.js';
import { claimObjects, controllerOf } from '../controller-ref.js';
import type { Controller, ControllerContext } from '../types.js';
import { QueueWorkers } from '../worker.js';
import { event, type SyncEnv, updateDeploymentStatus } from './env.js';
import type { PodMap } from './recreate.js';
import { syncClaimed } from './sync.js';
import { type Deployment, DEPLOYMENTS, REPLICASETS, type ReplicaSet } from './types.js';

export class InvalidSelectorError extends Error {
  constructor(d: Deployment) {
    super(`deployment ${d.metadata?.namespace}/${d.metadata?.name} has invalid label selector`);
    this.name = 'InvalidSelectorError';
  }
}

export class DeploymentGoneError extends Error {
  constructor(d: Deployment, uid: unknown) {
    super(`original Deployment ${d.metadata?.namespace}/${d.metadata?.name} is gone: got uid ${String(uid)}, wanted ${d.metadata?.uid}`);
    this.name = 'DeploymentGoneError';
  }
}

export class DeploymentController implements Controller {
  readonly name = 'deployment';
  private readonly workers: QueueWorkers;
  private readonly deployments: Informer<Deployment>;
  private readonly replicaSets: Informer<ReplicaSet>;
  private readonly pods: Informer<KubeObject>;
  readonly env: SyncEnv;

  constructor(
    private readonly ctx: ControllerContext,
    now: () => Date = () => new Date(),
  ) {
    this.deployments = ctx.informers.informer<Deployment>(DEPLOYMENTS);
    this.replicaSets = ctx.informers.informer<ReplicaSet>(REPLICASETS);
    this.pods = ctx.informers.informer(PODS);
    this.workers = new QueueWorkers('deployment', (key) => this.syncDeployment(key), ctx.log);
    const q = this.workers.queue;
    this.env = {
      client: ctx.client,
      recorder: ctx.recorder('deployment-controller'),
      now,
      enqueueAfter: (d, ms) => q.addAfter(objectKey(d), ms),
      enqueueRateLimited: (d) => q.addRateLimited(objectKey(d)),
    };
  }

  run(): void {
    this.replicaSets.addIndex('namespace', namespaceIndex);
    this.deployments.addIndex('namespace', namespaceIndex);
    this.pods.addIndex('namespace', namespaceIndex);
    const enqueue = (d: Deployment): void => this.workers.queue.add(objectKey(d));
    this.deployments.addEventHandler({ add: enqueue, update: (_o, n) => enqueue(n), delete: enqueue });
    this.replicaSets.addEventHandler({
      add: (rs) => this.replicaSetChanged(undefined, rs),
      update: (o, n) => this.replicaSetChanged(o, n),
      delete: (rs) => {
        const d = this.ownerOf(rs, controllerOf(rs));
        if (d) enqueue(d);
      },
    });
    this.pods.addEventHandler({ delete: (p) => this.podDeleted(p) });
    this.workers.start(this.ctx.options.workers ?? 5);
  }

  stop(): Promise<void> {
    return this.workers.stop();
  }

  /** resolveControllerRef: the cached deployment a reference points at, if it is that deployment. */
  private ownerOf(obj: KubeObject, ref: ReturnType<typeof controllerOf>): Deployment | undefined {
    if (!ref || ref.kind !== 'Deployment') return undefined;
    const d = this.deployments.get(`${obj.metadata?.namespace}/${ref.name}`);
    return d && d.metadata?.uid === ref.uid ? d : undefined;
  }

  private deploymentsSelecting(rs: ReplicaSet): Deployment[] {
    const labels = rs.metadata?.labels;
    if (!labels || Object.keys(labels).length === 0) return [];
    return this.deployments.byIndex('namespace', String(rs.metadata?.namespace)).filter((d) => {
      if (selectorIsEmptyObject(d.spec?.selector)) return false;
      return labelSelectorAsSelector(d.spec?.selector)?.matches(labels) ?? false;
    });
  }

  private replicaSetChanged(old: ReplicaSet | undefined, rs: ReplicaSet): void {
    const add = (d: Deployment | undefined): void => void (d && this.workers.queue.add(objectKey(d)));
    if (old && old.metadata?.resourceVersion === rs.metadata?.resourceVersion) return;
    const ref = controllerOf(rs);
    const oldRef = old ? controllerOf(old) : undefined;
    const refChanged = !!old && JSON.stringify(ref) !== JSON.stringify(oldRef);
    if (refChanged && oldRef) add(this.ownerOf(old!, oldRef));
    if (ref) return add(this.ownerOf(rs, ref));
    if (rs.metadata?.deletionTimestamp) return;
    const labelsChanged = !old || JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(rs.metadata?.labels ?? {});
    if (labelsChanged || refChanged) for (const d of this.deploymentsSelecting(rs)) add(d);
  }

  /** A Recreate deployment waits for its old pods to go: the last one gone wakes it. */
  private podDeleted(pod: KubeObject): void {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return;
    const rs = this.replicaSets.get(`${pod.metadata?.namespace}/${ref.name}`);
    if (!rs || rs.metadata?.uid !== ref.uid) return;
    const d = this.ownerOf(rs, controllerOf(rs));
    if (!d || d.spec?.strategy?.type !== 'Recreate') return;
    const owned = this.replicaSets.byIndex('namespace', String(d.metadata?.namespace)).filter((r) => controllerOf(r)?.uid === d.metadata?.uid);
    const podMap = this.podMap(d, owned);
    if (podMap && [...podMap.values()].every((p) => p.length === 0)) this.workers.queue.add(objectKey(d));
  }

  private podMap(d: Deployment, rsList: ReplicaSet[]): PodMap | undefined {
    const selector = labelSelectorAsSelector(d.spec.selector);
    if (!selector) return undefined;
    const map: PodMap = new Map(rsList.map((rs) => [String(rs.metadata?.uid), []]));
    for (const pod of this.pods.byIndex('namespace', String(d.metadata?.namespace))) {
      if (!selector.matches(pod.metadata?.labels)) continue;
      const ref = controllerOf(pod);
      if (ref) map.get(ref.uid)?.push(pod);
    }
    return map;
  }

  private async replicaSetsFor(d: Deployment): Promise<ReplicaSet[]> {
    const selector = labelSelectorAsSelector(d.spec.selector);
    if (!selector) throw new InvalidSelectorError(d);
    const candidates = this.replicaSets.byIndex('namespace', String(d.metadata?.namespace)).map((rs) => structuredClone(rs));
    return claimObjects(candidates, {
      client: this.ctx.client,
      gvr: REPLICASETS,
      owner: d,
      ownerApiVersion: 'apps/v1',
      ownerKind: 'Deployment',
      matches: (rs) => selector.matches(rs.metadata?.labels),
      canAdopt: async () => {
        const fresh = await this.ctx.client.get<Deployment>(DEPLOYMENTS, String(d.metadata?.namespace), String(d.metadata?.name));
        if (fresh.metadata?.uid !== d.metadata?.uid) throw new DeploymentGoneError(d, fresh.metadata?.uid);
        return !fresh.metadata?.deletionTimestamp;
      },
    });
  }

  async syncDeployment(key: string): Promise<void> {
    const cached = this.deployments.get(key);
    if (!cached) return;
    const d = structuredClone(cached);
    d.spec ??= {};
    if (selectorIsEmptyObject(d.spec.selector)) {
      event(this.env, d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) {
        d.status = { ...(d.status ?? {}), observedGeneration: d.metadata?.generation };
        await updateDeploymentStatus(this.env, d);
      }
      return;
    }
    const rsList = await this.replicaSetsFor(d);
    const podMap = this.podMap(d, rsList) ?? new Map();
    await syncClaimed(this.env, d, rsList, podMap);
  }
}

export function createDeploymentController(ctx: ControllerContext): Controller {
  return new DeploymentController(ctx);
}
