// Replica count from resource metrics (upstream ReplicaCalculator): pods are
// grouped into ready, unready (CPU only: not yet ready after start), missing
// (no metrics) and ignored (deleted, failed, pending); missing and unready
// pods are then assumed to use whatever dampens the change, so that the HPA
// scales conservatively. Values are in milli-units.
import type { KubeObject } from '../../apiserver/types.js';

export const TOLERANCE = 0.1;
export const CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;
export const INITIAL_READINESS_DELAY_MS = 30_000;

export class ReplicaCalculationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplicaCalculationError';
  }
}

export interface PodMetric {
  /** Usage in milli-units (millicores, or milli-bytes for memory). */
  value: number;
  /** When the sample was taken (ms). */
  timestamp: number;
  windowMs: number;
}

interface PodLike extends KubeObject {
  spec?: { containers?: { name: string; resources?: { requests?: Record<string, string | number> } }[] };
  status?: { phase?: string; startTime?: string; conditions?: { type: string; status: string; lastTransitionTime?: string }[] };
}

const time = (s: string | undefined): number | undefined => (s ? Date.parse(s) : undefined);

interface Groups {
  ready: number;
  unready: Set<string>;
  missing: Set<string>;
  ignored: Set<string>;
}

export function groupPods(pods: PodLike[], metrics: Map<string, PodMetric>, resource: string, now: number): Groups {
  const g: Groups = { ready: 0, unready: new Set(), missing: new Set(), ignored: new Set() };
  for (const pod of pods) {
    const name = pod.metadata?.name ?? '';
    const phase = pod.status?.phase;
    if (pod.metadata?.deletionTimestamp || phase === 'Failed' || phase === 'Succeeded') {
      g.ignored.add(name);
      continue;
    }
    if (phase === 'Pending') {
      g.ignored.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      g.missing.add(name);
      continue;
    }
    if (resource === 'cpu') {
      const cond = pod.status?.conditions?.find((c) => c.type === 'Ready');
      const start = time(pod.status?.startTime);
      const lt = time(cond?.lastTransitionTime) ?? 0;
      let unready: boolean;
      if (start === undefined || start + CPU_INITIALIZATION_PERIOD_MS > now) {
        unready = !cond || cond.status === 'False' || metric.timestamp < lt + metric.windowMs;
      } else {
        unready = cond?.status === 'False' && start + INITIAL_READINESS_DELAY_MS > lt;
      }
      if (unready) {
        g.unready.add(name);
        continue;
      }
    }
    g.ready++;
  }
  return g;
}

/** Sum of a resource's requests per pod (milli-units); every container must request it. */
export function podRequests(pods: PodLike[], resource: string, parse: (q: string | number) => number): Map<string, number> {
  const out = new Map<string, number>();
  for (const pod of pods) {
    let sum = 0;
    for (const c of pod.spec?.containers ?? []) {
      const q = c.resources?.requests?.[resource];
      if (q === undefined) throw new ReplicaCalculationError(`missing request for ${resource} in container ${c.name} of Pod ${pod.metadata?.name ?? ''}`);
      sum += Math.round(parse(q) * 1000);
    }
    out.set(pod.metadata?.name ?? '', sum);
  }
  return out;
}

export function utilizationRatio(metrics: Map<string, PodMetric>, requests: Map<string, number>, target: number): { ratio: number; utilization: number; rawAverage: number } {
  let total = 0;
  let req = 0;
  let n = 0;
  for (const [name, m] of metrics) {
    const r = requests.get(name);
    if (r === undefined) continue;
    total += m.value;
    req += r;
    n++;
  }
  if (req === 0) throw new ReplicaCalculationError('no metrics returned matched known pods');
  const utilization = Math.trunc((total * 100) / req);
  return { ratio: utilization / target, utilization, rawAverage: Math.trunc(total / n) };
}

function averageRatio(metrics: Map<string, PodMetric>, target: number): { ratio: number; average: number } {
  let total = 0;
  for (const m of metrics.values()) total += m.value;
  const average = total / metrics.size;
  return { ratio: average / target, average: Math.trunc(average) };
}

export interface ResourceResult {
  replicas: number;
  /** Percentage of requests (Utilization targets). */
  utilization?: number;
  /** Average usage per pod in milli-units. */
  rawAverage: number;
}

export interface ResourceTarget {
  resource: string;
  /** Utilization percentage, or an average value in milli-units. */
  utilization?: number;
  averageValue?: number;
}

/** GetResourceReplicas / GetRawResourceReplicas. */
export function resourceReplicas(
  currentReplicas: number,
  target: ResourceTarget,
  pods: PodLike[],
  metricsIn: Map<string, PodMetric>,
  parse: (q: string | number) => number,
  now: number,
  tolerance = TOLERANCE,
): ResourceResult {
  if (pods.length === 0) throw new ReplicaCalculationError('no pods returned by selector while calculating replica count');
  const metrics = new Map(metricsIn);
  const g = groupPods(pods, metrics, target.resource, now);
  for (const n of [...g.ignored, ...g.unready]) metrics.delete(n);
  if (metrics.size === 0) throw new ReplicaCalculationError('did not receive metrics for targeted pods (pods might be unready)');
  const byUtil = target.utilization !== undefined;
  const requests = byUtil ? podRequests(pods, target.resource, parse) : new Map<string, number>();
  const ratioOf = (m: Map<string, PodMetric>) => (byUtil ? utilizationRatio(m, requests, target.utilization!).ratio : averageRatio(m, target.averageValue!).ratio);
  const first = byUtil ? utilizationRatio(metrics, requests, target.utilization!) : undefined;
  const plain = byUtil ? undefined : averageRatio(metrics, target.averageValue!);
  const usageRatio = first?.ratio ?? plain!.ratio;
  const result = (replicas: number): ResourceResult => ({ replicas, utilization: first?.utilization, rawAverage: first?.rawAverage ?? plain!.average });
  const scaleUpWithUnready = g.unready.size > 0 && usageRatio > 1;
  if (!scaleUpWithUnready && g.missing.size === 0) {
    if (Math.abs(1 - usageRatio) <= tolerance) return result(currentReplicas);
    return result(Math.ceil(usageRatio * g.ready));
  }
  const pessimistic = new Map(metrics);
  for (const n of g.missing) {
    let value = 0;
    if (usageRatio < 1) value = byUtil ? ((requests.get(n) ?? 0) * Math.max(target.utilization!, 100)) / 100 : target.averageValue!;
    pessimistic.set(n, { value, timestamp: now, windowMs: 0 });
  }
  if (scaleUpWithUnready) for (const n of g.unready) pessimistic.set(n, { value: 0, timestamp: now, windowMs: 0 });
  const newRatio = ratioOf(pessimistic);
  if (Math.abs(1 - newRatio) <= tolerance || (usageRatio < 1 && newRatio > 1) || (usageRatio > 1 && newRatio < 1)) return result(currentReplicas);
  const newReplicas = Math.ceil(newRatio * pessimistic.size);
  if ((newRatio < 1 && newReplicas > currentReplicas) || (newRatio > 1 && newReplicas < currentReplicas)) return result(currentReplicas);
  return result(newReplicas);
}
