// Builds a meta.k8s.io/v1 Table (what `kubectl get` asks for with
// `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`) from objects and a
// printer; kinds without a printer get upstream's default NAME / CREATED AT table.
import type { KubeObject, ObjectMeta, TableColumnDefinition, TablePrinter } from '../types.js';
import { docs } from './descriptions.js';
import { rowConditionsOf, type TableRowCondition } from './row.js';
import { col, nameColumn, nameOf, parseTime } from './util.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface TableOptions {
  now: Date;
  /** What each row's `object` holds; kubectl asks for Metadata (the default). */
  includeObject?: IncludeObject;
  /** The list's (or the single object's) metadata, copied to the table. */
  listMeta?: TableListMeta;
}

export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ObjectMeta;
}

export interface TableRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
  object: KubeObject | PartialObjectMetadata | null;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: TableListMeta;
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

/** An includeObject query value that is not None, Metadata or Object. */
export class InvalidIncludeObjectError extends Error {
  constructor(value: string) {
    super(`includeObject: Unsupported value: "${value}": supported values: "Metadata", "None", "Object"`);
    this.name = 'InvalidIncludeObjectError';
  }
}

/** Parses the `includeObject` query parameter ('' or absent means Metadata). */
export function parseIncludeObject(value: string | null | undefined): IncludeObject {
  if (value === undefined || value === null || value === '') return 'Metadata';
  if (value === 'None' || value === 'Metadata' || value === 'Object') return value;
  throw new InvalidIncludeObjectError(value);
}

/** metav1.Time in RFC 3339 at second precision, UTC (Go's zero time when unset). */
export function rfc3339(ts: unknown): string {
  const t = parseTime(ts);
  if (t === undefined) return '0001-01-01T00:00:00Z';
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** rest.DefaultTableConvertor: NAME and CREATED AT. */
export const defaultPrinter: TablePrinter = {
  columns: [nameColumn(), col('Created At', 'date', docs['ObjectMeta.creationTimestamp'])],
  cells: (o) => [nameOf(o), rfc3339(o.metadata?.creationTimestamp)],
};

function rowObject(obj: KubeObject, include: IncludeObject): TableRow['object'] {
  switch (include) {
    case 'None':
      return null;
    case 'Object':
      return obj;
    case 'Metadata':
      return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata ?? {} };
  }
}

function tableMeta(m: TableListMeta | undefined): TableListMeta {
  const out: TableListMeta = {};
  if (m?.resourceVersion) out.resourceVersion = m.resourceVersion;
  if (m?.continue) out.continue = m.continue;
  if (m?.remainingItemCount !== undefined && m.remainingItemCount !== null) out.remainingItemCount = m.remainingItemCount;
  return out;
}

/** The Table for `objs` (one object for a GET, the items for a LIST). The server always prints every column (wide). */
export function toTable(printer: TablePrinter | undefined, objs: KubeObject[], opts: TableOptions): Table {
  const p = printer ?? defaultPrinter;
  const include = opts.includeObject ?? 'Metadata';
  const rows = objs.map((obj): TableRow => {
    const row: TableRow = { cells: p.cells(obj, opts.now), object: rowObject(obj, include) };
    const conditions = rowConditionsOf(p, obj);
    if (conditions && conditions.length > 0) return { cells: row.cells, conditions, object: row.object };
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: tableMeta(opts.listMeta),
    columnDefinitions: p.columns,
    rows,
  };
}
