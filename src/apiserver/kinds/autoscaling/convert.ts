// autoscaling/v1 HorizontalPodAutoscalers are stored as autoscaling/v2 (as
// upstream keeps one store for every version). What v1 cannot express travels
// in the annotations upstream uses for it: metrics other than the CPU
// utilization target, current metrics, conditions and behavior. (Upstream
// writes them in its older v1 MetricSpec form; Skiff keeps the v2 form.)
import type { KubeObject, StorageView } from '../../types.js';
import { asArray, asObj, isNum, type Obj } from '../apps/helpers.js';

export const METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';
export const CURRENT_METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/current-metrics';
export const CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';
export const BEHAVIOR_ANNOTATION = 'autoscaling.alpha.kubernetes.io/behavior';
const ANNOTATIONS = [METRICS_ANNOTATION, CURRENT_METRICS_ANNOTATION, CONDITIONS_ANNOTATION, BEHAVIOR_ANNOTATION];

const isCpuUtilization = (m: Obj): boolean =>
  m.type === 'Resource' && asObj(m.resource)?.name === 'cpu' && asObj(asObj(m.resource)?.target)?.type === 'Utilization';

function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function copyMeta(obj: KubeObject): Obj {
  const meta: Obj = { ...(obj.metadata ?? {}) };
  meta.annotations = { ...((meta.annotations as Record<string, string> | undefined) ?? {}) };
  return meta;
}

function dropEmptyAnnotations(meta: Obj): void {
  if (Object.keys(meta.annotations as Obj).length === 0) delete meta.annotations;
}

/** autoscaling/v2 (stored) → autoscaling/v1. */
export function hpaV2ToV1(obj: KubeObject): KubeObject {
  const meta = copyMeta(obj);
  const ann = meta.annotations as Record<string, string>;
  const spec = asObj(obj.spec) ?? {};
  const status = asObj(obj.status);
  const v1spec: Obj = { scaleTargetRef: spec.scaleTargetRef, minReplicas: spec.minReplicas, maxReplicas: spec.maxReplicas };
  const others: unknown[] = [];
  for (const m of asArray(spec.metrics)) {
    const mo = asObj(m) ?? {};
    if (v1spec.targetCPUUtilizationPercentage === undefined && isCpuUtilization(mo)) {
      v1spec.targetCPUUtilizationPercentage = asObj(asObj(mo.resource)?.target)?.averageUtilization;
    } else others.push(m);
  }
  if (others.length) ann[METRICS_ANNOTATION] = JSON.stringify(others);
  if (spec.behavior) ann[BEHAVIOR_ANNOTATION] = JSON.stringify(spec.behavior);
  for (const k of Object.keys(v1spec)) if (v1spec[k] === undefined) delete v1spec[k];
  const out: KubeObject = { ...obj, apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', spec: v1spec };
  if (status) {
    const v1status: Obj = { currentReplicas: status.currentReplicas ?? 0, desiredReplicas: status.desiredReplicas ?? 0 };
    if (status.observedGeneration !== undefined) v1status.observedGeneration = status.observedGeneration;
    if (status.lastScaleTime) v1status.lastScaleTime = status.lastScaleTime;
    const otherCurrent: unknown[] = [];
    for (const m of asArray(status.currentMetrics)) {
      const mo = asObj(m) ?? {};
      const util = asObj(asObj(mo.resource)?.current)?.averageUtilization;
      if (mo.type === 'Resource' && asObj(mo.resource)?.name === 'cpu' && isNum(util) && v1status.currentCPUUtilizationPercentage === undefined) {
        v1status.currentCPUUtilizationPercentage = util;
      } else otherCurrent.push(m);
    }
    if (otherCurrent.length) ann[CURRENT_METRICS_ANNOTATION] = JSON.stringify(otherCurrent);
    if (asArray(status.conditions).length) ann[CONDITIONS_ANNOTATION] = JSON.stringify(status.conditions);
    out.status = v1status;
  }
  dropEmptyAnnotations(meta);
  out.metadata = meta;
  return out;
}

/** autoscaling/v1 → autoscaling/v2 (the stored form). */
export function hpaV1ToV2(obj: KubeObject): KubeObject {
  const meta = copyMeta(obj);
  const ann = meta.annotations as Record<string, string>;
  const spec = asObj(obj.spec) ?? {};
  const metrics: unknown[] = [];
  if (isNum(spec.targetCPUUtilizationPercentage)) {
    metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } });
  }
  metrics.push(...asArray(parseJson(ann[METRICS_ANNOTATION])));
  const v2spec: Obj = { scaleTargetRef: spec.scaleTargetRef, minReplicas: spec.minReplicas, maxReplicas: spec.maxReplicas };
  if (metrics.length) v2spec.metrics = metrics;
  const behavior = asObj(parseJson(ann[BEHAVIOR_ANNOTATION]));
  if (behavior) v2spec.behavior = behavior;
  for (const k of Object.keys(v2spec)) if (v2spec[k] === undefined) delete v2spec[k];
  const out: KubeObject = { ...obj, apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', spec: v2spec };
  const status = asObj(obj.status);
  if (status) {
    const v2status: Obj = { desiredReplicas: status.desiredReplicas ?? 0 };
    for (const k of ['observedGeneration', 'lastScaleTime', 'currentReplicas']) if (status[k] !== undefined) v2status[k] = status[k];
    const current: unknown[] = [];
    if (isNum(status.currentCPUUtilizationPercentage)) {
      current.push({ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: status.currentCPUUtilizationPercentage } } });
    }
    current.push(...asArray(parseJson(ann[CURRENT_METRICS_ANNOTATION])));
    if (current.length) v2status.currentMetrics = current;
    const conditions = asArray(parseJson(ann[CONDITIONS_ANNOTATION]));
    if (conditions.length) v2status.conditions = conditions;
    out.status = v2status;
  }
  for (const k of ANNOTATIONS) delete ann[k];
  dropEmptyAnnotations(meta);
  out.metadata = meta;
  return out;
}

export const hpaV1Storage: StorageView = {
  prefix: '/registry/autoscaling/horizontalpodautoscalers/',
  toStorage: hpaV1ToV2,
  fromStorage: hpaV2ToV1,
};
