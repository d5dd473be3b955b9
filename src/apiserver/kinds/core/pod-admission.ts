// What upstream's default admission plugins write into a new pod, for the
// plugins Skiff can honour without other resources:
//  - Priority: the priority (and preemption policy) of the pod's class; no
//    class and no global default gives priority 0 and PreemptLowerPriority.
//  - DefaultTolerationSeconds: 300 s tolerations of the not-ready and
//    unreachable NoExecute taints unless the pod already tolerates them.
import { type Obj, list, str } from './util.js';

/** The built-in system priority classes (the only ones that exist without a PriorityClass kind). */
export const SYSTEM_PRIORITY_CLASSES: Record<string, number> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};
export const DEFAULT_PREEMPTION_POLICY = 'PreemptLowerPriority';
export const DEFAULT_TOLERATION_SECONDS = 300;
export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';

/** Priority admission: fills spec.priority and spec.preemptionPolicy when the class is known. */
export function admitPriority(spec: Obj): void {
  const className = str(spec.priorityClassName);
  const priority = className ? SYSTEM_PRIORITY_CLASSES[className] : 0;
  if (priority === undefined) return; // a user-defined class: Skiff has no PriorityClass objects to read
  if (spec.priority === undefined || spec.priority === null) spec.priority = priority;
  if (spec.preemptionPolicy === undefined || spec.preemptionPolicy === null || spec.preemptionPolicy === '') {
    spec.preemptionPolicy = DEFAULT_PREEMPTION_POLICY;
  }
}

function tolerates(tolerations: Obj[], key: string): boolean {
  return tolerations.some((t) => (str(t.key) === key || str(t.key) === '') && (str(t.effect) === 'NoExecute' || str(t.effect) === ''));
}

/** DefaultTolerationSeconds admission. */
export function admitDefaultTolerations(spec: Obj): void {
  const tolerations = list(spec, 'tolerations');
  const added: Obj[] = [];
  for (const key of [NOT_READY_TAINT, UNREACHABLE_TAINT]) {
    if (!tolerates(tolerations, key)) {
      added.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
    }
  }
  if (added.length > 0) spec.tolerations = [...(Array.isArray(spec.tolerations) ? spec.tolerations : []), ...added];
}

/** Everything the admission chain adds to a pod on create. */
export function admitNewPod(spec: Obj): void {
  admitPriority(spec);
  admitDefaultTolerations(spec);
}
