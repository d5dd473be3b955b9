// Label selectors: the string syntax of `?labelSelector=` (k8s.io/apimachinery/pkg/labels)
// and metav1.LabelSelector objects, compiled to predicates.
import { badRequest } from '../errors.js';

export type Operator = 'in' | 'notin' | 'exists' | '!' | '=' | '!=';

export interface Requirement {
  key: string;
  op: Operator;
  values: string[];
}

export type Labels = Record<string, string> | undefined;

export class LabelSelectorSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelSelectorSyntaxError';
  }
}

const KEY_RE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function checkKey(k: string): void {
  if (!KEY_RE.test(k) || k.length > 316) throw new LabelSelectorSyntaxError(`invalid label key "${k}"`);
}

function checkValue(v: string): void {
  if (v.length > 63 || !VALUE_RE.test(v)) throw new LabelSelectorSyntaxError(`invalid label value: "${v}"`);
}

/** Splits on commas that are not inside parentheses. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((t) => t.trim()).filter((t) => t !== '');
}

function parseTerm(term: string): Requirement {
  let m = /^([^\s!=()]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
  if (m) {
    const values = m[3]
      .split(',')
      .map((v) => v.trim())
      .filter((v, i, all) => v !== '' || all.length === 1);
    checkKey(m[1]);
    values.forEach(checkValue);
    if (values.length === 0 || (values.length === 1 && values[0] === '' && m[3].trim() === ''))
      throw new LabelSelectorSyntaxError(`found ')', expected: identifier`);
    return { key: m[1], op: m[2] as Operator, values };
  }
  m = /^!\s*([^\s!=()]+)$/.exec(term);
  if (m) {
    checkKey(m[1]);
    return { key: m[1], op: '!', values: [] };
  }
  m = /^([^\s!=()]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/.exec(term);
  if (m) {
    checkKey(m[1]);
    checkValue(m[3]);
    return { key: m[1], op: m[2] === '!=' ? '!=' : '=', values: [m[3]] };
  }
  m = /^([^\s!=()]+)$/.exec(term);
  if (m) {
    checkKey(m[1]);
    return { key: m[1], op: 'exists', values: [] };
  }
  throw new LabelSelectorSyntaxError(`unable to parse requirement: ${JSON.stringify(term)}`);
}

export function parseLabelSelector(s: string): Requirement[] {
  return splitTerms(s).map(parseTerm);
}

export function matches(reqs: Requirement[], labels: Labels): boolean {
  const l = labels ?? {};
  for (const r of reqs) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case '=':
      case 'in':
        if (!has || !r.values.includes(v)) return false;
        break;
      case '!=':
      case 'notin':
        if (has && r.values.includes(v)) return false;
        break;
      case 'exists':
        if (!has) return false;
        break;
      case '!':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** Parses `?labelSelector=`; a syntax error is a 400 BadRequest like upstream. */
export function labelSelectorFromQuery(s: string | null): Requirement[] {
  if (!s) return [];
  try {
    return parseLabelSelector(s);
  } catch (e) {
    throw badRequest(`unable to parse requirement: ${(e as Error).message}`);
  }
}

export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** metav1.LabelSelector → requirements (an empty selector matches everything). */
export function fromLabelSelectorObject(sel: LabelSelectorObject | undefined | null): Requirement[] {
  if (!sel) return [];
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, op: '=', values: [v] });
  for (const e of sel.matchExpressions ?? []) {
    const op = ({ In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' } as Record<string, Operator>)[e.operator];
    if (!op) throw new LabelSelectorSyntaxError(`${JSON.stringify(e.operator)} is not a valid label selector operator`);
    reqs.push({ key: e.key, op, values: e.values ?? [] });
  }
  return reqs;
}

/** Requirements → the canonical string form (as `kubectl` and status.selector show it). */
export function formatSelector(reqs: Requirement[]): string {
  return [...reqs]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => {
      switch (r.op) {
        case '=':
          return `${r.key}=${r.values[0]}`;
        case '!=':
          return `${r.key}!=${r.values[0]}`;
        case 'exists':
          return r.key;
        case '!':
          return `!${r.key}`;
        default:
          return `${r.key} ${r.op} (${[...r.values].sort().join(',')})`;
      }
    })
    .join(',');
}
