// PersistentVolume strategy (cluster-scoped) and the access-mode rules PVCs share.
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, type FieldPath, forbidden, invalid, notSupported, required, root } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { isDNS1123Subdomain, nameIsDNSSubdomain } from '../../validation/names.js';
import { validateVolumeSource } from './podspec-volumes.js';
import { validateResourceQuantityValue } from './resources.js';
import { type Obj, clone, deepEqual, peek, setDefaultStr, spec, str, validateImmutable, dropGeneration } from './util.js';

export const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
export const VOLUME_MODES = ['Block', 'Filesystem'];
const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];

/** Sources a PersistentVolume may use (pod-only ones like emptyDir are not among them). */
const PV_SOURCES = [
  'gcePersistentDisk', 'awsElasticBlockStore', 'hostPath', 'glusterfs', 'nfs', 'rbd', 'iscsi', 'cinder', 'cephfs', 'fc',
  'flocker', 'flexVolume', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume',
  'scaleIO', 'local', 'storageos', 'csi',
];

export function validateAccessModes(modes: unknown, fld: FieldPath, requiredDetail = ''): FieldError[] {
  const list = Array.isArray(modes) ? modes.map(String) : [];
  if (list.length === 0) return [required(fld, requiredDetail)];
  const errs: FieldError[] = [];
  for (const m of list) if (!ACCESS_MODES.includes(m)) errs.push(notSupported(fld, m, ACCESS_MODES));
  if (list.includes('ReadWriteOncePod') && list.length > 1) {
    errs.push(forbidden(fld, 'may not use ReadWriteOncePod with other access modes'));
  }
  return errs;
}

export function validateOptionalSubdomain(v: unknown, fld: FieldPath): FieldError[] {
  const s = str(v);
  return s ? isDNS1123Subdomain(s).map((m) => invalid(fld, s, m)) : [];
}

function validatePVSpec(o: KubeObject): FieldError[] {
  const s = peek(o, 'spec') ?? {};
  const fld = root('spec');
  const errs: FieldError[] = [];
  errs.push(...validateAccessModes(s.accessModes, fld.child('accessModes')));
  const cap = peek(s, 'capacity') ?? {};
  const keys = Object.keys(cap);
  if (keys.length === 0) errs.push(required(fld.child('capacity')));
  else if (!keys.includes('storage') || keys.length > 1) errs.push(notSupported(fld.child('capacity'), cap, ['storage']));
  for (const [k, v] of Object.entries(cap)) errs.push(...validateResourceQuantityValue(k, v, fld.child('capacity').key(k)));
  errs.push(...validateOptionalSubdomain(s.storageClassName, fld.child('storageClassName')));
  const reclaim = str(s.persistentVolumeReclaimPolicy);
  if (reclaim && !RECLAIM_POLICIES.includes(reclaim)) {
    errs.push(notSupported(fld.child('persistentVolumeReclaimPolicy'), reclaim, RECLAIM_POLICIES));
  }
  if (s.volumeMode !== undefined && !VOLUME_MODES.includes(str(s.volumeMode))) {
    errs.push(notSupported(fld.child('volumeMode'), s.volumeMode, VOLUME_MODES));
  }
  errs.push(...validateVolumeSource(s, fld, PV_SOURCES));
  const local = peek(s, 'local');
  if (local) {
    if (!str(local.path)) errs.push(required(fld.child('local', 'path')));
    if (!peek(s, 'nodeAffinity')) errs.push(required(fld.child('nodeAffinity'), 'Local volume requires node affinity'));
  }
  return errs;
}

const sourceOf = (s: Obj): Obj => Object.fromEntries(PV_SOURCES.filter((k) => s[k] !== undefined).map((k) => [k, s[k]]));

export const persistentVolumeStrategy: Strategy = {
  defaults(obj) {
    const s = spec(obj);
    setDefaultStr(s, 'persistentVolumeReclaimPolicy', 'Retain');
    setDefaultStr(s, 'volumeMode', 'Filesystem');
    // SetDefaults_HostPathVolumeSource: a *HostPathType, so "" is serialized.
    const hostPath = peek(s, 'hostPath');
    if (hostPath && (hostPath.type === undefined || hostPath.type === null)) hostPath.type = '';
    const st = peek(obj, 'status');
    if (st) setDefaultStr(st, 'phase', 'Pending');
  },
  prepareForCreate(obj) {
    dropGeneration(obj);
    obj.status = { phase: 'Pending', lastPhaseTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
  },
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, false, nameIsDNSSubdomain), ...validatePVSpec(obj)];
  },
  prepareForUpdate(obj, old) {
    obj.status = clone(old.status);
  },
  validateUpdate(obj, old) {
    const s = peek(obj, 'spec') ?? {};
    const os = peek(old, 'spec') ?? {};
    const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validatePVSpec(obj)];
    if (!deepEqual(sourceOf(s), sourceOf(os))) {
      errs.push(forbidden(root('spec').child('persistentvolumesource'), 'spec.persistentvolumesource is immutable after creation'));
    }
    errs.push(...validateImmutable(s.volumeMode, os.volumeMode, root('spec').child('volumeMode')));
    return errs;
  },
  prepareForStatusUpdate(obj, old) {
    obj.spec = clone(old.spec);
  },
  validateStatusUpdate(obj, old) {
    return validateObjectMetaUpdate(obj.metadata, old.metadata);
  },
};
