// Formatting helpers shared by the table printers, following upstream's
// printers (duration.HumanDuration, labels.FormatLabels,
// metav1.FormatLabelSelector, …) and small accessors for untyped JSON.
import type { KubeObject, TableColumnDefinition } from '../types.js';
import { docs } from './descriptions.js';

// ---- untyped JSON access -------------------------------------------------

export type Json = Record<string, unknown>;

/** The value as an object, or an empty object. */
export function rec(v: unknown): Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}

/** The value as an array, or an empty array. */
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The value as a string ('' for anything that is not a string). */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** The value as a number (0 for anything that is not a finite number). */
export function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** Walks nested objects: `at(obj, 'spec', 'template')` → {} when absent. */
export function at(v: unknown, ...path: string[]): unknown {
  let cur: unknown = v;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Json)[p];
  }
  return cur;
}

export function nameOf(obj: KubeObject): string {
  return str(obj.metadata?.name);
}

// ---- durations -------------------------------------------------------------

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Like Go's `int(x)`: truncation toward zero. */
function trunc(x: number): number {
  return Math.trunc(x);
}

/** duration.HumanDuration: ~2-3 significant figures, e.g. 5s, 3m2s, 10m, 2h5m, 3d4h, 45d, 2y30d. */
export function humanDuration(ms: number): string {
  const seconds = trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${trunc(hours / 24)}d` : `${trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = trunc(hours / 24) % 365;
    const y = trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${trunc(hours / 24 / 365)}y`;
}

/** Milliseconds since the epoch of an RFC 3339 timestamp, or undefined when unset/unparseable (Go's zero time). */
export function parseTime(ts: unknown): number | undefined {
  if (typeof ts !== 'string' || ts === '') return undefined;
  const t = Date.parse(ts);
  if (Number.isNaN(t)) return undefined;
  // Go's zero time (0001-01-01T00:00:00Z) counts as unset.
  if (ts.startsWith('0001-01-01T00:00:00')) return undefined;
  return t;
}

/** translateTimestampSince: the age of a timestamp, `<unknown>` when unset. */
export function since(ts: unknown, now: Date): string {
  const t = parseTime(ts);
  if (t === undefined) return '<unknown>';
  return humanDuration(now.getTime() - t);
}

/** AGE of an object (from metadata.creationTimestamp). */
export function age(obj: KubeObject, now: Date): string {
  return since(obj.metadata?.creationTimestamp, now);
}

// ---- labels and selectors ----------------------------------------------------

/** labels.FormatLabels: `a=b,c=d` sorted by key, `<none>` when empty. */
export function formatLabels(labels: unknown): string {
  const m = rec(labels);
  const keys = Object.keys(m).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${str(m[k])}`).join(',');
}

/** A label selector that cannot be turned into a selector (LabelSelectorAsSelector fails). */
export class InvalidLabelSelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidLabelSelectorError';
  }
}

interface Requirement {
  key: string;
  text: string;
}

/**
 * metav1.LabelSelectorAsSelector(sel).String(): requirements sorted by key,
 * `k=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`; '' for nil or empty selectors.
 * Throws InvalidLabelSelectorError for malformed expressions.
 */
export function selectorString(sel: unknown): string {
  if (sel === null || sel === undefined) return '';
  const s = rec(sel);
  const reqs: Requirement[] = [];
  const matchLabels = rec(s.matchLabels);
  for (const k of Object.keys(matchLabels)) {
    reqs.push({ key: k, text: `${k}=${str(matchLabels[k])}` });
  }
  for (const e of arr(s.matchExpressions)) {
    const expr = rec(e);
    const key = str(expr.key);
    const values = arr(expr.values).map(str);
    const op = str(expr.operator);
    switch (op) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) throw new InvalidLabelSelectorError(`values: Invalid value: for 'in', 'notin' operators, values set can't be empty`);
        reqs.push({ key, text: `${key} ${op === 'In' ? 'in' : 'notin'} (${[...new Set(values)].sort().join(',')})` });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) throw new InvalidLabelSelectorError(`values: Invalid value: values set must be empty for exists and does not exist`);
        reqs.push({ key, text: op === 'Exists' ? key : `!${key}` });
        break;
      default:
        throw new InvalidLabelSelectorError(`"${op}" is not a valid label selector operator`);
    }
  }
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return reqs.map((r) => r.text).join(',');
}

/** metav1.FormatLabelSelector: `<none>` for an empty selector, `<error>` for an invalid one. */
export function formatLabelSelector(sel: unknown): string {
  let s: string;
  try {
    s = selectorString(sel);
  } catch (err) {
    if (err instanceof InvalidLabelSelectorError) return '<error>';
    throw err;
  }
  return s === '' ? '<none>' : s;
}

// ---- misc formatting -----------------------------------------------------------

/** layoutContainerCells: container names and images, comma separated. */
export function containerCells(containers: unknown): [string, string] {
  const cs = arr(containers).map(rec);
  return [cs.map((c) => str(c.name)).join(','), cs.map((c) => str(c.image)).join(',')];
}

/** resource.Quantity String(); an absent quantity prints as 0. */
export function quantity(q: unknown): string {
  if (typeof q === 'string' && q !== '') return q;
  if (typeof q === 'number') return String(q);
  return '0';
}

/** intstr.IntOrString String(). */
export function intOrString(v: unknown): string {
  if (typeof v === 'number') return String(v);
  return str(v);
}

/** net.JoinHostPort: brackets around IPv6 hosts. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** listWithMoreString: `a,b,c + 2 more...`, `<unset>` when empty. */
export function listWithMore(list: string[], more: boolean, count: number, max: number): string {
  const ret = list.join(',');
  if (more) return `${ret} + ${count - max} more...`;
  return ret === '' ? '<unset>' : ret;
}

/** printBoolPtr: True / False, `<unset>` when absent. */
export function boolPtr(v: unknown): string {
  if (typeof v !== 'boolean') return '<unset>';
  return v ? 'True' : 'False';
}

/** Sorted unique strings (sets.NewString(...).List()). */
export function sortedSet(values: string[]): string[] {
  return [...new Set(values)].sort();
}

// ---- column definitions -----------------------------------------------------------

export function col(
  name: string,
  type: TableColumnDefinition['type'],
  description: string,
  priority = 0,
  format = '',
): TableColumnDefinition {
  return { name, type, format, description, priority };
}

/** The NAME column every printer starts with. */
export function nameColumn(priority = 0): TableColumnDefinition {
  return col('Name', 'string', docs['ObjectMeta.name'], priority, 'name');
}

/** The AGE column (a human duration since creation). */
export function ageColumn(): TableColumnDefinition {
  return col('Age', 'string', docs['ObjectMeta.creationTimestamp']);
}

export const CONTAINERS_DOC = 'Names of each container in the template.';
export const IMAGES_DOC = 'Images referenced by each container in the template.';
