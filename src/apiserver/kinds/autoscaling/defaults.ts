// autoscaling/v2 HorizontalPodAutoscaler defaulting (SetDefaults_HorizontalPodAutoscaler):
// minReplicas 1, a CPU utilization target of 80% when no metric is given, and
// a filled-in behavior when one is given (scale-down stabilization stays
// unset so the controller's default window applies).
import type { KubeObject } from '../../types.js';
import { asObj, type Obj } from '../apps/helpers.js';

export const DEFAULT_CPU_UTILIZATION = 80;

const scaleUpDefaults = (): Obj => ({
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
});

const scaleDownDefaults = (): Obj => ({
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
});

/** Fills the unset fields of `rules` from `defaults` (copyHPAScalingRules). */
function fillRules(rules: unknown, defaults: Obj): Obj {
  const r = asObj(rules);
  if (!r) return defaults;
  for (const k of ['selectPolicy', 'stabilizationWindowSeconds', 'policies', 'tolerance']) {
    if (r[k] !== undefined && r[k] !== null) defaults[k] = r[k];
  }
  return defaults;
}

export function defaultBehavior(behavior: Obj): void {
  behavior.scaleUp = fillRules(behavior.scaleUp, scaleUpDefaults());
  behavior.scaleDown = fillRules(behavior.scaleDown, scaleDownDefaults());
}

export function defaultHpaV2(obj: KubeObject): void {
  const spec = asObj(obj.spec);
  if (!spec) return;
  if (spec.minReplicas === undefined || spec.minReplicas === null) spec.minReplicas = 1;
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } }];
  }
  const behavior = asObj(spec.behavior);
  if (behavior) defaultBehavior(behavior);
}
