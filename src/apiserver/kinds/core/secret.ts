// Secret strategy (core validation's ValidateSecret / ValidateSecretUpdate).
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, invalid, required, root, tooLong } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { isConfigMapKey, nameIsDNSSubdomain } from '../../validation/names.js';
import { MAX_DATA_SIZE, decodedLength, validateImmutableData } from './configmap.js';
import { isObj, str, strMap, validateImmutable } from './util.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function validateDockerJSON(data: Record<string, unknown>, key: string): FieldError[] {
  const fld = root('data').key(key);
  const v = data[key];
  if (typeof v !== 'string' || decodedLength(v) === 0) return [required(fld)];
  try {
    JSON.parse(Buffer.from(v, 'base64').toString('utf8'));
    return [];
  } catch (e) {
    return [invalid(fld, '<secret contents redacted>', (e as Error).message)];
  }
}

function has(data: Record<string, unknown>, key: string): boolean {
  return typeof data[key] === 'string' && decodedLength(data[key] as string) > 0;
}

function validateSecret(o: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const data = strMap(o, 'data');
  let size = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(root('data').key(k), k, m));
    if (typeof v !== 'string' || !BASE64.test(v)) {
      errs.push(invalid(root('data').key(k), '<secret contents redacted>', 'must be a base64-encoded string'));
      continue;
    }
    size += decodedLength(v);
  }
  if (size > MAX_DATA_SIZE) errs.push(tooLong(root('data'), '', MAX_DATA_SIZE));
  const d = root('data');
  switch (str(o.type)) {
    case 'kubernetes.io/service-account-token':
      if (!str(o.metadata?.annotations?.['kubernetes.io/service-account.name'])) {
        errs.push(required(root('metadata').child('annotations').key('kubernetes.io/service-account.name')));
      }
      break;
    case 'kubernetes.io/dockercfg':
      errs.push(...validateDockerJSON(data, '.dockercfg'));
      break;
    case 'kubernetes.io/dockerconfigjson':
      errs.push(...validateDockerJSON(data, '.dockerconfigjson'));
      break;
    case 'kubernetes.io/basic-auth':
      if (!has(data, 'username') && !has(data, 'password')) errs.push(required(d.key('username')), required(d.key('password')));
      break;
    case 'kubernetes.io/ssh-auth':
      if (!has(data, 'ssh-privatekey')) errs.push(required(d.key('ssh-privatekey')));
      break;
    case 'kubernetes.io/tls':
      if (!(typeof data['tls.key'] === 'string')) errs.push(required(d.key('tls.key')));
      if (!(typeof data['tls.crt'] === 'string')) errs.push(required(d.key('tls.crt')));
      break;
    default:
      break;
  }
  return errs;
}

export const secretStrategy: Strategy = {
  /** Default type Opaque; merge stringData into data (base64), as the v1 conversion does. */
  defaults(obj) {
    if (!str(obj.type)) obj.type = 'Opaque';
    if (isObj(obj.stringData)) {
      const data = isObj(obj.data) ? obj.data : (obj.data = {});
      for (const [k, v] of Object.entries(obj.stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
      delete obj.stringData;
    }
  },
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateSecret(obj)];
  },
  validateUpdate(obj, old) {
    return [
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...validateImmutable(obj.type, old.type, root('type')),
      ...validateImmutableData(obj, old, ['data']),
      ...validateSecret(obj),
    ];
  },
  fieldLabels(obj) {
    return { type: str(obj.type) };
  },
};
