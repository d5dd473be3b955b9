import type { PackageTable } from '../schema.js';

/** policy/v1 message layouts, in Go field (JSON output) order; entry syntax in ../schema.ts. */
export const policy: PackageTable = {
  Eviction: ['1 metadata meta.ObjectMeta', '2 deleteOptions meta.DeleteOptions?'],
  PodDisruptionBudget: [
    '1 metadata meta.ObjectMeta', '2 spec PodDisruptionBudgetSpec',
    '3 status PodDisruptionBudgetStatus',
  ],
  PodDisruptionBudgetList: ['1 metadata meta.ListMeta', '2 items []PodDisruptionBudget'],
  PodDisruptionBudgetSpec: [
    '1 minAvailable intstr.IntOrString?', '2 selector meta.LabelSelector?',
    '3 maxUnavailable intstr.IntOrString?', '4 unhealthyPodEvictionPolicy string?',
  ],
  PodDisruptionBudgetStatus: [
    '1 observedGeneration int64', '2 disruptedPods map<string,meta.Time>',
    '3 disruptionsAllowed int32!', '4 currentHealthy int32!', '5 desiredHealthy int32!',
    '6 expectedPods int32!', '7 conditions []meta.Condition',
  ],
};
