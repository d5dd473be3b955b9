// LimitRange strategy (core validation's ValidateLimitRange; defaults from SetDefaults_LimitRangeItem).
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, duplicate, forbidden, invalid, notSupported, required, root } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { nameIsDNSSubdomain } from '../../validation/names.js';
import { tryParseQuantity } from '../../validation/quantity.js';
import { validateResourceName, validateResourceQuantityValue } from './resources.js';
import { type Obj, list, peek, spec } from './util.js';

const LIMIT_TYPES = ['Container', 'PersistentVolumeClaim', 'Pod'];
const KINDS = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'];

/** For Container items: default ← max, defaultRequest ← default, then ← min. */
function defaultItem(item: Obj): void {
  if (item.type !== 'Container') return;
  const def: Obj = { ...(peek(item, 'default') ?? {}) };
  const req: Obj = { ...(peek(item, 'defaultRequest') ?? {}) };
  for (const [k, v] of Object.entries(peek(item, 'max') ?? {})) if (!(k in def)) def[k] = v;
  for (const [k, v] of Object.entries(def)) if (!(k in req)) req[k] = v;
  for (const [k, v] of Object.entries(peek(item, 'min') ?? {})) if (!(k in req)) req[k] = v;
  if (Object.keys(def).length) item.default = def;
  if (Object.keys(req).length) item.defaultRequest = req;
}

function validateLimits(o: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const fld = root('spec').child('limits');
  const types = new Set<string>();
  list(peek(o, 'spec'), 'limits').forEach((item, i) => {
    const p = fld.index(i);
    const type = String(item.type ?? '');
    if (!type) errs.push(required(p.child('type')));
    else if (!LIMIT_TYPES.includes(type)) errs.push(notSupported(p.child('type'), type, LIMIT_TYPES));
    if (types.has(type)) errs.push(duplicate(p.child('type'), type));
    types.add(type);
    const q: Record<string, Map<string, { n: number; s: string }>> = {};
    for (const kind of KINDS) {
      q[kind] = new Map();
      for (const [k, v] of Object.entries(peek(item, kind) ?? {})) {
        const kp = p.child(kind).key(k);
        const e = [...validateResourceName(k, kp), ...validateResourceQuantityValue(k, v, kp)];
        errs.push(...e);
        const n = tryParseQuantity(v);
        if (!e.length && n !== undefined) q[kind].set(k, { n, s: String(v) });
      }
    }
    if (type === 'Pod') {
      if (peek(item, 'default')) errs.push(forbidden(p.child('default'), "may not be specified when `type` is 'Pod'"));
      if (peek(item, 'defaultRequest')) errs.push(forbidden(p.child('defaultRequest'), "may not be specified when `type` is 'Pod'"));
    }
    const keys = new Set(KINDS.flatMap((k) => [...q[k].keys()]));
    for (const k of keys) {
      const max = q.max.get(k);
      const min = q.min.get(k);
      const def = q.default.get(k);
      const dreq = q.defaultRequest.get(k);
      const ratio = q.maxLimitRequestRatio.get(k);
      if (min && max && min.n > max.n) errs.push(invalid(p.child('min').key(k), min.s, `min value ${min.s} is greater than max value ${max.s}`));
      if (dreq && min && min.n > dreq.n) {
        errs.push(invalid(p.child('defaultRequest').key(k), dreq.s, `min value ${min.s} is greater than default request value ${dreq.s}`));
      }
      if (dreq && max && dreq.n > max.n) {
        errs.push(invalid(p.child('defaultRequest').key(k), dreq.s, `default request value ${dreq.s} is greater than max value ${max.s}`));
      }
      if (dreq && def && dreq.n > def.n) {
        errs.push(invalid(p.child('defaultRequest').key(k), dreq.s, `default request value ${dreq.s} is greater than default limit value ${def.s}`));
      }
      if (def && min && min.n > def.n) errs.push(invalid(p.child('default').key(k), def.s, `min value ${min.s} is greater than default value ${def.s}`));
      if (def && max && def.n > max.n) errs.push(invalid(p.child('default').key(k), def.s, `default value ${def.s} is greater than max value ${max.s}`));
      if (ratio && ratio.n < 1) errs.push(invalid(p.child('maxLimitRequestRatio').key(k), ratio.s, `ratio ${ratio.s} is less than 1`));
      if (ratio && min && max) {
        const maxRatio = max.n / min.n;
        if (ratio.n > maxRatio) {
          errs.push(invalid(p.child('maxLimitRequestRatio').key(k), ratio.s, `ratio ${ratio.s} is greater than max/min = ${maxRatio.toFixed(6)}`));
        }
      }
    }
  });
  return errs;
}

export const limitRangeStrategy: Strategy = {
  defaults(obj) {
    for (const item of list(spec(obj), 'limits')) defaultItem(item);
  },
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateLimits(obj)];
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateLimits(obj)];
  },
};

