// Strategies of the apps API group, by kind.
import type { Strategy } from '../../types.js';
import { controllerRevisionStrategy } from './controllerrevision.js';
import { daemonSetStrategy } from './daemonset.js';
import { deploymentStrategy } from './deployment.js';
import { replicaSetStrategy } from './replicaset.js';
import { statefulSetStrategy } from './statefulset.js';

export const strategies: Record<string, Strategy> = {
  Deployment: deploymentStrategy,
  ReplicaSet: replicaSetStrategy,
  StatefulSet: statefulSetStrategy,
  DaemonSet: daemonSetStrategy,
  ControllerRevision: controllerRevisionStrategy,
};
