// Server-side tables for custom resources (upstream customresource
// tableconvertor): a Name column, then the CRD's additionalPrinterColumns, or
// Age when it declares none.
import type { KubeObject, TableColumnDefinition, TablePrinter } from '../types.js';
import type { PrinterColumn } from './types.js';
import { findResults, parseJSONPath } from './jsonpath.js';
import { ageOf } from './age.js';
import { goValue, isObject } from './json.js';

const nameDescription =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
const creationTimestampDescription =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export const defaultColumns: PrinterColumn[] = [
  { name: 'Age', type: 'date', description: creationTimestampDescription, jsonPath: '.metadata.creationTimestamp' },
];

type ColumnType = TableColumnDefinition['type'];

/** A cell as the tableconvertor computes it from the first JSONPath result. */
export function cellFor(type: string, value: unknown, now: Date): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'string':
      return Array.isArray(value) || isObject(value) ? JSON.stringify(value) : goValue(value);
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      return typeof value === 'string' ? ageOf(value, now) : null;
    default:
      return null;
  }
}

export function crdTablePrinter(columns: PrinterColumn[] | undefined): TablePrinter {
  const cols = columns?.length ? columns : defaultColumns;
  const valid = cols.filter((c) => {
    try {
      parseJSONPath(c.jsonPath ?? '');
      return true;
    } catch {
      return false;
    }
  });
  const defs: TableColumnDefinition[] = [
    { name: 'Name', type: 'string', format: 'name', description: nameDescription, priority: 0 },
    ...valid.map((c) => ({
      name: c.name ?? '',
      type: (c.type ?? 'string') as ColumnType,
      format: c.format ?? '',
      description: c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
      priority: c.priority ?? 0,
    })),
  ];
  return {
    columns: defs,
    cells(obj: KubeObject, now: Date): unknown[] {
      const row: unknown[] = [obj.metadata?.name ?? ''];
      for (const c of valid) {
        let results: unknown[];
        try {
          results = findResults(c.jsonPath ?? '', obj);
        } catch {
          results = [];
        }
        row.push(results.length ? cellFor(c.type ?? 'string', results[0], now) : null);
      }
      return row;
    },
  };
}
