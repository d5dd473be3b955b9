// The garbage collector's REST mapping: which resources it watches for
// ownerReferences, and how an owner reference (apiVersion + kind) maps to a
// resource collection to look the owner up. Built-ins are a fixed table of
// what Skiff's API server serves; custom resources are added from CRDs.
import type { GVR } from '../../client/types.js';

export interface ResourceInfo {
  gvr: GVR;
  kind: string;
  namespaced: boolean;
}

const b = (group: string, version: string, resource: string, kind: string, namespaced = true): ResourceInfo => ({ gvr: { group, version, resource }, kind, namespaced });

/** Built-in resources that can have owners or be owners (events excluded, as upstream's GC ignores them). */
export const BUILTIN_RESOURCES: ResourceInfo[] = [
  b('', 'v1', 'pods', 'Pod'),
  b('', 'v1', 'services', 'Service'),
  b('', 'v1', 'endpoints', 'Endpoints'),
  b('', 'v1', 'configmaps', 'ConfigMap'),
  b('', 'v1', 'secrets', 'Secret'),
  b('', 'v1', 'serviceaccounts', 'ServiceAccount'),
  b('', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim'),
  b('', 'v1', 'replicationcontrollers', 'ReplicationController'),
  b('', 'v1', 'podtemplates', 'PodTemplate'),
  b('', 'v1', 'limitranges', 'LimitRange'),
  b('', 'v1', 'resourcequotas', 'ResourceQuota'),
  b('', 'v1', 'nodes', 'Node', false),
  b('', 'v1', 'namespaces', 'Namespace', false),
  b('', 'v1', 'persistentvolumes', 'PersistentVolume', false),
  b('apps', 'v1', 'deployments', 'Deployment'),
  b('apps', 'v1', 'replicasets', 'ReplicaSet'),
  b('apps', 'v1', 'statefulsets', 'StatefulSet'),
  b('apps', 'v1', 'daemonsets', 'DaemonSet'),
  b('apps', 'v1', 'controllerrevisions', 'ControllerRevision'),
  b('batch', 'v1', 'jobs', 'Job'),
  b('batch', 'v1', 'cronjobs', 'CronJob'),
  b('coordination.k8s.io', 'v1', 'leases', 'Lease'),
  b('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice'),
  b('networking.k8s.io', 'v1', 'ingresses', 'Ingress'),
  b('networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy'),
  b('policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget'),
  b('rbac.authorization.k8s.io', 'v1', 'roles', 'Role'),
  b('rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding'),
  b('rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false),
  b('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', false),
  b('storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', false),
  b('apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'CustomResourceDefinition', false),
];

export class NoMappingError extends Error {
  constructor(apiVersion: string, kind: string) {
    super(`no resource is known for kind "${kind}" in "${apiVersion}"`);
    this.name = 'NoMappingError';
  }
}

export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

export function apiVersionOf(gvr: GVR): string {
  return gvr.group ? `${gvr.group}/${gvr.version}` : gvr.version;
}

/** group+kind → resource. Owner references may name any served version; lookups go to the one we know. */
export class ResourceMapper {
  private readonly byGroupKind = new Map<string, ResourceInfo>();

  constructor(initial: ResourceInfo[] = BUILTIN_RESOURCES) {
    for (const r of initial) this.add(r);
  }

  add(r: ResourceInfo): void {
    this.byGroupKind.set(`${r.gvr.group}|${r.kind}`, r);
  }

  remove(group: string, kind: string): void {
    this.byGroupKind.delete(`${group}|${kind}`);
  }

  lookup(apiVersion: string, kind: string): ResourceInfo | undefined {
    return this.byGroupKind.get(`${groupOf(apiVersion)}|${kind}`);
  }

  mustLookup(apiVersion: string, kind: string): ResourceInfo {
    const r = this.lookup(apiVersion, kind);
    if (!r) throw new NoMappingError(apiVersion, kind);
    return r;
  }
}
