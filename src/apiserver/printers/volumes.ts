// PersistentVolume and PersistentVolumeClaim tables.
import type { KubeObject, TablePrinter } from '../types.js';
import { docs } from './descriptions.js';
import { age, ageColumn, arr, col, nameColumn, nameOf, quantity, rec, str } from './util.js';

const BETA_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** helper.GetAccessModesAsString: RWO,ROX,RWX,RWOP in that order, duplicates removed. */
export function accessModes(modes: unknown): string {
  const set = new Set(arr(modes).map(str));
  const out: string[] = [];
  if (set.has('ReadWriteOnce')) out.push('RWO');
  if (set.has('ReadOnlyMany')) out.push('ROX');
  if (set.has('ReadWriteMany')) out.push('RWX');
  if (set.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

/** Storage class: the beta annotation wins over spec.storageClassName. */
function storageClass(o: KubeObject): string {
  const ann = o.metadata?.annotations ?? {};
  if (BETA_CLASS_ANNOTATION in ann) return ann[BETA_CLASS_ANNOTATION];
  return str(rec(o.spec).storageClassName);
}

const orUnset = (v: unknown): string => (typeof v === 'string' ? v : '<unset>');

function phaseOf(o: KubeObject): string {
  if (o.metadata?.deletionTimestamp) return 'Terminating';
  return str(rec(o.status).phase);
}

export const persistentVolumePrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Capacity', 'string', docs['PersistentVolumeSpec.capacity']),
    col('Access Modes', 'string', docs['PersistentVolumeSpec.accessModes']),
    col('Reclaim Policy', 'string', docs['PersistentVolumeSpec.persistentVolumeReclaimPolicy']),
    col('Status', 'string', docs['PersistentVolumeStatus.phase']),
    col('Claim', 'string', docs['PersistentVolumeSpec.claimRef']),
    col('StorageClass', 'string', 'StorageClass of the pv'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    col('Reason', 'string', docs['PersistentVolumeStatus.reason']),
    ageColumn(),
    col('VolumeMode', 'string', docs['PersistentVolumeSpec.volumeMode'], 1),
  ],
  cells(o, now) {
    const spec = rec(o.spec);
    const claimRef = spec.claimRef !== undefined && spec.claimRef !== null ? rec(spec.claimRef) : undefined;
    const claim = claimRef ? `${str(claimRef.namespace)}/${str(claimRef.name)}` : '';
    return [
      nameOf(o), quantity(rec(spec.capacity).storage), accessModes(spec.accessModes), str(spec.persistentVolumeReclaimPolicy),
      phaseOf(o), claim, storageClass(o), orUnset(spec.volumeAttributesClassName), str(rec(o.status).reason), age(o, now),
      orUnset(spec.volumeMode),
    ];
  },
};

export const persistentVolumeClaimPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Status', 'string', docs['PersistentVolumeClaimStatus.phase']),
    col('Volume', 'string', docs['PersistentVolumeClaimSpec.volumeName']),
    col('Capacity', 'string', docs['PersistentVolumeClaimStatus.capacity']),
    col('Access Modes', 'string', docs['PersistentVolumeClaimStatus.accessModes']),
    col('StorageClass', 'string', 'StorageClass of the pvc'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    ageColumn(),
    col('VolumeMode', 'string', docs['PersistentVolumeClaimSpec.volumeMode'], 1),
  ],
  cells(o, now) {
    const spec = rec(o.spec);
    const status = rec(o.status);
    const volumeName = str(spec.volumeName);
    let capacity = '';
    let modes = '';
    if (volumeName !== '') {
      modes = accessModes(status.accessModes);
      capacity = quantity(rec(status.capacity).storage);
    }
    return [
      nameOf(o), phaseOf(o), volumeName, capacity, modes, storageClass(o), orUnset(spec.volumeAttributesClassName), age(o, now),
      orUnset(spec.volumeMode),
    ];
  },
};
