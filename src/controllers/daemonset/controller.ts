// The DaemonSet controller (upstream pkg/controller/daemon): one pod per
// eligible node, pinned there through required node affinity on
// metadata.name; ControllerRevisions for every template; RollingUpdate
// (maxUnavailable / maxSurge) or OnDelete; status with observedGeneration.
import { labelSelectorAsSelector } from '../../apiserver/kinds/apps/selector.js';
import { NODES, PODS } from '../../client/gvr.js';
import { isConflict } from '../../client/errors.js';
import type { Informer } from '../../client/types.js';
import { claimObjects } from '../controller-ref.js';
import { PodControl } from '../pod-control.js';
import type { Controller, ControllerContext } from '../types.js';
import { QueueWorkers } from '../worker.js';
import { DsExpectations } from './expectations.js';
import { nodeHandlers, podHandlers, revisionHandlers } from './handlers.js';
import { cleanupHistory, constructHistory } from './history.js';
import { FailedPodBackoff, groupByNode, planManage } from './manage.js';
import { computeStatus, statusChanged } from './status.js';
import { syncNodes } from './sync-nodes.js';
import { API_VERSION, CONTROLLER_REVISIONS, type ControllerRevision, DAEMONSETS, type DaemonSet, HASH_LABEL, KIND, type Node, type Pod } from './types.js';
import { planRollingUpdate } from './update.js';

export class DaemonSetController implements Controller {
  readonly name = 'daemonset';
  private readonly workers: QueueWorkers;
  private readonly expectations = new DsExpectations();
  private readonly backoff = new FailedPodBackoff();
  private readonly recorder;
  private readonly podControl: PodControl;
  private dss!: Informer<DaemonSet>;
  private pods!: Informer<Pod>;
  private nodes!: Informer<Node>;
  private revisions!: Informer<ControllerRevision>;

  constructor(private readonly ctx: ControllerContext) {
    this.workers = new QueueWorkers('daemonset', (k) => this.sync(k), ctx.log);
    this.recorder = ctx.recorder('daemonset-controller');
    this.podControl = new PodControl(ctx.client, this.recorder);
  }

  run(): void {
    const inf = this.ctx.informers;
    this.dss = inf.informer<DaemonSet>(DAEMONSETS);
    this.pods = inf.informer<Pod>(PODS);
    this.nodes = inf.informer<Node>(NODES);
    this.revisions = inf.informer<ControllerRevision>(CONTROLLER_REVISIONS);
    const deps = { daemonSets: this.dss, expectations: this.expectations, enqueue: (k: string) => this.workers.queue.add(k) };
    const enqueueDs = (ds: DaemonSet): void => this.workers.queue.add(`${ds.metadata?.namespace}/${ds.metadata?.name}`);
    this.dss.addEventHandler({ add: enqueueDs, update: (_o, n) => enqueueDs(n), delete: (ds) => this.expectations.delete(`${ds.metadata?.namespace}/${ds.metadata?.name}`) });
    this.pods.addEventHandler(podHandlers(deps));
    this.nodes.addEventHandler(nodeHandlers(deps));
    this.revisions.addEventHandler(revisionHandlers(deps));
    this.workers.start(this.ctx.options.workers ?? 5);
  }

  async stop(): Promise<void> {
    await this.workers.stop();
  }

  private async sync(key: string): Promise<void> {
    // Like WaitForCacheSync: a sync on a half-listed cache would see nodes or pods missing and act on it.
    if (![this.dss, this.pods, this.nodes, this.revisions].every((i) => i.hasSynced())) return this.workers.queue.addAfter(key, 100);
    const ds = this.dss.get(key);
    if (!ds) return this.expectations.delete(key);
    const ref = { kind: KIND, apiVersion: API_VERSION, namespace: ds.metadata?.namespace, name: String(ds.metadata?.name), uid: ds.metadata?.uid };
    const selector = labelSelectorAsSelector(ds.spec?.selector);
    if (!selector) return;
    if (selector.empty) {
      this.recorder.event(ref, 'Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.');
      return;
    }
    if (ds.metadata?.deletionTimestamp) return;
    const ns = String(ds.metadata?.namespace);
    const nodes = this.nodes.list();
    const claim = <T extends Pod | ControllerRevision>(list: T[], gvr: typeof PODS) =>
      claimObjects<T>(list.filter((o) => o.metadata?.namespace === ns), {
        client: this.ctx.client,
        gvr,
        owner: ds,
        ownerApiVersion: API_VERSION,
        ownerKind: KIND,
        matches: (o) => selector.matches(o.metadata?.labels),
        canAdopt: async () => {
          const fresh = await this.ctx.client.get<DaemonSet>(DAEMONSETS, ns, String(ds.metadata?.name));
          return fresh.metadata?.uid === ds.metadata?.uid && !fresh.metadata?.deletionTimestamp;
        },
      });
    const pods = await claim(this.pods.list(), PODS);
    const revisions = await claim(this.revisions.list(), CONTROLLER_REVISIONS);
    const { cur, old } = await constructHistory(this.ctx.client, ds, revisions, pods);
    const hash = cur.metadata?.labels?.[HASH_LABEL] ?? '';
    const now = Date.now();
    // With creations or deletions still in flight only the counts are refreshed, not observedGeneration.
    const processed = this.expectations.satisfied(key);
    if (processed) {
      const plan = planManage(ds, nodes, groupByNode(pods), hash, now, this.backoff);
      for (const p of plan.failed) this.recorder.event(ref, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${ns}/${p.metadata?.name} on node ${p.spec?.nodeName}, will try to kill it`);
      if (plan.requeueAfterMs !== undefined) this.workers.queue.addAfter(key, plan.requeueAfterMs);
      const deps = { client: this.ctx.client, podControl: this.podControl, expectations: this.expectations };
      await syncNodes(deps, ds, key, plan.deletePods, plan.createOn, hash);
      if (this.expectations.satisfied(key) && ds.spec?.updateStrategy?.type === 'RollingUpdate') {
        const upd = planRollingUpdate(ds, nodes, groupByNode(pods), hash, now);
        await syncNodes(deps, ds, key, upd.deletePods, upd.createOn, hash);
      }
      await cleanupHistory(this.ctx.client, ds, old, pods);
    }
    await this.updateStatus(ds, nodes, groupByNode(pods), hash, key, processed);
  }

  private async updateStatus(ds: DaemonSet, nodes: Node[], byNode: Map<string, Pod[]>, hash: string, key: string, observed: boolean): Promise<void> {
    const status = computeStatus(ds, nodes, byNode, hash, Date.now());
    if (!observed) status.observedGeneration = ds.status?.observedGeneration;
    if (statusChanged(ds.status, status)) {
      const ns = String(ds.metadata?.namespace);
      try {
        await this.ctx.client.update(DAEMONSETS, ns, { ...ds, status }, { subresource: 'status' });
      } catch (e) {
        if (!isConflict(e)) throw e;
        const fresh = await this.ctx.client.get<DaemonSet>(DAEMONSETS, ns, String(ds.metadata?.name));
        await this.ctx.client.update(DAEMONSETS, ns, { ...fresh, status: { ...status, collisionCount: fresh.status?.collisionCount, observedGeneration: status.observedGeneration } }, { subresource: 'status' });
      }
    }
    const minReady = ds.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && status.numberReady !== status.numberAvailable) this.workers.queue.addAfter(key, minReady * 1000);
  }
}
