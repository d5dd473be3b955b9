// discovery.k8s.io/v1 EndpointSlice: addressType enum (immutable), endpoints
// with typed addresses, ports with protocol defaulting to TCP.
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, duplicate, invalid, notSupported, required, root, tooMany } from '../../validation/field.js';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { isDNS1123Label, isQualifiedName, isValidLabelValue, nameIsDNSSubdomain } from '../../validation/names.js';
import { asArray, asObj, asString, immutable, type Obj } from '../apps/helpers.js';
import { startGeneration } from '../core/util.js';
import { validateFQDN, validateIPv4Address, validateIPv6Address, validateNonSpecialIP } from './addresses.js';

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;
const MAX_TOPOLOGY_LABELS = 16;
const MAX_ZONE_HINTS = 8;

function validateAddressType(t: unknown): FieldError[] {
  if (t === undefined || t === null || t === '') return [required(root('addressType'), '')];
  return ADDRESS_TYPES.includes(String(t)) ? [] : [notSupported(root('addressType'), t, ADDRESS_TYPES)];
}

function validateHints(hints: Obj, fld: ReturnType<typeof root>): FieldError[] {
  const errs: FieldError[] = [];
  const zones = asArray(hints.forZones);
  const zf = fld.child('forZones');
  if (zones.length > MAX_ZONE_HINTS) return [tooMany(zf, zones.length, MAX_ZONE_HINTS)];
  const seen = new Set<string>();
  zones.forEach((z, i) => {
    const name = asString(asObj(z)?.name);
    const np = zf.index(i).child('name');
    if (seen.has(name)) errs.push(duplicate(np, name));
    else seen.add(name);
    for (const m of isValidLabelValue(name)) errs.push(invalid(np, name, m));
  });
  return errs;
}

function validateEndpoints(list: unknown[], addrType: unknown): FieldError[] {
  const fld = root('endpoints');
  if (list.length > MAX_ENDPOINTS) return [tooMany(fld, list.length, MAX_ENDPOINTS)];
  const errs: FieldError[] = [];
  list.forEach((e, i) => {
    const ep = asObj(e) ?? {};
    const idx = fld.index(i);
    const ap = idx.child('addresses');
    const addrs = asArray(ep.addresses);
    if (addrs.length === 0) errs.push(required(ap, 'must contain at least 1 address'));
    else if (addrs.length > MAX_ADDRESSES) errs.push(tooMany(ap, addrs.length, MAX_ADDRESSES));
    addrs.forEach((a, j) => {
      const addr = asString(a);
      if (addrType === 'IPv4') {
        const ipErrs = validateIPv4Address(addr, ap.index(j));
        errs.push(...(ipErrs.length ? ipErrs : validateNonSpecialIP(addr, ap.index(j))));
      } else if (addrType === 'IPv6') {
        const ipErrs = validateIPv6Address(addr, ap.index(j));
        errs.push(...(ipErrs.length ? ipErrs : validateNonSpecialIP(addr, ap.index(j))));
      } else if (addrType === 'FQDN') {
        errs.push(...validateFQDN(addr, ap.index(j)));
      }
    });
    if (typeof ep.nodeName === 'string') {
      for (const m of nameIsDNSSubdomain(ep.nodeName, false)) errs.push(invalid(idx.child('nodeName'), ep.nodeName, m));
    }
    const topo = asObj(ep.deprecatedTopology);
    const tp = idx.child('deprecatedTopology');
    if (topo && Object.keys(topo).length > MAX_TOPOLOGY_LABELS) errs.push(tooMany(tp, Object.keys(topo).length, MAX_TOPOLOGY_LABELS));
    errs.push(...validateLabels(topo as Record<string, string> | undefined, tp));
    if (typeof ep.hostname === 'string') {
      for (const m of isDNS1123Label(ep.hostname)) errs.push(invalid(idx.child('hostname'), ep.hostname, m));
    }
    const hints = asObj(ep.hints);
    if (hints) errs.push(...validateHints(hints, idx.child('hints')));
  });
  return errs;
}

function validatePorts(list: unknown[]): FieldError[] {
  const fld = root('ports');
  if (list.length > MAX_PORTS) return [tooMany(fld, list.length, MAX_PORTS)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list.forEach((p, i) => {
    const port = asObj(p) ?? {};
    const idx = fld.index(i);
    const name = asString(port.name);
    if (name.length > 0) for (const m of isDNS1123Label(name)) errs.push(invalid(idx.child('name'), name, m));
    if (names.has(name)) errs.push(duplicate(idx.child('name'), name));
    else names.add(name);
    if (port.protocol === undefined || port.protocol === null) errs.push(required(idx.child('protocol'), ''));
    else if (!PROTOCOLS.includes(String(port.protocol))) errs.push(notSupported(idx.child('protocol'), port.protocol, PROTOCOLS));
    if (typeof port.appProtocol === 'string') {
      for (const m of isQualifiedName(port.appProtocol)) errs.push(invalid(idx.child('appProtocol'), port.appProtocol, m));
    }
  });
  return errs;
}

function validateBody(obj: KubeObject): FieldError[] {
  return [...validateAddressType(obj.addressType), ...validateEndpoints(asArray(obj.endpoints), obj.addressType), ...validatePorts(asArray(obj.ports))];
}

export const endpointSliceStrategy: Strategy = {
  prepareForCreate: startGeneration,
  defaults(obj) {
    for (const p of asArray(obj.ports)) {
      const port = asObj(p);
      if (!port) continue;
      if (port.name === undefined || port.name === null) port.name = '';
      if (port.protocol === undefined || port.protocol === null) port.protocol = 'TCP';
    }
  },
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateBody(obj)];
  },
  validateUpdate(obj, old) {
    return [
      ...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain),
      ...validateBody(obj),
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...immutable(obj.addressType, old.addressType, root('addressType')),
    ];
  },
};
