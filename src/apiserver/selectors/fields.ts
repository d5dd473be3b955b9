// Field selectors (`?fieldSelector=metadata.name=foo,status.phase!=Running`).
// Only `=`, `==` and `!=` exist; each kind says which field labels it supports.
import { badRequest } from '../errors.js';

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

function unescape(v: string): string {
  return v.replace(/\\([\\,=])/g, '$1');
}

/** Splits on unescaped commas. */
function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\' && i + 1 < s.length) {
      cur += ch + s[i + 1];
      i++;
    } else if (ch === sep) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export function parseFieldSelector(s: string | null): FieldRequirement[] {
  if (!s) return [];
  const reqs: FieldRequirement[] = [];
  for (const term of splitUnescaped(s, ',')) {
    if (term.trim() === '') continue;
    const m = /^([^=!]+?)\s*(==|!=|=)\s*(.*)$/.exec(term);
    if (!m) throw badRequest(`invalid selector: '${s}'; can't understand '${term}'`);
    reqs.push({ field: m[1].trim(), op: m[2] === '!=' ? '!=' : '=', value: unescape(m[3]) });
  }
  return reqs;
}

/** Checks that every field is supported by the kind (400 like upstream otherwise). */
export function checkFieldsSupported(reqs: FieldRequirement[], supported: (field: string) => boolean): void {
  for (const r of reqs) {
    if (!supported(r.field)) throw badRequest(`field label not supported: ${r.field}`);
  }
}

export function fieldsMatch(reqs: FieldRequirement[], fields: Record<string, string>): boolean {
  for (const r of reqs) {
    const v = fields[r.field] ?? '';
    if (r.op === '=' ? v !== r.value : v === r.value) return false;
  }
  return true;
}
