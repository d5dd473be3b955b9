// Group + kind → table printer for built-in kinds (the columns `kubectl get`
// shows, as upstream prints them). Printers live in printers/<group>.ts.
// Kinds without an entry (Role, ClusterRole, LimitRange,
// CustomResourceDefinition) get `defaultPrinter` from table.ts, like upstream.
import type { TablePrinter } from '../types.js';
import { controllerRevisionPrinter, daemonSetPrinter, deploymentPrinter, replicaSetPrinter, statefulSetPrinter } from './apps.js';
import { cronJobPrinter, jobPrinter } from './batch.js';
import {
  configMapPrinter, namespacePrinter, podTemplatePrinter, replicationControllerPrinter, resourceQuotaPrinter, secretPrinter,
  serviceAccountPrinter,
} from './core.js';
import { eventPrinter, eventsV1EventPrinter } from './event.js';
import { endpointSlicePrinter, ingressClassPrinter, ingressPrinter, networkPolicyPrinter } from './networking.js';
import { nodePrinter } from './node.js';
import {
  clusterRoleBindingPrinter, leasePrinter, podDisruptionBudgetPrinter, roleBindingPrinter, storageClassPrinter,
} from './other.js';
import { podPrinter } from './pod.js';
import { hpaPrinter } from '../kinds/autoscaling/printer.js';
import { endpointsPrinter, servicePrinter } from './service.js';
import { persistentVolumeClaimPrinter, persistentVolumePrinter } from './volumes.js';

const printers: Record<string, TablePrinter> = {
  '/Pod': podPrinter,
  'autoscaling/HorizontalPodAutoscaler': hpaPrinter,
  '/Namespace': namespacePrinter,
  '/Service': servicePrinter,
  '/Endpoints': endpointsPrinter,
  '/ConfigMap': configMapPrinter,
  '/Secret': secretPrinter,
  '/ServiceAccount': serviceAccountPrinter,
  '/Event': eventPrinter,
  '/Node': nodePrinter,
  '/PersistentVolume': persistentVolumePrinter,
  '/PersistentVolumeClaim': persistentVolumeClaimPrinter,
  '/ResourceQuota': resourceQuotaPrinter,
  '/PodTemplate': podTemplatePrinter,
  '/ReplicationController': replicationControllerPrinter,
  'apps/Deployment': deploymentPrinter,
  'apps/ReplicaSet': replicaSetPrinter,
  'apps/StatefulSet': statefulSetPrinter,
  'apps/DaemonSet': daemonSetPrinter,
  'apps/ControllerRevision': controllerRevisionPrinter,
  'batch/Job': jobPrinter,
  'batch/CronJob': cronJobPrinter,
  'coordination.k8s.io/Lease': leasePrinter,
  'discovery.k8s.io/EndpointSlice': endpointSlicePrinter,
  'events.k8s.io/Event': eventsV1EventPrinter,
  'networking.k8s.io/Ingress': ingressPrinter,
  'networking.k8s.io/IngressClass': ingressClassPrinter,
  'networking.k8s.io/NetworkPolicy': networkPolicyPrinter,
  'policy/PodDisruptionBudget': podDisruptionBudgetPrinter,
  'storage.k8s.io/StorageClass': storageClassPrinter,
  'rbac.authorization.k8s.io/RoleBinding': roleBindingPrinter,
  'rbac.authorization.k8s.io/ClusterRoleBinding': clusterRoleBindingPrinter,
};

export function printerFor(group: string, kind: string): TablePrinter | undefined {
  return printers[`${group}/${kind}`];
}

export { defaultPrinter, toTable, parseIncludeObject } from './table.js';
