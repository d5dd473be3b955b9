// The JSONPath subset CRD printer columns and selectable fields use (as in
// k8s.io/client-go/util/jsonpath): `.a.b`, `['a.b']`, `[0]`, `[*]`, `[1:3]`,
// `..name`, and filters `[?(@.type=="Ready")]` (==, !=, <, <=, >, >=, or
// existence). Missing keys yield no result.
import { isObject, deepEqual } from './json.js';

export class JSONPathError extends Error {
  override name = 'JSONPathError';
}

type Step =
  | { t: 'key'; key: string }
  | { t: 'all' }
  | { t: 'recurse'; key: string }
  | { t: 'index'; i: number }
  | { t: 'slice'; start?: number; end?: number }
  | { t: 'filter'; path: Step[]; op?: string; value?: unknown };

const nameEnd = /[.[\]]/;

function parseLiteral(s: string): unknown {
  const t = s.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) return t.slice(1, -1);
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t !== '' && !Number.isNaN(Number(t))) return Number(t);
  throw new JSONPathError(`unrecognized literal ${t}`);
}

function parseFilter(body: string): Step {
  const m = /^\s*@((?:\.[^\s=!<>]+|\[[^\]]*\])*)\s*(==|!=|<=|>=|<|>)?\s*(.*)$/.exec(body);
  if (!m) throw new JSONPathError(`unrecognized filter ${body}`);
  const path = m[1] ? parseSteps(m[1]) : [];
  if (!m[2]) return { t: 'filter', path };
  return { t: 'filter', path, op: m[2], value: parseLiteral(m[3]) };
}

function parseBracket(body: string): Step {
  const b = body.trim();
  if (b === '*') return { t: 'all' };
  if (b.startsWith('?(') && b.endsWith(')')) return parseFilter(b.slice(2, -1));
  if (/^'.*'$|^".*"$/.test(b)) return { t: 'key', key: b.slice(1, -1) };
  if (/^-?\d+$/.test(b)) return { t: 'index', i: Number(b) };
  const sl = /^(-?\d*):(-?\d*)$/.exec(b);
  if (sl) return { t: 'slice', start: sl[1] ? Number(sl[1]) : undefined, end: sl[2] ? Number(sl[2]) : undefined };
  throw new JSONPathError(`unrecognized identifier ${b}`);
}

function closing(src: string, from: number): number {
  let depth = 0;
  let quote = '';
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') {
      depth--;
      if (depth === 0 && c === ']') return i;
    }
  }
  throw new JSONPathError('unclosed bracket');
}

function parseSteps(src: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (src.startsWith('..', i)) {
      i += 2;
      let j = i;
      while (j < src.length && !nameEnd.test(src[j])) j++;
      steps.push({ t: 'recurse', key: src.slice(i, j) });
      i = j;
    } else if (c === '.') {
      i++;
      let j = i;
      while (j < src.length && !nameEnd.test(src[j])) j++;
      const name = src.slice(i, j);
      if (name === '*') steps.push({ t: 'all' });
      else if (name) steps.push({ t: 'key', key: name });
      i = j;
    } else if (c === '[') {
      const end = closing(src, i);
      steps.push(parseBracket(src.slice(i + 1, end)));
      i = end + 1;
    } else {
      throw new JSONPathError(`unrecognized character in action: ${c}`);
    }
  }
  return steps;
}

/** Parses `{.a.b}`, `.a.b` or `$.a.b`. */
export function parseJSONPath(path: string): Step[] {
  let p = path.trim();
  if (p.startsWith('{') && p.endsWith('}')) p = p.slice(1, -1).trim();
  if (p.startsWith('$')) p = p.slice(1);
  return parseSteps(p);
}

function compare(a: unknown, op: string, b: unknown): boolean {
  switch (op) {
    case '==':
      return deepEqual(a, b);
    case '!=':
      return !deepEqual(a, b);
    default: {
      if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) return false;
      const x = a as number | string;
      const y = b as number | string;
      return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
    }
  }
}

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isObject(v)) return Object.keys(v).sort().map((k) => v[k]);
  return [];
}

function recurse(v: unknown, key: string, out: unknown[]): void {
  if (isObject(v) && key in v) out.push(v[key]);
  for (const c of children(v)) recurse(c, key, out);
}

function apply(step: Step, values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    switch (step.t) {
      case 'key':
        if (isObject(v) && step.key in v) out.push(v[step.key]);
        break;
      case 'all':
        out.push(...children(v));
        break;
      case 'recurse':
        if (step.key === '' || step.key === '*') out.push(v, ...children(v));
        else recurse(v, step.key, out);
        break;
      case 'index':
        if (Array.isArray(v)) {
          const i = step.i < 0 ? v.length + step.i : step.i;
          if (i >= 0 && i < v.length) out.push(v[i]);
        }
        break;
      case 'slice':
        if (Array.isArray(v)) out.push(...v.slice(step.start, step.end));
        break;
      case 'filter':
        for (const item of Array.isArray(v) ? v : []) {
          const found = evaluate(step.path, item);
          if (step.op === undefined ? found.length > 0 : found.some((x) => compare(x, step.op!, step.value))) out.push(item);
        }
        break;
    }
  }
  return out;
}

export function evaluate(steps: Step[], data: unknown): unknown[] {
  let values = [data];
  for (const s of steps) values = apply(s, values);
  return values;
}

/** All results of `path` in `data`; throws JSONPathError on a bad path. */
export function findResults(path: string, data: unknown): unknown[] {
  return evaluate(parseJSONPath(path), data);
}
