// The disruption controller (upstream pkg/controller/disruption): keeps each
// PodDisruptionBudget's status — expected pods, healthy pods, how many may be
// disrupted — current as pods and budgets change. The eviction subresource
// spends the budget; this controller refills it.
import type { KubeObject } from '../../apiserver/types.js';
import { labelSelectorAsSelector } from '../../apiserver/kinds/apps/selector.js';
import type { Recorder } from '../../agent/events.js';
import { isConflict } from '../../client/errors.js';
import { PODS } from '../../client/gvr.js';
import type { SharedInformer } from '../../client/informer.js';
import { objectKey } from '../../client/types.js';
import { BY_NAMESPACE, namespaceIndex } from '../replicaset/indexes.js';
import type { Pod } from '../replicaset/pods.js';
import type { Controller, ControllerContext } from '../types.js';
import { QueueWorkers } from '../worker.js';
import { expectedPodCount, type OwnerInformers } from './expected.js';
import { buildDisruptedPodMap, countHealthyPods, nextStatus, setCondition } from './status.js';
import { DISRUPTION_ALLOWED, type Pdb, PDBS, SYNC_FAILED } from './types.js';

const gvr = (group: string, resource: string) => ({ group, version: 'v1', resource });

export class DisruptionController implements Controller {
  readonly name = 'disruption';
  readonly workers: QueueWorkers;
  private readonly pdbs: SharedInformer<Pdb>;
  private readonly pods: SharedInformer<Pod>;
  private readonly owners: OwnerInformers;
  private readonly recorder: Recorder;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly now: () => number = Date.now,
  ) {
    this.pdbs = ctx.informers.informer<Pdb>(PDBS);
    this.pods = ctx.informers.informer<Pod>(PODS);
    this.pdbs.addIndex(BY_NAMESPACE, namespaceIndex);
    this.pods.addIndex(BY_NAMESPACE, namespaceIndex);
    this.owners = {
      replicaSets: ctx.informers.informer(gvr('apps', 'replicasets')),
      deployments: ctx.informers.informer(gvr('apps', 'deployments')),
      statefulSets: ctx.informers.informer(gvr('apps', 'statefulsets')),
      replicationControllers: ctx.informers.informer(gvr('', 'replicationcontrollers')),
    };
    this.recorder = ctx.recorder('controllermanager');
    this.workers = new QueueWorkers(this.name, (key) => this.sync(key), ctx.log);
  }

  run(): void {
    const enqueue = (o: KubeObject): void => this.workers.queue.add(objectKey(o));
    this.pdbs.addEventHandler({ add: enqueue, update: (_o, c) => enqueue(c), delete: enqueue });
    const forPod = (p: Pod): void => this.pdbsFor(p).forEach(enqueue);
    this.pods.addEventHandler({
      add: forPod,
      update: (old, cur) => {
        forPod(cur);
        if (JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(cur.metadata?.labels ?? {})) forPod(old);
      },
      delete: forPod,
    });
    this.workers.start(this.ctx.options.workers ?? 5);
  }

  async stop(): Promise<void> {
    await this.workers.stop();
  }

  /** Budgets in the pod's namespace selecting it (a pod without labels has none). */
  pdbsFor(pod: Pod): Pdb[] {
    if (!Object.keys(pod.metadata?.labels ?? {}).length) return [];
    return this.pdbs.byIndex(BY_NAMESPACE, pod.metadata?.namespace ?? '').filter((p) => labelSelectorAsSelector(p.spec?.selector)?.matches(pod.metadata?.labels) ?? false);
  }

  private podsFor(pdb: Pdb): Pod[] {
    const sel = labelSelectorAsSelector(pdb.spec?.selector);
    if (!sel) throw new Error(`invalid selector in PodDisruptionBudget ${objectKey(pdb)}`);
    return this.pods.byIndex(BY_NAMESPACE, pdb.metadata?.namespace ?? '').filter((p) => sel.matches(p.metadata?.labels));
  }

  private async sync(key: string): Promise<void> {
    const pdb = this.pdbs.get(key);
    if (!pdb) return;
    try {
      await this.trySync(key, pdb);
    } catch (e) {
      if (isConflict(e)) throw e;
      await this.failSafe(pdb, e as Error);
      throw e;
    }
  }

  private async trySync(key: string, pdb: Pdb): Promise<void> {
    const ref = { kind: 'PodDisruptionBudget', apiVersion: 'policy/v1', namespace: pdb.metadata?.namespace, name: String(pdb.metadata?.name), uid: pdb.metadata?.uid };
    const pods = this.podsFor(pdb);
    if (!pods.length) this.recorder.event(ref, 'Normal', 'NoPods', 'No matching pods found');
    let expected;
    try {
      expected = expectedPodCount(this.owners, pdb, pods);
    } catch (e) {
      this.recorder.event(ref, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${(e as Error).message}`);
      throw e;
    }
    if (expected.unmanaged.length) {
      this.recorder.event(
        ref,
        'Warning',
        'UnmanagedPods',
        `Pods selected by this PodDisruptionBudget (selector: ${JSON.stringify(pdb.spec?.selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
      );
    }
    const now = this.now();
    const { disrupted, recheckAt, expired } = buildDisruptedPodMap(pods, pdb, now);
    for (const p of expired) {
      const podRef = { kind: 'Pod', apiVersion: 'v1', namespace: p.metadata?.namespace, name: String(p.metadata?.name), uid: p.metadata?.uid };
      this.recorder.event(podRef, 'Warning', 'NotDeleted', `Pod was expected by PDB ${pdb.metadata?.namespace}/${pdb.metadata?.name} to be deleted but it wasn't`);
    }
    const currentHealthy = countHealthyPods(pods, disrupted, now);
    const status = nextStatus(pdb, { currentHealthy, desiredHealthy: expected.desiredHealthy, expectedPods: expected.expectedCount, disruptedPods: disrupted }, now);
    if (status) await this.writeStatus(pdb, status);
    if (recheckAt !== undefined) this.workers.queue.addAfter(key, Math.max(0, recheckAt - now));
  }

  /** After a failed sync no disruption is allowed until one succeeds. */
  private async failSafe(pdb: Pdb, err: Error): Promise<void> {
    const st = structuredClone(pdb.status ?? {});
    st.disruptionsAllowed = 0;
    st.conditions = setCondition(st.conditions, { type: DISRUPTION_ALLOWED, status: 'False', reason: SYNC_FAILED, message: err.message, observedGeneration: st.observedGeneration }, this.now());
    await this.writeStatus(pdb, st);
  }

  private async writeStatus(pdb: Pdb, status: Pdb['status']): Promise<void> {
    const obj = structuredClone(pdb);
    obj.status = status;
    await this.ctx.client.update(PDBS, pdb.metadata?.namespace ?? '', obj, { subresource: 'status' });
  }
}
