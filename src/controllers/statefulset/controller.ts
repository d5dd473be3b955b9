// The StatefulSet controller (upstream pkg/controller/statefulset): event
// handlers enqueue the owning set's key; a sync claims the set's pods
// (selector + `<set>-<ordinal>` name) and orphaned revisions, resolves the
// current/update ControllerRevisions, runs the update, writes status and
// prunes revision history.
import { PODS } from '../../client/gvr.js';
import type { Informer } from '../../client/types.js';
import { labelSelectorAsSelector, type Selector } from '../../apiserver/kinds/apps/selector.js';
import { claimObjects, controllerOf, isBeingDeleted } from '../controller-ref.js';
import type { Controller, ControllerContext } from '../types.js';
import { QueueWorkers } from '../worker.js';
import { SyncError, updateStatefulSet } from './control.js';
import { RevisionHistory, revisionsOf, sortRevisions } from './history.js';
import { isMemberOf } from './identity.js';
import { isReady } from './pod-state.js';
import { resolveRevisions, truncateHistory } from './revisions.js';
import { StatefulPodControl } from './stateful-pod-control.js';
import { completeRollingUpdate, inconsistentStatus, writeStatus } from './status.js';
import { type Claim, CONTROLLER_REVISIONS, type ControllerRevision, type Pod, PVCS, SET_API_VERSION, SET_KIND, type StatefulSet, STATEFULSETS } from './types.js';

const NS_INDEX = 'statefulset/namespace';
const byNamespace = (o: { metadata?: { namespace?: string } }): string[] => [o.metadata?.namespace ?? ''];

export class StatefulSetController implements Controller {
  readonly name = 'statefulset';
  private readonly workers: QueueWorkers;
  private readonly sets: Informer<StatefulSet>;
  private readonly pods: Informer<Pod>;
  private readonly claims: Informer<Claim>;
  private readonly revisions: Informer<ControllerRevision>;
  private readonly podControl: StatefulPodControl;
  private readonly history: RevisionHistory;

  constructor(private readonly ctx: ControllerContext) {
    this.sets = ctx.informers.informer<StatefulSet>(STATEFULSETS);
    this.pods = ctx.informers.informer<Pod>(PODS);
    this.claims = ctx.informers.informer<Claim>(PVCS);
    this.revisions = ctx.informers.informer<ControllerRevision>(CONTROLLER_REVISIONS);
    this.workers = new QueueWorkers(this.name, (key) => this.sync(key), ctx.log);
    this.podControl = new StatefulPodControl(ctx.client, ctx.recorder('statefulset-controller'), (ns, n) => this.claims.get(`${ns}/${n}`));
    this.history = new RevisionHistory(ctx.client);
  }

  run(): void {
    this.sets.addIndex(NS_INDEX, byNamespace);
    this.pods.addIndex(NS_INDEX, byNamespace);
    const enqueueSet = (s: StatefulSet): void => this.enqueue(s);
    this.sets.addEventHandler({ add: enqueueSet, update: (_o, n) => enqueueSet(n), delete: enqueueSet });
    this.pods.addEventHandler({
      add: (p) => this.podAdded(p),
      update: (o, n) => this.podUpdated(o, n),
      delete: (p) => this.podDeleted(p),
    });
    // A claim going away may unblock a pod held back by a stale claim: look at the sets it belongs to.
    this.claims.addEventHandler({ delete: (c) => this.claimDeleted(c) });
    this.workers.start(this.ctx.options.workers ?? 5);
  }

  async stop(): Promise<void> {
    await this.workers.stop();
  }

  private enqueue(set: StatefulSet, afterMs?: number): void {
    const key = `${set.metadata.namespace}/${set.metadata.name}`;
    if (afterMs) this.workers.queue.addAfter(key, afterMs);
    else this.workers.queue.add(key);
  }

  /** The set a pod's controller reference names, if it still exists with that UID. */
  private ownerOf(pod: Pod): StatefulSet | undefined {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== SET_KIND || ref.apiVersion.split('/')[0] !== 'apps') return undefined;
    const set = this.sets.get(`${pod.metadata.namespace}/${ref.name}`);
    return set && set.metadata.uid === ref.uid ? set : undefined;
  }

  /** Sets whose selector matches an orphan pod (candidates to adopt it) or a claim. */
  private setsForPod(pod: Pod | Claim): StatefulSet[] {
    return this.sets.byIndex(NS_INDEX, pod.metadata.namespace ?? '').filter((s) => {
      const sel = labelSelectorAsSelector(s.spec.selector);
      return !!sel && !sel.empty && sel.matches(pod.metadata.labels);
    });
  }

  private podAdded(pod: Pod): void {
    if (pod.metadata.deletionTimestamp) return this.podDeleted(pod);
    if (controllerOf(pod)) {
      const set = this.ownerOf(pod);
      if (set) this.enqueue(set);
      return;
    }
    for (const s of this.setsForPod(pod)) this.enqueue(s);
  }

  private podUpdated(old: Pod, cur: Pod): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const labelsChanged = JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {});
    const oldRef = controllerOf(old);
    const curRef = controllerOf(cur);
    const refChanged = oldRef?.uid !== curRef?.uid;
    if (refChanged && oldRef) {
      const prev = this.ownerOf(old);
      if (prev) this.enqueue(prev);
    }
    if (curRef) {
      const set = this.ownerOf(cur);
      if (!set) return;
      this.enqueue(set);
      const minReady = set.spec.minReadySeconds ?? 0;
      // Becoming available happens minReadySeconds after becoming ready: look again then.
      if (minReady > 0 && !isReady(old) && isReady(cur)) this.enqueue(set, minReady * 1000 + 1000);
      return;
    }
    if (labelsChanged || refChanged) for (const s of this.setsForPod(cur)) this.enqueue(s);
  }

  private claimDeleted(claim: Claim): void {
    for (const s of this.setsForPod(claim)) this.enqueue(s);
  }

  private podDeleted(pod: Pod): void {
    const set = this.ownerOf(pod);
    if (set) this.enqueue(set);
  }

  private async canAdopt(set: StatefulSet): Promise<boolean> {
    const fresh = await this.ctx.client.get<StatefulSet>(STATEFULSETS, String(set.metadata.namespace), String(set.metadata.name));
    return fresh.metadata.uid === set.metadata.uid && !isBeingDeleted(fresh);
  }

  private async claimPods(set: StatefulSet, sel: Selector): Promise<Pod[]> {
    const candidates = this.pods.byIndex(NS_INDEX, String(set.metadata.namespace));
    return claimObjects<Pod>(candidates, {
      client: this.ctx.client,
      gvr: PODS,
      owner: set,
      ownerApiVersion: SET_API_VERSION,
      ownerKind: SET_KIND,
      matches: (p) => sel.matches(p.metadata.labels) && isMemberOf(set, p),
      canAdopt: () => this.canAdopt(set),
    });
  }

  private listRevisions(set: StatefulSet, sel: Selector): ControllerRevision[] {
    return revisionsOf(set, this.revisions.list(), (l) => sel.matches(l));
  }

  private async adoptOrphanRevisions(set: StatefulSet, sel: Selector): Promise<void> {
    const orphans = this.listRevisions(set, sel).filter((r) => !controllerOf(r));
    if (!orphans.length) return;
    await claimObjects<ControllerRevision>(orphans, {
      client: this.ctx.client,
      gvr: CONTROLLER_REVISIONS,
      owner: set,
      ownerApiVersion: SET_API_VERSION,
      ownerKind: SET_KIND,
      matches: () => true,
      canAdopt: () => this.canAdopt(set),
    });
  }

  async sync(key: string): Promise<void> {
    const cached = this.sets.get(key);
    if (!cached) return;
    const set = structuredClone(cached);
    const sel = labelSelectorAsSelector(set.spec.selector);
    if (!sel || sel.empty) {
      this.ctx.log(`statefulset ${key}: invalid selector`);
      return;
    }
    await this.adoptOrphanRevisions(set, sel);
    const pods = await this.claimPods(set, sel);
    const revisions = sortRevisions(this.listRevisions(set, sel));
    const revs = await resolveRevisions(this.history, set, revisions);
    let status;
    let failure: Error | undefined;
    try {
      status = await updateStatefulSet(this.podControl, set, revs, pods);
    } catch (e) {
      if (!(e instanceof SyncError)) throw e;
      status = e.status;
      failure = e.error;
    }
    completeRollingUpdate(set, status);
    if (inconsistentStatus(set, status)) await writeStatus(this.ctx.client, set, status);
    await truncateHistory(this.history, set, pods, revisions, revs.current, revs.update);
    if (failure) throw failure;
    const minReady = set.spec.minReadySeconds ?? 0;
    if (minReady > 0 && status.availableReplicas !== (set.spec.replicas ?? 1)) this.enqueue(set, minReady * 1000);
  }
}

export const createStatefulSetController = (ctx: ControllerContext): Controller => new StatefulSetController(ctx);
