// Tables for the smaller groups: coordination (Lease), policy
// (PodDisruptionBudget), storage (StorageClass), rbac (RoleBinding,
// ClusterRoleBinding). Role, ClusterRole, LimitRange and CRDs have no
// printer upstream and get the default NAME / CREATED AT table.
import type { TablePrinter } from '../types.js';
import { docs } from './descriptions.js';
import { age, ageColumn, arr, col, intOrString, nameColumn, nameOf, num, rec, str } from './util.js';

export const leasePrinter: TablePrinter = {
  columns: [nameColumn(), col('Holder', 'string', docs['LeaseSpec.holderIdentity']), ageColumn()],
  cells: (o, now) => [nameOf(o), str(rec(o.spec).holderIdentity), age(o, now)],
};

export const podDisruptionBudgetPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Min Available', 'string', 'The minimum number of pods that must be available.'),
    col('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    col('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    ageColumn(),
  ],
  cells(o, now) {
    const spec = rec(o.spec);
    const present = (v: unknown): boolean => v !== undefined && v !== null;
    const minAvailable = present(spec.minAvailable) ? intOrString(spec.minAvailable) : 'N/A';
    const maxUnavailable = present(spec.maxUnavailable) ? intOrString(spec.maxUnavailable) : 'N/A';
    return [nameOf(o), minAvailable, maxUnavailable, num(rec(o.status).disruptionsAllowed), age(o, now)];
  },
};

const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
const BETA_DEFAULT_CLASS_ANNOTATION = 'storageclass.beta.kubernetes.io/is-default-class';

export const storageClassPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Provisioner', 'string', docs['StorageClass.provisioner']),
    col('ReclaimPolicy', 'string', docs['StorageClass.reclaimPolicy']),
    col('VolumeBindingMode', 'string', docs['StorageClass.volumeBindingMode']),
    col('AllowVolumeExpansion', 'string', docs['StorageClass.allowVolumeExpansion']),
    ageColumn(),
  ],
  cells(o, now) {
    const ann = o.metadata?.annotations ?? {};
    const isDefault = ann[DEFAULT_CLASS_ANNOTATION] === 'true' || ann[BETA_DEFAULT_CLASS_ANNOTATION] === 'true';
    const name = isDefault ? `${nameOf(o)} (default)` : nameOf(o);
    const reclaimPolicy = typeof o.reclaimPolicy === 'string' ? o.reclaimPolicy : 'Delete';
    const bindingMode = typeof o.volumeBindingMode === 'string' ? o.volumeBindingMode : 'Immediate';
    const allowExpansion = o.allowVolumeExpansion === true;
    return [name, str(o.provisioner), reclaimPolicy, bindingMode, allowExpansion, age(o, now)];
  },
};

/** rbac.SubjectsStrings: users, groups and `namespace:name` service accounts, each joined by ", ". */
export function subjectsStrings(subjects: unknown): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of arr(subjects).map(rec)) {
    const name = str(s.name);
    switch (s.kind) {
      case 'ServiceAccount':
        sas.push(str(s.namespace) !== '' ? `${str(s.namespace)}:${name}` : name);
        break;
      case 'User':
        users.push(name);
        break;
      case 'Group':
        groups.push(name);
        break;
    }
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

function bindingPrinter(what: 'roleBinding' | 'clusterRoleBinding', roleDoc: string): TablePrinter {
  return {
    columns: [
      nameColumn(),
      col('Role', 'string', roleDoc),
      ageColumn(),
      col('Users', 'string', `Users in the ${what}`, 1),
      col('Groups', 'string', `Groups in the ${what}`, 1),
      col('ServiceAccounts', 'string', `ServiceAccounts in the ${what}`, 1),
    ],
    cells(o, now) {
      const ref = rec(o.roleRef);
      return [nameOf(o), `${str(ref.kind)}/${str(ref.name)}`, age(o, now), ...subjectsStrings(o.subjects)];
    },
  };
}

export const roleBindingPrinter = bindingPrinter('roleBinding', docs['RoleBinding.roleRef']);
export const clusterRoleBindingPrinter = bindingPrinter('clusterRoleBinding', docs['ClusterRoleBinding.roleRef']);
