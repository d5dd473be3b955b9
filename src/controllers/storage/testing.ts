// Builders of claims, volumes, classes and nodes for the storage tests.
import { NODES } from '../../client/gvr.js';
import type { FakeResourceClient } from '../../client/fake.js';
import type { Node } from '../../scheduler/framework/types.js';
import { ANN_DEFAULT_CLASS, PVCS, PVS, STORAGE_CLASSES, type PV, type PVC, type StorageClass } from './constants.js';

export function makeClaim(name: string, o: { ns?: string; size?: string; className?: string | null; modes?: string[]; volumeName?: string; annotations?: Record<string, string>; selector?: { matchLabels?: Record<string, string> } } = {}): PVC {
  const spec: Record<string, unknown> = { accessModes: o.modes ?? ['ReadWriteOnce'], resources: { requests: { storage: o.size ?? '1Gi' } } };
  if (o.className !== null && o.className !== undefined) spec.storageClassName = o.className;
  if (o.volumeName) spec.volumeName = o.volumeName;
  if (o.selector) spec.selector = o.selector;
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: o.ns ?? 'default', annotations: o.annotations }, spec } as PVC;
}

export function makeVolume(name: string, o: { size?: string; className?: string; modes?: string[]; policy?: string; claim?: { ns?: string; name: string; uid?: string }; labels?: Record<string, string>; node?: string; phase?: string } = {}): PV {
  const spec: Record<string, unknown> = {
    capacity: { storage: o.size ?? '1Gi' },
    accessModes: o.modes ?? ['ReadWriteOnce'],
    persistentVolumeReclaimPolicy: o.policy ?? 'Retain',
    hostPath: { path: `/tmp/${name}` },
  };
  if (o.className) spec.storageClassName = o.className;
  if (o.claim) spec.claimRef = { kind: 'PersistentVolumeClaim', namespace: o.claim.ns ?? 'default', name: o.claim.name, uid: o.claim.uid };
  if (o.node) spec.nodeAffinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [o.node] }] }] } };
  const pv = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name, labels: o.labels }, spec } as PV;
  if (o.phase) (pv as { status?: unknown }).status = { phase: o.phase };
  return pv;
}

export function makeClass(name: string, o: { provisioner?: string; mode?: string; policy?: string; isDefault?: boolean } = {}): StorageClass {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name, annotations: o.isDefault ? { [ANN_DEFAULT_CLASS]: 'true' } : undefined },
    provisioner: o.provisioner ?? 'example.com/nfs',
    volumeBindingMode: o.mode ?? 'Immediate',
    reclaimPolicy: o.policy ?? 'Delete',
  };
}

export function storageNode(name: string): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } } } as Node;
}

export const getClaim = (c: FakeResourceClient, name: string, ns = 'default'): Promise<PVC> => c.get<PVC>(PVCS, ns, name);
export const getVolume = (c: FakeResourceClient, name: string): Promise<PV> => c.get<PV>(PVS, '', name);
export const seed = {
  claim: (c: FakeResourceClient, pvc: PVC): Promise<PVC> => c.create<PVC>(PVCS, pvc.metadata?.namespace ?? 'default', pvc),
  volume: (c: FakeResourceClient, pv: PV): Promise<PV> => c.create<PV>(PVS, '', pv),
  klass: (c: FakeResourceClient, sc: StorageClass): Promise<StorageClass> => c.create<StorageClass>(STORAGE_CLASSES, '', sc),
  node: (c: FakeResourceClient, n: Node): Promise<Node> => c.create<Node>(NODES, '', n),
};
