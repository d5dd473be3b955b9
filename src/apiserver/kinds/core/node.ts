// Node strategy (pkg/registry/core/node/strategy.go). Cluster-scoped.
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, forbidden, invalid, root } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { isValidCIDR, isIPv4, nameIsDNSSubdomain } from '../../validation/names.js';
import { validateResourceName, validateResourceQuantityValue } from './resources.js';
import { validateTaints } from './tolerations.js';
import { clone, deepEqual, isObj, list, peek, str, dropGeneration } from './util.js';

function strList(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

function validateNodeSpec(o: KubeObject): FieldError[] {
  const s = peek(o, 'spec') ?? {};
  const fld = root('spec');
  const errs: FieldError[] = [];
  const cidrs = strList(s.podCIDRs);
  cidrs.forEach((c, i) => {
    for (const m of isValidCIDR(c)) errs.push(invalid(fld.child('podCIDRs').index(i), c, m));
  });
  if (cidrs.length > 2) errs.push(invalid(fld.child('podCIDRs'), cidrs, 'may specify no more than one CIDR for each IP family'));
  if (cidrs.length === 2 && isIPv4(cidrs[0].split('/')[0]) === isIPv4(cidrs[1].split('/')[0])) {
    errs.push(invalid(fld.child('podCIDRs'), cidrs, 'may specify no more than one CIDR for each IP family'));
  }
  if (str(s.podCIDR) && cidrs.length > 0 && cidrs[0] !== s.podCIDR) {
    errs.push(invalid(fld.child('podCIDRs'), cidrs, 'first value must match `podCIDR`'));
  }
  errs.push(...validateTaints(list(s, 'taints'), fld.child('taints')));
  return errs;
}

function validateNodeStatus(o: KubeObject): FieldError[] {
  const st = peek(o, 'status') ?? {};
  const errs: FieldError[] = [];
  for (const key of ['capacity', 'allocatable']) {
    const rl = peek(st, key) ?? {};
    for (const [k, v] of Object.entries(rl)) {
      const p = root('status').child(key).key(k);
      errs.push(...validateResourceName(k, p), ...validateResourceQuantityValue(k, v, p));
    }
  }
  return errs;
}

function validateNodeUpdate(o: KubeObject, old: KubeObject): FieldError[] {
  const s = peek(o, 'spec') ?? {};
  const os = peek(old, 'spec') ?? {};
  const errs: FieldError[] = [];
  const oldCidrs = strList(os.podCIDRs);
  if (oldCidrs.length > 0 && !deepEqual(strList(s.podCIDRs), oldCidrs)) {
    errs.push(forbidden(root('spec').child('podCIDRs'), 'node updates may not change podCIDR except from "" to valid'));
  }
  if (str(os.providerID) && s.providerID !== os.providerID) {
    errs.push(forbidden(root('spec').child('providerID'), 'node updates may not change providerID except from "" to valid'));
  }
  return errs;
}

export const nodeStrategy: Strategy = {
  prepareForCreate: dropGeneration,
  defaults(obj) {
    const s = peek(obj, 'spec');
    if (s && str(s.podCIDR) && strList(s.podCIDRs).length === 0) s.podCIDRs = [s.podCIDR];
    if (s && !str(s.podCIDR) && strList(s.podCIDRs).length > 0) s.podCIDR = strList(s.podCIDRs)[0];
    const st = peek(obj, 'status');
    if (st && isObj(st.capacity) && !isObj(st.allocatable)) st.allocatable = clone(st.capacity);
  },
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, false, nameIsDNSSubdomain), ...validateNodeSpec(obj), ...validateNodeStatus(obj)];
  },
  prepareForUpdate(obj, old) {
    obj.status = clone(old.status);
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateNodeSpec(obj), ...validateNodeUpdate(obj, old)];
  },
  prepareForStatusUpdate(obj, old) {
    obj.spec = clone(old.spec);
  },
  validateStatusUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateNodeStatus(obj)];
  },
  fieldLabels(obj) {
    return { 'spec.unschedulable': String(peek(obj, 'spec')?.unschedulable === true) };
  },
};
