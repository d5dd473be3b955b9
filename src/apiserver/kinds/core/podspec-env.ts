// env and envFrom of a container (core validation's ValidateEnv / validateEnvFrom).
import { type FieldError, type FieldPath, invalid, notSupported, required } from '../../validation/field.js';
import { isConfigMapKey, isDNS1123Subdomain, isEnvVarName } from '../../validation/names.js';
import { type Obj, list, peek, str } from './util.js';

const envFieldPaths = [
  'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName',
  'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs',
];
const resourceFieldRefs = [
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage',
];

function validateFieldRef(ref: Obj, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const path = str(ref.fieldPath);
  if (!ref.apiVersion) errs.push(required(fld.child('apiVersion')));
  if (!path) {
    errs.push(required(fld.child('fieldPath')));
  } else if (!envFieldPaths.includes(path) && !/^metadata\.(labels|annotations)\['[^']+'\]$/.test(path)) {
    errs.push(notSupported(fld.child('fieldPath'), path, [...envFieldPaths, "metadata.annotations['<KEY>']", "metadata.labels['<KEY>']"]));
  }
  return errs;
}

function validateKeySelector(sel: Obj, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!sel.name) errs.push(required(fld.child('name')));
  const key = str(sel.key);
  if (!key) errs.push(required(fld.child('key')));
  else for (const m of isConfigMapKey(key)) errs.push(invalid(fld.child('key'), key, m));
  return errs;
}

function validateValueFrom(e: Obj, fld: FieldPath): FieldError[] {
  const vf = peek(e, 'valueFrom');
  if (!vf) return [];
  const errs: FieldError[] = [];
  let n = 0;
  const fieldRef = peek(vf, 'fieldRef');
  if (fieldRef) {
    n++;
    errs.push(...validateFieldRef(fieldRef, fld.child('fieldRef')));
  }
  const rf = peek(vf, 'resourceFieldRef');
  if (rf) {
    n++;
    const r = str(rf.resource);
    if (!r) errs.push(required(fld.child('resourceFieldRef', 'resource')));
    else if (!resourceFieldRefs.includes(r) && !/^(limits|requests)\.hugepages-/.test(r)) {
      errs.push(notSupported(fld.child('resourceFieldRef', 'resource'), r, resourceFieldRefs));
    }
  }
  for (const k of ['configMapKeyRef', 'secretKeyRef']) {
    const sel = peek(vf, k);
    if (sel) {
      n++;
      errs.push(...validateKeySelector(sel, fld.child(k)));
    }
  }
  if (n === 0) errs.push(invalid(fld, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  else if (str(e.value) !== '') errs.push(invalid(fld, '', 'may not be specified when `value` is not empty'));
  else if (n > 1) errs.push(invalid(fld, '', 'may not have more than one field specified at a time'));
  return errs;
}

export function validateEnv(c: Obj, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  list(c, 'env').forEach((e, i) => {
    const p = fld.index(i);
    const name = str(e.name);
    if (!name) errs.push(required(p.child('name')));
    else for (const m of isEnvVarName(name)) errs.push(invalid(p.child('name'), name, m));
    errs.push(...validateValueFrom(e, p.child('valueFrom')));
  });
  return errs;
}

export function validateEnvFrom(c: Obj, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  list(c, 'envFrom').forEach((e, i) => {
    const p = fld.index(i);
    const prefix = str(e.prefix);
    if (prefix) for (const m of isEnvVarName(prefix)) errs.push(invalid(p.child('prefix'), prefix, m));
    let n = 0;
    for (const k of ['configMapRef', 'secretRef']) {
      const ref = peek(e, k);
      if (!ref) continue;
      n++;
      const name = str(ref.name);
      if (!name) errs.push(required(p.child(k, 'name')));
      else for (const m of isDNS1123Subdomain(name)) errs.push(invalid(p.child(k, 'name'), name, m));
    }
    if (n === 0) errs.push(invalid(p, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (n > 1) errs.push(invalid(p, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}
