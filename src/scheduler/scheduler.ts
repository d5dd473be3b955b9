// The scheduler: informers on nodes, pending pods (spec.nodeName=) and bound
// pods; a scheduling queue; one pod at a time through the framework
// (PreFilter → Filter → PostFilter | Score → Reserve → Permit → Bind).
import { NAMESPACES, NODES, PODS } from '../client/gvr.js';
import { FilteredInformer } from '../client/filtered-informer.js';
import { SharedInformer } from '../client/informer.js';
import { compactForCache } from '../client/intern.js';
import type { KubeObject } from '../apiserver/types.js';
import type { Informer, ResourceClient } from '../client/types.js';
import { SchedulerCache } from './cache.js';
import { setPodScheduledCondition } from './conditions.js';
import { EventRecorder } from './events.js';
import { FitError } from './framework/fit-error.js';
import type { FilterRunner, Handle, NodeScore } from './framework/interfaces.js';
import type { NodeInfo, Snapshot } from './framework/node-info.js';
import { Framework, type PluginConfig } from './framework/runtime.js';
import { Code, isSuccess, Status } from './framework/status.js';
import { type Node, type Pod, podKey } from './framework/types.js';
import { DEFAULT_PLUGINS, REGISTRY } from './plugins/registry.js';
import { type QueuedPod, SchedulingQueue } from './queue.js';
import { nodeUpdateMayHelp } from './triggers.js';

export interface SchedulerOptions {
  schedulerName?: string;
  plugins?: PluginConfig[];
  log?: (msg: string) => void;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  maxUnschedulableMs?: number;
  /** Tie-breaking between equally scored nodes (default Math.random). */
  random?: () => number;
}

const NOT_TERMINAL = 'status.phase!=Succeeded,status.phase!=Failed';
export const NO_NODES_MESSAGE = 'no nodes available to schedule pods';

export class Scheduler {
  readonly schedulerName: string;
  readonly queue: SchedulingQueue;
  readonly framework: Framework;
  private readonly nodes: SharedInformer<Node>;
  private readonly pending: Informer<Pod>;
  private readonly assigned: Informer<Pod>;
  private readonly namespaces: SharedInformer<KubeObject>;
  private readonly cache: SchedulerCache;
  private readonly recorder: EventRecorder;
  private readonly log: (msg: string) => void;
  private current?: Snapshot;
  private running = false;
  private loop?: Promise<void>;
  private readonly bindings = new Set<Promise<void>>();

  constructor(private readonly client: ResourceClient, private readonly opts: SchedulerOptions = {}) {
    this.schedulerName = opts.schedulerName ?? 'default-scheduler';
    this.log = opts.log ?? (() => {});
    const onError = (e: Error): void => this.log(`scheduler informer: ${e.message}`);
    // Like kube-scheduler, cached objects lose their managedFields (never read, a large part of each object).
    const transform = compactForCache;
    this.nodes = new SharedInformer<Node>(client, NODES, '', { onError, transform });
    // One watch of non-terminal pods, seen as two views: pending (no node yet) and bound (like kube-scheduler's one pod informer).
    const pods = new SharedInformer<Pod>(client, PODS, '', { fieldSelector: NOT_TERMINAL, onError, transform });
    this.pending = new FilteredInformer(pods, (p) => !p.spec?.nodeName);
    this.assigned = new FilteredInformer(pods, (p) => !!p.spec?.nodeName);
    this.namespaces = new SharedInformer<KubeObject>(client, NAMESPACES, '', { onError, transform });
    this.cache = new SchedulerCache(this.nodes, this.assigned);
    this.recorder = new EventRecorder(client, this.schedulerName, this.log);
    this.queue = new SchedulingQueue({ initialBackoffMs: opts.initialBackoffMs, maxBackoffMs: opts.maxBackoffMs, maxUnschedulableMs: opts.maxUnschedulableMs });
    const filters: FilterRunner = { fitsOn: (pod, snap, node) => this.fitsOn(pod, snap, node) };
    const handle: Handle & { filters: FilterRunner } = {
      client,
      schedulerName: this.schedulerName,
      snapshot: () => this.current ?? this.cache.snapshot(),
      namespaceLabels: (ns) => this.namespaces.get(ns)?.metadata?.labels,
      filters,
    };
    this.framework = new Framework(REGISTRY, opts.plugins ?? DEFAULT_PLUGINS, handle);
    this.wireEvents();
  }

  private responsibleFor(pod: Pod): boolean {
    return (pod.spec?.schedulerName || 'default-scheduler') === this.schedulerName && !pod.metadata?.deletionTimestamp && !(pod.spec?.schedulingGates?.length);
  }

  private wireEvents(): void {
    this.pending.addEventHandler({
      add: (p) => this.responsibleFor(p) && this.queue.add(p),
      update: (_o, p) => (this.responsibleFor(p) ? this.queue.update(p) : this.queue.delete(p)),
      delete: (p) => this.queue.delete(p),
    });
    const affinityRelated = (q: QueuedPod): boolean => q.unschedulablePlugins.has('InterPodAffinity') || q.unschedulablePlugins.has('PodTopologySpread');
    this.assigned.addEventHandler({
      // Seen bound: the informer now counts it, the assumption is no longer needed.
      add: (p) => (this.cache.forget(p), this.queue.moveUnschedulable(affinityRelated)),
      update: (o, p) => {
        if (JSON.stringify(o.metadata?.labels) !== JSON.stringify(p.metadata?.labels)) this.queue.moveUnschedulable(affinityRelated);
      },
      // A pod leaving frees resources, ports and spreads: everything may fit now.
      delete: (p) => (this.cache.forget(p), this.queue.moveUnschedulable()),
    });
    this.nodes.addEventHandler({
      add: () => this.queue.moveUnschedulable(),
      update: (o, n) => nodeUpdateMayHelp(o, n) && this.queue.moveUnschedulable(),
    });
  }

  private starting?: Promise<void>;

  /** Resolves once the caches are synced and the scheduling loop runs. */
  start(): Promise<void> {
    this.starting ??= (async () => {
      this.running = true;
      // The loop starts once nodes and pods are cached, so the first cycles see every node and bound pod.
      await Promise.all([this.nodes.start(), this.assigned.start(), this.namespaces.start()]);
      if (this.running) this.loop = this.run();
    })();
    return this.starting;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.queue.close();
    for (const i of [this.pending, this.assigned, this.nodes, this.namespaces]) i.stop();
    await this.starting?.catch(() => {});
    await this.loop;
    await Promise.allSettled([...this.bindings]);
  }

  private async run(): Promise<void> {
    while (this.running) {
      const q = await this.queue.pop();
      if (!q) return;
      try {
        await this.scheduleOne(q);
      } catch (e) {
        this.log(`scheduling ${q.key} failed: ${(e as Error).stack ?? e}`);
        this.queue.requeueError(q);
      }
    }
  }

  /** PreFilter on `snap` then Filter on one of its nodes (used by preemption). */
  private fitsOn(pod: Pod, snap: Snapshot, nodeName: string): Status | undefined {
    const ni = snap.get(nodeName);
    if (!ni) return Status.unresolvable('node not found');
    const state = this.framework.newCycleState();
    const saved = this.current;
    this.current = snap;
    try {
      return this.framework.runPreFilter(state, pod, snap) ?? this.framework.runFilter(state, pod, ni);
    } finally {
      this.current = saved;
    }
  }

  async scheduleOne(q: QueuedPod): Promise<void> {
    const pod = this.pending.get(q.key) ?? q.pod;
    if (!this.pending.get(q.key) || pod.spec?.nodeName || !this.responsibleFor(pod) || this.cache.isAssumed(pod)) {
      this.queue.done(q.key);
      return;
    }
    const snap = (this.current = this.cache.snapshot());
    const state = this.framework.newCycleState();
    const result = await this.findNode(state, pod, snap);
    if (typeof result !== 'string') return this.handleFailure(q, pod, result);
    // Assume, reserve, permit, then bind without holding up the next cycle.
    const assumed = this.cache.assume(pod, result);
    const reserve = this.framework.runReserve(state, pod, result) ?? this.framework.runPermit(state, pod, result);
    if (reserve) {
      this.framework.runUnreserve(state, pod, result);
      this.cache.forget(pod);
      return this.handleFailure(q, pod, reserve);
    }
    const p = this.bind(q, state, pod, assumed, result).finally(() => this.bindings.delete(p));
    this.bindings.add(p);
  }

  /** The chosen node's name, or why none fits. */
  private async findNode(state: ReturnType<Framework['newCycleState']>, pod: Pod, snap: Snapshot): Promise<string | FitError | Status> {
    if (snap.numNodes === 0) return new Status(Code.Unschedulable, [NO_NODES_MESSAGE]);
    const statuses = new Map<string, Status>();
    const pre = this.framework.runPreFilter(state, pod, snap);
    if (pre && pre.code === Code.Error) return pre;
    const feasible: NodeInfo[] = [];
    if (pre) for (const ni of snap.nodeInfos) statuses.set(ni.name, pre);
    else {
      for (const ni of snap.nodeInfos) {
        const s = this.framework.runFilter(state, pod, ni);
        if (isSuccess(s)) feasible.push(ni);
        else if (s!.code === Code.Error) return s!;
        else statuses.set(ni.name, s!);
      }
    }
    if (feasible.length === 0) {
      const fit = new FitError(snap.numNodes, statuses, pre?.message() ?? '');
      const post = await this.framework.runPostFilter(state, pod, statuses);
      if (post.status.message()) fit.postFilterMsg = post.status.message();
      fit.nominatedNodeName = post.nominatedNodeName;
      return fit;
    }
    if (feasible.length === 1) return feasible[0].name;
    return this.selectHost(this.framework.runScore(state, pod, feasible, snap));
  }

  /** Highest total wins; ties are broken uniformly at random (reservoir sampling). */
  private selectHost(scores: NodeScore[]): string {
    const rand = this.opts.random ?? Math.random;
    let best = scores[0];
    let ties = 1;
    for (const s of scores.slice(1)) {
      if (s.score > best.score) {
        best = s;
        ties = 1;
      } else if (s.score === best.score) {
        ties++;
        if (rand() * ties < 1) best = s;
      }
    }
    return best.name;
  }

  private async handleFailure(q: QueuedPod, pod: Pod, why: FitError | Status): Promise<void> {
    const plugins = new Set<string>();
    let message: string;
    let nominated: string | undefined;
    if (why instanceof FitError) {
      for (const s of why.statuses.values()) if (s.plugin) plugins.add(s.plugin);
      message = why.message;
      nominated = why.nominatedNodeName;
    } else {
      if (why.plugin) plugins.add(why.plugin);
      message = why.message();
    }
    const unschedulable = why instanceof FitError || why.isRejected();
    if (unschedulable) this.queue.requeueUnschedulable(q, plugins);
    else this.queue.requeueError(q);
    this.log(`pod ${q.key} unschedulable: ${message}`);
    await this.recorder.record(pod, 'Warning', 'FailedScheduling', message, 'Scheduling');
    try {
      await setPodScheduledCondition(this.client, pod, { status: 'False', reason: unschedulable ? 'Unschedulable' : 'SchedulerError', message }, nominated);
    } catch (e) {
      this.log(`updating PodScheduled of ${q.key}: ${(e as Error).message}`);
    }
  }

  private async bind(q: QueuedPod, state: ReturnType<Framework['newCycleState']>, pod: Pod, assumed: Pod, node: string): Promise<void> {
    let s: Status | undefined;
    try {
      s = await this.framework.runBind(state, assumed, node);
    } catch (e) {
      s = Status.error(e);
    }
    if (!isSuccess(s)) {
      this.framework.runUnreserve(state, pod, node);
      this.cache.forget(pod);
      const msg = `Binding rejected: ${s!.message()}`;
      this.log(`binding ${podKey(pod)} to ${node} failed: ${s!.message()}`);
      this.queue.requeueError(q);
      await this.recorder.record(pod, 'Warning', 'FailedScheduling', msg, 'Binding');
      return;
    }
    this.cache.finishBinding(pod);
    this.queue.done(q.key);
    const ns = pod.metadata?.namespace ?? 'default';
    await this.recorder.record(pod, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${pod.metadata?.name} to ${node}`, 'Binding');
  }
}
