// The table `kubectl get crd` shows (upstream customresourcedefinition
// tableconvertor): Name, Scope, Versions, Created At; wide adds Group, Kind,
// ShortNames, Established.
import type { KubeObject, TablePrinter } from '../types.js';
import type { CustomResourceDefinition } from './types.js';
import { isEstablished } from './crd-validation.js';

export const crdPrinter: TablePrinter = {
  columns: [
    { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
    { name: 'Scope', type: 'string', format: '', description: 'Cluster/Namespaced', priority: 0 },
    { name: 'Versions', type: 'string', format: '', description: 'Served versions', priority: 0 },
    { name: 'Created At', type: 'date', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0 },
    { name: 'Group', type: 'string', format: '', description: 'API group', priority: 1 },
    { name: 'Kind', type: 'string', format: '', description: 'CustomResource kind', priority: 1 },
    { name: 'ShortNames', type: 'string', format: '', description: 'Short names', priority: 1 },
    { name: 'Established', type: 'boolean', format: '', description: 'Established status', priority: 1 },
  ],
  cells(obj: KubeObject): unknown[] {
    const crd = obj as CustomResourceDefinition;
    const spec = crd.spec ?? {};
    const versions = (spec.versions ?? [])
      .filter((v) => v.served)
      .map((v) => (v.storage ? `${v.name}(storage)` : v.name ?? ''))
      .sort();
    const created = crd.metadata?.creationTimestamp ? new Date(crd.metadata.creationTimestamp).toISOString().replace(/\.\d+Z$/, 'Z') : '0001-01-01T00:00:00Z';
    return [
      crd.metadata?.name ?? '',
      spec.scope ?? '',
      versions.join(','),
      created,
      spec.group ?? '',
      spec.names?.kind ?? '',
      (spec.names?.shortNames ?? []).join(','),
      isEstablished(crd),
    ];
  },
};
