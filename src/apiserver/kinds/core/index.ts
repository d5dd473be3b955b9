// Strategies of the core API group, by kind.
import type { Strategy } from '../../types.js';
import { configMapStrategy } from './configmap.js';
import { endpointsStrategy } from './endpoints.js';
import { eventStrategy } from './event.js';
import { limitRangeStrategy } from './limitrange.js';
import { namespaceStrategy } from './namespace.js';
import { nodeStrategy } from './node.js';
import { persistentVolumeStrategy } from './persistentvolume.js';
import { persistentVolumeClaimStrategy } from './persistentvolumeclaim.js';
import { podStrategy } from './pod.js';
import { podTemplateStrategy } from './podtemplate.js';
import { replicationControllerStrategy } from './replicationcontroller.js';
import { resourceQuotaStrategy } from './resourcequota.js';
import { secretStrategy } from './secret.js';
import { serviceStrategy } from './service.js';
import { serviceAccountStrategy } from './serviceaccount.js';

export const strategies: Record<string, Strategy> = {
  Namespace: namespaceStrategy,
  Pod: podStrategy,
  Service: serviceStrategy,
  Endpoints: endpointsStrategy,
  ConfigMap: configMapStrategy,
  Secret: secretStrategy,
  ServiceAccount: serviceAccountStrategy,
  Event: eventStrategy,
  Node: nodeStrategy,
  PersistentVolume: persistentVolumeStrategy,
  PersistentVolumeClaim: persistentVolumeClaimStrategy,
  LimitRange: limitRangeStrategy,
  ResourceQuota: resourceQuotaStrategy,
  PodTemplate: podTemplateStrategy,
  ReplicationController: replicationControllerStrategy,
};

// Reusable pod-spec pieces for workload kinds in other groups (apps, batch).
export { defaultPodSpec, defaultPodTemplateSpec, defaultPod } from './podspec-defaults.js';
export { validatePodSpec, validatePodTemplateSpec } from './podspec.js';
export { validatePVCSpec } from './persistentvolumeclaim.js';
