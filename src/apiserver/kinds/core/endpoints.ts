// Endpoints strategy (core validation's ValidateEndpoints).
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, type FieldPath, duplicate, invalid, notSupported, required, root } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { isDNS1123Label, isDNS1123Subdomain, isIPv4, isValidIP, isValidPortNum, nameIsDNSSubdomain } from '../../validation/names.js';
import { PROTOCOLS } from './podspec-containers.js';
import { type Obj, list, setDefaultStr, str } from './util.js';

/** Endpoints may not point at special-purpose addresses. */
export function validateNonSpecialIP(ip: string, fld: FieldPath): FieldError[] {
  const low = ip.toLowerCase();
  const v4 = isIPv4(ip) ? ip.split('.').map(Number) : undefined;
  if (ip === '0.0.0.0' || low === '::') return [invalid(fld, ip, 'may not be unspecified (0.0.0.0, ::)')];
  if ((v4 && v4[0] === 127) || low === '::1') return [invalid(fld, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)')];
  if ((v4 && v4[0] === 169 && v4[1] === 254) || /^fe[89ab]/.test(low)) {
    return [invalid(fld, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)')];
  }
  if ((v4 && v4[0] === 224 && v4[1] === 0 && v4[2] === 0) || low.startsWith('ff02:')) {
    return [invalid(fld, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)')];
  }
  return [];
}

function validateAddress(a: Obj, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const ip = str(a.ip);
  const ipErrs = isValidIP(ip).map((m) => invalid(fld.child('ip'), ip, m));
  errs.push(...ipErrs);
  if (!ipErrs.length) errs.push(...validateNonSpecialIP(ip, fld.child('ip')));
  if (str(a.hostname)) for (const m of isDNS1123Label(str(a.hostname))) errs.push(invalid(fld.child('hostname'), a.hostname, m));
  if (str(a.nodeName)) for (const m of isDNS1123Subdomain(str(a.nodeName))) errs.push(invalid(fld.child('nodeName'), a.nodeName, m));
  return errs;
}

function validateSubsets(o: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const fld = root('subsets');
  list(o, 'subsets').forEach((ss, i) => {
    const p = fld.index(i);
    const addrs = list(ss, 'addresses');
    const notReady = list(ss, 'notReadyAddresses');
    if (addrs.length === 0 && notReady.length === 0) errs.push(required(p, 'must specify `addresses` or `notReadyAddresses`'));
    addrs.forEach((a, j) => errs.push(...validateAddress(a, p.child('addresses').index(j))));
    notReady.forEach((a, j) => errs.push(...validateAddress(a, p.child('notReadyAddresses').index(j))));
    const ports = list(ss, 'ports');
    const names = new Set<string>();
    ports.forEach((port, j) => {
      const pp = p.child('ports').index(j);
      const name = str(port.name);
      if (ports.length > 1 && !name) errs.push(required(pp.child('name')));
      else if (name) {
        for (const m of isDNS1123Label(name)) errs.push(invalid(pp.child('name'), name, m));
        if (names.has(name)) errs.push(duplicate(pp.child('name'), name));
        names.add(name);
      }
      for (const m of isValidPortNum(Number(port.port))) errs.push(invalid(pp.child('port'), port.port ?? 0, m));
      const proto = str(port.protocol);
      if (!proto) errs.push(required(pp.child('protocol')));
      else if (!PROTOCOLS.includes(proto)) errs.push(notSupported(pp.child('protocol'), proto, PROTOCOLS));
    });
  });
  return errs;
}

export const endpointsStrategy: Strategy = {
  defaults(obj) {
    for (const ss of list(obj, 'subsets')) for (const p of list(ss, 'ports')) setDefaultStr(p, 'protocol', 'TCP');
  },
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateSubsets(obj)];
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateSubsets(obj)];
  },
};
