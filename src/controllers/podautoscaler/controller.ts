// The horizontal pod autoscaler controller (upstream pkg/controller/podautoscaler):
// every sync period per HPA, read the target's scale, compute the desired
// replicas from resource metrics, apply behavior and bounds, rescale through
// the scale subresource, and report status and events.
import type { KubeObject } from '../../apiserver/types.js';
import type { Recorder } from '../../agent/events.js';
import { PODS } from '../../client/gvr.js';
import { selectorMatcher } from '../../client/match.js';
import { ApiError, type GVR } from '../../client/types.js';
import type { Controller, ControllerContext } from '../types.js';
import { QueueWorkers } from '../worker.js';
import { type Behavior, effectiveBehavior, type History, limitReplicas, recordScale, stabilize } from './behavior.js';
import { computeReplicas, MetricsError } from './compute.js';
import { type Condition, setCondition } from './conditions.js';
import { getScale, targetGVR, updateScale } from './scale.js';
import { timestamp } from '../../apiserver/registry/meta.js';

export const HPAS: GVR = { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers' };
export const DEFAULT_SYNC_PERIOD_MS = 15_000;

interface HpaSpec {
  scaleTargetRef: { apiVersion?: string; kind?: string; name: string };
  minReplicas?: number;
  maxReplicas: number;
  behavior?: Behavior;
}

interface HpaStatus {
  observedGeneration?: number;
  lastScaleTime?: string;
  currentReplicas?: number;
  desiredReplicas: number;
  currentMetrics?: unknown[];
  conditions?: Condition[];
}

type Hpa = KubeObject & { spec: HpaSpec; status?: HpaStatus };

export interface HpaControllerOptions {
  now?: () => number;
}

export class HorizontalController implements Controller {
  readonly name = 'horizontal-pod-autoscaler';
  private readonly workers: QueueWorkers;
  private readonly recorder: Recorder;
  private readonly history = new Map<string, History>();
  private readonly period: number;
  private readonly now: () => number;
  private stopped = false;

  constructor(private readonly ctx: ControllerContext, o: HpaControllerOptions = {}) {
    this.workers = new QueueWorkers(this.name, (k) => this.syncAndRequeue(k), ctx.log);
    this.recorder = ctx.recorder('horizontal-pod-autoscaler');
    this.period = ctx.options.hpaSyncPeriodMs ?? DEFAULT_SYNC_PERIOD_MS;
    this.now = o.now ?? Date.now;
  }

  run(): void {
    const inf = this.ctx.informers.informer<Hpa>(HPAS);
    const key = (o: KubeObject): string => `${o.metadata?.namespace}/${o.metadata?.name}`;
    inf.addEventHandler({
      add: (o) => this.workers.queue.add(key(o)),
      update: (a, b) => {
        if (JSON.stringify(a.spec) !== JSON.stringify(b.spec)) this.workers.queue.add(key(b));
      },
      delete: (o) => this.history.delete(key(o)),
    });
    this.ctx.informers.informer(PODS);
    this.workers.start(this.ctx.options.workers ?? 5);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.workers.stop();
  }

  /** As upstream, an HPA is synced once per period whatever happened: failures are reported, not retried sooner. */
  private async syncAndRequeue(key: string): Promise<void> {
    try {
      await this.sync(key);
    } catch (e) {
      this.ctx.log(`${this.name}: syncing ${key}: ${(e as Error).message}`);
    } finally {
      if (!this.stopped && this.ctx.informers.informer<Hpa>(HPAS).get(key)) this.workers.queue.addAfter(key, this.period);
    }
  }

  async sync(key: string): Promise<void> {
    const cached = this.ctx.informers.informer<Hpa>(HPAS).get(key);
    if (!cached) {
      this.history.delete(key);
      return;
    }
    const hpa = structuredClone(cached);
    const ns = hpa.metadata?.namespace ?? '';
    const spec = hpa.spec;
    const ref = spec.scaleTargetRef;
    const nowIso = timestamp(new Date(this.now()));
    const status: HpaStatus = { ...(hpa.status ?? { desiredReplicas: 0 }) };
    let conditions = status.conditions ?? [];
    const cond = (c: Condition): void => void (conditions = setCondition(conditions, c, nowIso));
    const writeStatus = async (): Promise<void> => {
      status.conditions = conditions;
      status.observedGeneration = hpa.metadata?.generation;
      await this.ctx.client.update(HPAS, ns, { ...hpa, status } as KubeObject, { subresource: 'status' });
    };
    const refText = `${ref.kind}/${ref.name}`;
    let gvr: GVR;
    let scale;
    try {
      gvr = targetGVR(ref);
      scale = await getScale(this.ctx.client, gvr, ns, ref.name);
    } catch (e) {
      const msg = `the HPA controller was unable to get the target's current scale: ${(e as Error).message}`;
      this.recorder.event(this.ref(hpa), 'Warning', 'FailedGetScale', (e as Error).message);
      cond({ type: 'AbleToScale', status: 'False', reason: 'FailedGetScale', message: msg });
      await writeStatus();
      if (e instanceof ApiError && e.code === 404) return;
      throw e;
    }
    cond({ type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale', message: "the HPA controller was able to get the target's current scale" });
    const current = scale.replicas;
    const min = spec.minReplicas ?? 1;
    const max = spec.maxReplicas;
    let desired = current;
    let reason = '';
    const h = this.historyOf(key, current);
    status.currentReplicas = scale.statusReplicas;
    if (current === 0 && min !== 0) {
      desired = 0;
      cond({ type: 'ScalingActive', status: 'False', reason: 'ScalingDisabled', message: 'scaling is disabled since the replica count of the target is zero' });
    } else if (current > max) {
      desired = max;
      reason = 'Current number of replicas above Spec.MaxReplicas';
    } else if (current < min) {
      desired = min;
      reason = 'Current number of replicas below Spec.MinReplicas';
    } else {
      const match = selectorMatcher({ labelSelector: scale.selector });
      const pods = this.ctx.informers.informer(PODS).list().filter((p) => p.metadata?.namespace === ns && match(p));
      let proposal;
      try {
        if (!scale.selector) throw new MetricsError('InvalidSelector', 'selector is required');
        proposal = await computeReplicas(this.ctx.client, hpa, current, scale.selector, pods, this.now());
      } catch (e) {
        const r = e instanceof MetricsError ? e.reason : 'FailedGetResourceMetric';
        this.recorder.event(this.ref(hpa), 'Warning', r, (e as Error).message);
        this.recorder.event(this.ref(hpa), 'Warning', 'FailedComputeMetricsReplicas', `invalid metrics (1 invalid out of ${(hpa.spec as { metrics?: unknown[] }).metrics?.length || 1}), first error is: ${(e as Error).message}`);
        cond({ type: 'ScalingActive', status: 'False', reason: r, message: `the HPA was unable to compute the replica count: ${(e as Error).message}` });
        status.desiredReplicas = current;
        await writeStatus();
        throw e;
      }
      cond({ type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: `the HPA was able to successfully calculate a replica count from ${proposal.metricName}` });
      status.currentMetrics = proposal.statuses;
      const { up, down } = effectiveBehavior(spec.behavior);
      const stable = stabilize(h, current, proposal.replicas, up, down, this.now());
      const limited = limitReplicas(current, stable, min, max, h, up, down, this.now());
      desired = limited.replicas;
      if (limited.reason) cond({ type: 'ScalingLimited', status: 'True', reason: limited.reason, message: limited.message! });
      else cond({ type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' });
      if (desired > current) reason = `${proposal.metricName} above target`;
      else if (desired < current) reason = 'All metrics below target';
    }
    if (desired !== current) {
      try {
        await updateScale(this.ctx.client, gvr, ns, ref.name, desired);
      } catch (e) {
        this.recorder.event(this.ref(hpa), 'Warning', 'FailedRescale', `New size: ${desired}; reason: ${reason}; error: ${(e as Error).message}`);
        cond({ type: 'AbleToScale', status: 'False', reason: 'FailedUpdateScale', message: `the HPA controller was unable to update the target scale: ${(e as Error).message}` });
        await writeStatus();
        throw e;
      }
      cond({ type: 'AbleToScale', status: 'True', reason: 'SucceededRescale', message: `the HPA controller was able to update the target scale to ${desired}` });
      this.recorder.event(this.ref(hpa), 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`);
      recordScale(h, current, desired, this.now());
      status.lastScaleTime = nowIso;
      this.ctx.log(`horizontal-pod-autoscaler: ${key}: ${refText} ${current} -> ${desired} (${reason})`);
    } else if (!(current === 0 && min !== 0)) {
      cond({ type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' });
    }
    status.desiredReplicas = desired;
    await writeStatus();
  }

  /** Per-HPA history; a new one starts with the current count as a recommendation, as upstream. */
  private historyOf(key: string, current: number): History {
    let h = this.history.get(key);
    if (!h) this.history.set(key, (h = { recommendations: [{ replicas: current, at: this.now() }], scaleUps: [], scaleDowns: [] }));
    return h;
  }

  private ref(hpa: KubeObject) {
    return { kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2', namespace: hpa.metadata?.namespace, name: String(hpa.metadata?.name), uid: hpa.metadata?.uid };
  }
}

export function createHorizontalController(ctx: ControllerContext): Controller {
  return new HorizontalController(ctx);
}
