// Path elements of structured-merge-diff, kept in their FieldsV1 serialized
// form (`f:name`, `k:{"name":"nginx"}`, `v:"value"`, `i:0`), which doubles as
// their identity. Ordering and human-readable rendering follow upstream.
import { sortStrings } from './small-sort.js';

/** A serialized path element; a path is a list of them from the object root. */
export type PathElement = string;
export type FieldPath = readonly PathElement[];

export class InvalidPathElementError extends Error {
  constructor(readonly element: string, why: string) {
    super(`invalid path element ${JSON.stringify(element)}: ${why}`);
    this.name = 'InvalidPathElementError';
  }
}

/** JSON like Go's encoding/json: map keys sorted, HTML-sensitive characters escaped. */
export function goJSON(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  const json = typeof value === 'string' ? JSON.stringify(value) : stableJSON(value);
  return GO_ESCAPED.test(json) ? json.replace(GO_ESCAPED_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}

const GO_ESCAPED = /[<>&\u2028\u2029]/;
const GO_ESCAPED_ALL = /[<>&\u2028\u2029]/g;

function stableJSON(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJSON).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJSON(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export const fieldPE = (name: string): PathElement => `f:${name}`;
export const valuePE = (value: unknown): PathElement => `v:${goJSON(value)}`;
export const indexPE = (index: number): PathElement => `i:${index}`;
/** A list-map item's key: fields sorted by name, like upstream. */
export function keyPE(fields: Record<string, unknown>): PathElement {
  const names = Object.keys(fields);
  if (names.length === 1) return `k:{${goJSON(names[0])}:${goJSON(fields[names[0]!])}}`;
  sortStrings(names);
  return `k:{${names.map((n) => `${goJSON(n)}:${goJSON(fields[n])}`).join(',')}}`;
}

export type ParsedPE =
  | { kind: 'field'; name: string }
  | { kind: 'key'; fields: Array<[string, unknown]> }
  | { kind: 'value'; value: unknown }
  | { kind: 'index'; index: number };

const parseCache = new Map<string, ParsedPE>();

export function parsePE(pe: PathElement): ParsedPE {
  const cached = parseCache.get(pe);
  if (cached) return cached;
  const parsed = parseUncached(pe);
  if (parseCache.size > 10000) parseCache.clear();
  parseCache.set(pe, parsed);
  return parsed;
}

function parseUncached(pe: string): ParsedPE {
  if (pe.length < 2 || pe[1] !== ':') throw new InvalidPathElementError(pe, 'missing colon');
  const body = pe.slice(2);
  switch (pe[0]) {
    case 'f':
      return { kind: 'field', name: body };
    case 'i': {
      if (!/^-?\d+$/.test(body)) throw new InvalidPathElementError(pe, 'index is not an integer');
      return { kind: 'index', index: Number(body) };
    }
    case 'v':
      return { kind: 'value', value: parseJSON(pe, body) };
    case 'k': {
      const obj = parseJSON(pe, body);
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new InvalidPathElementError(pe, 'key is not an object');
      const fields = Object.entries(obj as Record<string, unknown>).sort(([a], [b]) => compareStrings(a, b));
      return { kind: 'key', fields };
    }
    default:
      throw new UnknownPathElementTypeError(pe);
  }
}

/** Upstream silently drops elements of a type it does not know (for forward compatibility). */
export class UnknownPathElementTypeError extends InvalidPathElementError {
  constructor(element: string) {
    super(element, 'unknown path element type');
    this.name = 'UnknownPathElementTypeError';
  }
}

function parseJSON(pe: string, body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new InvalidPathElementError(pe, 'invalid JSON');
  }
}

/** Re-serialize canonically (sorted key fields, Go escaping). */
export function canonicalPE(pe: PathElement): PathElement {
  const p = parsePE(pe);
  switch (p.kind) {
    case 'field':
      return pe;
    case 'index':
      return indexPE(p.index);
    case 'value':
      return valuePE(p.value);
    case 'key':
      return keyPE(Object.fromEntries(p.fields));
  }
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const KIND_ORDER = { field: 0, key: 1, value: 2, index: 3 } as const;

/** Upstream PathElement.Compare: fields < keys < values < indexes. */
export function comparePE(a: PathElement, b: PathElement): number {
  if (a === b) return 0;
  const pa = parsePE(a);
  const pb = parsePE(b);
  if (pa.kind !== pb.kind) return KIND_ORDER[pa.kind] - KIND_ORDER[pb.kind];
  if (pa.kind === 'field' && pb.kind === 'field') return compareStrings(pa.name, pb.name);
  if (pa.kind === 'index' && pb.kind === 'index') return pa.index - pb.index;
  if (pa.kind === 'value' && pb.kind === 'value') return compareValues(pa.value, pb.value);
  if (pa.kind === 'key' && pb.kind === 'key') {
    for (let i = 0; ; i++) {
      if (i >= pa.fields.length && i >= pb.fields.length) return 0;
      if (i >= pa.fields.length) return -1;
      if (i >= pb.fields.length) return 1;
      const c = compareStrings(pa.fields[i]![0], pb.fields[i]![0]) || compareValues(pa.fields[i]![1], pb.fields[i]![1]);
      if (c !== 0) return c;
    }
  }
  return compareStrings(a, b);
}

function valueRank(v: unknown): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (v !== null && typeof v === 'object') return 4;
  return 5; // null
}

/** Upstream value.Compare: numbers < strings < booleans < lists < maps < null. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = valueRank(a);
  const rb = valueRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return compareStrings(goJSON(a), goJSON(b));
}

function renderValue(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : goJSON(v);
}

/** Human-readable path as in conflict messages: `.spec.containers[name="nginx"].image`. */
export function pathToString(path: FieldPath): string {
  return path
    .map((pe) => {
      const p = parsePE(pe);
      switch (p.kind) {
        case 'field':
          return `.${p.name}`;
        case 'key':
          return `[${p.fields.map(([n, v]) => `${n}=${renderValue(v)}`).join(',')}]`;
        case 'value':
          return `[=${renderValue(p.value)}]`;
        case 'index':
          return `[${p.index}]`;
      }
    })
    .join('');
}
