// Desired replicas from the HPA's metrics (computeReplicasForMetrics): each
// Resource metric (cpu, memory; Utilization or AverageValue) is read from the
// metrics API for the target's pods; the largest proposal wins.
import type { KubeObject } from '../../apiserver/types.js';
import { parseQuantity } from '../../apiserver/validation/quantity.js';
import type { ResourceClient } from '../../client/types.js';
import { type PodMetric, ReplicaCalculationError, resourceReplicas } from './replicas.js';
import { POD_METRICS } from './scale.js';

export interface MetricSpec {
  type: string;
  resource?: { name: string; target: { type: string; averageUtilization?: number; averageValue?: string | number } };
}

export interface Proposal {
  replicas: number;
  /** E.g. "cpu resource utilization (percentage of request)". */
  metricName: string;
  statuses: unknown[];
}

export class MetricsError extends Error {
  constructor(readonly reason: string, message: string) {
    super(message);
    this.name = 'MetricsError';
  }
}

/** Upstream's default when an HPA has no metrics (autoscaling/v1 without a CPU target). */
const DEFAULT_METRICS: MetricSpec[] = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];

const milli = (q: string | number): number => Math.round(parseQuantity(q) * 1000);
const fmtMilli = (m: number, resource: string): string => (resource === 'cpu' ? `${m}m` : Number.isInteger(m / 1000) ? String(m / 1000) : `${m}m`);

function parseWindow(w: unknown): number {
  const m = /^([\d.]+)s$/.exec(String(w ?? ''));
  return m ? Number(m[1]) * 1000 : 0;
}

/** Per-pod usage (milli-units) of `resource`: the sum over the pod's containers. */
export async function podMetrics(client: ResourceClient, namespace: string, selector: string, resource: string): Promise<Map<string, PodMetric>> {
  let list;
  try {
    list = await client.list(POD_METRICS, namespace, { labelSelector: selector });
  } catch (e) {
    throw new MetricsError('FailedGetResourceMetric', `unable to get metrics for resource ${resource}: unable to fetch metrics from resource metrics API: ${(e as Error).message}`);
  }
  const out = new Map<string, PodMetric>();
  for (const pm of list.items as Array<KubeObject & { timestamp?: string; window?: string; containers?: { usage?: Record<string, string> }[] }>) {
    let sum = 0;
    let complete = (pm.containers ?? []).length > 0;
    for (const c of pm.containers ?? []) {
      const q = c.usage?.[resource];
      if (q === undefined) complete = false;
      else sum += milli(q);
    }
    if (complete) out.set(pm.metadata?.name ?? '', { value: sum, timestamp: Date.parse(pm.timestamp ?? '') || Date.now(), windowMs: parseWindow(pm.window) });
  }
  if (out.size === 0) throw new MetricsError('FailedGetResourceMetric', `unable to get metrics for resource ${resource}: no metrics returned from resource metrics API`);
  return out;
}

export async function computeReplicas(
  client: ResourceClient,
  hpa: KubeObject,
  current: number,
  selector: string,
  pods: KubeObject[],
  now: number,
): Promise<Proposal> {
  const spec = (hpa.spec ?? {}) as { metrics?: MetricSpec[] };
  const metrics = spec.metrics?.length ? spec.metrics : DEFAULT_METRICS;
  const namespace = hpa.metadata?.namespace ?? '';
  let best: Proposal | undefined;
  const statuses: unknown[] = [];
  let firstError: Error | undefined;
  for (const m of metrics) {
    if (m.type !== 'Resource' || !m.resource) {
      statuses.push({ type: '' });
      firstError ??= new MetricsError('InvalidMetricSourceType', `the HPA was unable to compute the replica count: unsupported metric source type "${m.type}"`);
      continue;
    }
    const { name, target } = m.resource;
    try {
      const usage = await podMetrics(client, namespace, selector, name);
      const byUtil = target.type === 'Utilization';
      if (!byUtil && target.averageValue === undefined) throw new MetricsError('FailedGetResourceMetric', `invalid resource metric source: neither a utilization target nor a value target was set`);
      const r = resourceReplicas(current, { resource: name, utilization: byUtil ? target.averageUtilization ?? 80 : undefined, averageValue: byUtil ? undefined : milli(target.averageValue!) }, pods, usage, parseQuantity, now);
      const metricName = byUtil ? `${name} resource utilization (percentage of request)` : `${name} resource`;
      const cur: Record<string, unknown> = { averageValue: fmtMilli(r.rawAverage, name) };
      if (byUtil) cur.averageUtilization = r.utilization;
      statuses.push({ type: 'Resource', resource: { name, current: cur } });
      if (!best || r.replicas > best.replicas) best = { replicas: r.replicas, metricName, statuses };
    } catch (e) {
      statuses.push({ type: '' });
      const err = e instanceof ReplicaCalculationError ? new MetricsError('FailedGetResourceMetric', `failed to get ${name} utilization: ${e.message}`) : (e as Error);
      firstError ??= err;
    }
  }
  // Like upstream: any metric that worked is enough; errors only count when none did.
  if (!best) throw firstError ?? new MetricsError('FailedGetResourceMetric', 'invalid metrics');
  // Some metrics failed: never scale down on the ones that worked.
  if (firstError && best.replicas < current) throw firstError;
  best.statuses = statuses.filter((s) => (s as { type: string }).type !== '');
  return best;
}
