// spec.volumes of a PodSpec (core validation's ValidateVolumes), for the common sources.
import { type FieldError, type FieldPath, duplicate, forbidden, invalid, required } from '../../validation/field.js';
import { isConfigMapKey, isDNS1123Label, isDNS1123Subdomain } from '../../validation/names.js';
import { validateLocalDescendingPath } from './podspec-containers.js';
import { validateResourceQuantityValue } from './resources.js';
import { type Obj, isObj, list, peek, str } from './util.js';

export const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos',
  'csi', 'ephemeral', 'image',
];

const FILE_MODE_MSG = 'must be a number between 0 and 0777 (octal), both inclusive';
const hostPathTypes = ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'];

function validateMode(mode: unknown, fld: FieldPath): FieldError[] {
  if (mode === undefined || mode === null) return [];
  return typeof mode === 'number' && Number.isInteger(mode) && mode >= 0 && mode <= 0o777 ? [] : [invalid(fld, mode, FILE_MODE_MSG)];
}

/** items of secret / configMap sources: key required, path relative and descending. */
function validateKeyToPaths(items: Obj[], fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  items.forEach((it, i) => {
    const p = fld.index(i);
    const key = str(it.key);
    if (!key) errs.push(required(p.child('key')));
    else for (const m of isConfigMapKey(key)) errs.push(invalid(p.child('key'), key, m));
    const path = str(it.path);
    if (!path) errs.push(required(p.child('path')));
    else errs.push(...validateLocalDescendingPath(path, p.child('path')));
    errs.push(...validateMode(it.mode, p.child('mode')));
  });
  return errs;
}

function validateDownwardItems(items: Obj[], fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  items.forEach((it, i) => {
    const p = fld.index(i);
    const path = str(it.path);
    if (!path) errs.push(required(p.child('path')));
    else errs.push(...validateLocalDescendingPath(path, p.child('path')));
    errs.push(...validateMode(it.mode, p.child('mode')));
    const n = (it.fieldRef ? 1 : 0) + (it.resourceFieldRef ? 1 : 0);
    if (n === 0) errs.push(required(p, 'one of `fieldRef` and `resourceFieldRef` is required'));
    if (n > 1) errs.push(invalid(p, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
  });
  return errs;
}

function validateSource(kind: string, src: Obj, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  switch (kind) {
    case 'hostPath':
      if (!str(src.path)) errs.push(required(fld.child('path')));
      if (!hostPathTypes.includes(str(src.type))) errs.push(invalid(fld.child('type'), src.type, 'unsupported host path type'));
      break;
    case 'emptyDir':
      if (src.sizeLimit !== undefined) errs.push(...validateResourceQuantityValue('storage', src.sizeLimit, fld.child('sizeLimit')));
      if (src.medium !== undefined && !['', 'Memory', 'HugePages'].includes(str(src.medium)) && !str(src.medium).startsWith('HugePages-')) {
        errs.push(invalid(fld.child('medium'), src.medium, 'unsupported medium'));
      }
      break;
    case 'secret':
      if (!str(src.secretName)) errs.push(required(fld.child('secretName')));
      errs.push(...validateMode(src.defaultMode, fld.child('defaultMode')));
      errs.push(...validateKeyToPaths(list(src, 'items'), fld.child('items')));
      break;
    case 'configMap':
      if (!str(src.name)) errs.push(required(fld.child('name')));
      errs.push(...validateMode(src.defaultMode, fld.child('defaultMode')));
      errs.push(...validateKeyToPaths(list(src, 'items'), fld.child('items')));
      break;
    case 'persistentVolumeClaim':
      if (!str(src.claimName)) errs.push(required(fld.child('claimName')));
      break;
    case 'nfs':
      if (!str(src.server)) errs.push(required(fld.child('server')));
      if (!str(src.path)) errs.push(required(fld.child('path')));
      else if (!str(src.path).startsWith('/')) errs.push(invalid(fld.child('path'), src.path, 'must be an absolute path'));
      break;
    case 'csi':
      if (!str(src.driver)) errs.push(required(fld.child('driver')));
      break;
    case 'downwardAPI':
      errs.push(...validateMode(src.defaultMode, fld.child('defaultMode')));
      errs.push(...validateDownwardItems(list(src, 'items'), fld.child('items')));
      break;
    case 'projected':
      errs.push(...validateMode(src.defaultMode, fld.child('defaultMode')));
      list(src, 'sources').forEach((s, i) => {
        const p = fld.child('sources').index(i);
        const kinds = ['secret', 'configMap', 'downwardAPI', 'serviceAccountToken', 'clusterTrustBundle'].filter((k) => isObj(s[k]));
        if (kinds.length > 1) errs.push(forbidden(p.child(kinds[1]), 'may not specify more than 1 volume type per source'));
        const sat = peek(s, 'serviceAccountToken');
        if (sat) {
          if (!str(sat.path)) errs.push(required(p.child('serviceAccountToken', 'path')));
          if (typeof sat.expirationSeconds === 'number' && sat.expirationSeconds < 600) {
            errs.push(invalid(p.child('serviceAccountToken', 'expirationSeconds'), sat.expirationSeconds, 'may not specify a duration less than 10 minutes'));
          }
        }
        for (const k of ['secret', 'configMap']) {
          const ref = peek(s, k);
          if (ref) errs.push(...validateKeyToPaths(list(ref, 'items'), p.child(k, 'items')));
        }
        const d = peek(s, 'downwardAPI');
        if (d) errs.push(...validateDownwardItems(list(d, 'items'), p.child('downwardAPI', 'items')));
      });
      break;
    case 'ephemeral':
      if (!peek(src, 'volumeClaimTemplate')) errs.push(required(fld.child('volumeClaimTemplate')));
      break;
    case 'image':
      if (!str(src.reference)) errs.push(required(fld.child('reference')));
      break;
    case 'iscsi':
      if (!str(src.targetPortal)) errs.push(required(fld.child('targetPortal')));
      if (!str(src.iqn)) errs.push(required(fld.child('iqn')));
      break;
    default:
      break;
  }
  return errs;
}

/** Exactly one source per volume (upstream's "must specify a volume type"). */
export function validateVolumeSource(v: Obj, fld: FieldPath, sources: string[] = VOLUME_SOURCES): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const kind of sources) {
    if (v[kind] === undefined || v[kind] === null) continue;
    n++;
    if (n > 1) {
      errs.push(forbidden(fld.child(kind), 'may not specify more than 1 volume type'));
      continue;
    }
    errs.push(...validateSource(kind, isObj(v[kind]) ? (v[kind] as Obj) : {}, fld.child(kind)));
  }
  if (n === 0) errs.push(required(fld, 'must specify a volume type'));
  return errs;
}

/** spec.volumes; returns the errors and the set of volume names for mounts. */
export function validateVolumes(volumes: Obj[], fld: FieldPath): { errs: FieldError[]; names: Set<string> } {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  volumes.forEach((v, i) => {
    const p = fld.index(i);
    const name = str(v.name);
    if (!name) errs.push(required(p.child('name')));
    else {
      for (const m of isDNS1123Label(name)) errs.push(invalid(p.child('name'), name, m));
      if (names.has(name)) errs.push(duplicate(p.child('name'), name));
      names.add(name);
    }
    errs.push(...validateVolumeSource(v, p));
    const claim = peek(v, 'persistentVolumeClaim');
    if (claim && str(claim.claimName)) {
      for (const m of isDNS1123Subdomain(str(claim.claimName))) errs.push(invalid(p.child('persistentVolumeClaim', 'claimName'), claim.claimName, m));
    }
  });
  return { errs, names };
}
