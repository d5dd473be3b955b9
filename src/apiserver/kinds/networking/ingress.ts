// networking.k8s.io/v1 Ingress: rules with (wildcard) hosts and typed paths,
// backends naming a service port or a resource, TLS hosts and secrets.
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, type FieldPath, invalid, notSupported, required, root } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { isDNS1123Subdomain, isIP, isValidIP, isValidPortName, isValidPortNum, nameIsDNS1035Label, nameIsDNSSubdomain } from '../../validation/names.js';
import { asArray, asObj, asString, type Obj, statusHooksFor } from '../apps/helpers.js';

/** IngressStatus.loadBalancer is a struct: always serialized. */
const statusHooks = statusHooksFor({ loadBalancer: {} });
import { hostErrors, validateTypedLocalRef } from './refs.js';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

export function validateIngressBackend(backend: Obj, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const resource = asObj(backend.resource);
  const service = asObj(backend.service);
  if (resource && service) return [invalid(fld, '', 'cannot set both resource and service backends')];
  if (resource) return validateTypedLocalRef(resource, fld.child('resource'));
  if (!service) return [invalid(fld, '', 'resource or service backend is required')];
  const name = asString(service.name);
  if (name === '') errs.push(required(fld.child('service', 'name'), ''));
  else for (const m of nameIsDNS1035Label(name, false)) errs.push(invalid(fld.child('service', 'name'), name, m));
  const port = asObj(service.port) ?? {};
  const portName = asString(port.name);
  const portNumber = typeof port.number === 'number' ? port.number : 0;
  if (portName && portNumber) errs.push(invalid(fld, '', 'cannot set both port name & port number'));
  else if (portName) for (const m of isValidPortName(portName)) errs.push(invalid(fld.child('service', 'port', 'name'), portName, m));
  else if (portNumber) for (const m of isValidPortNum(portNumber)) errs.push(invalid(fld.child('service', 'port', 'number'), portNumber, m));
  else errs.push(required(fld, 'port name or number is required'));
  return errs;
}

function validatePath(p: Obj, fld: FieldPath): FieldError[] {
  if (p.pathType === undefined || p.pathType === null) return [required(fld.child('pathType'), 'pathType must be specified')];
  const errs: FieldError[] = [];
  const path = asString(p.path);
  const pf = fld.child('path');
  switch (p.pathType) {
    case 'Exact':
    case 'Prefix':
      if (!path.startsWith('/')) errs.push(invalid(pf, path, 'must be an absolute path'));
      if (path.length > 0) {
        for (const seq of INVALID_PATH_SEQUENCES) if (path.includes(seq)) errs.push(invalid(pf, path, `must not contain '${seq}'`));
        for (const suf of INVALID_PATH_SUFFIXES) if (path.endsWith(suf)) errs.push(invalid(pf, path, `cannot end with '${suf}'`));
      }
      break;
    case 'ImplementationSpecific':
      if (path.length > 0 && !path.startsWith('/')) errs.push(invalid(pf, path, 'must be an absolute path'));
      break;
    default:
      errs.push(notSupported(fld.child('pathType'), p.pathType, PATH_TYPES));
  }
  errs.push(...validateIngressBackend(asObj(p.backend) ?? {}, fld.child('backend')));
  return errs;
}

function validateRules(rules: unknown[], fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  rules.forEach((r, i) => {
    const rule = asObj(r) ?? {};
    const host = asString(rule.host);
    if (host) {
      if (isIP(host)) errs.push(invalid(fld.index(i).child('host'), host, 'must be a DNS name, not an IP address'));
      for (const m of hostErrors(host)) errs.push(invalid(fld.index(i).child('host'), host, m));
    }
    const http = asObj(rule.http);
    if (http) {
      const hf = fld.index(i).child('http');
      const paths = asArray(http.paths);
      if (paths.length === 0) errs.push(required(hf.child('paths'), ''));
      paths.forEach((p, j) => errs.push(...validatePath(asObj(p) ?? {}, hf.child('paths').index(j))));
    }
  });
  return errs;
}

function validateTLS(tls: unknown[], fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  tls.forEach((t, i) => {
    const entry = asObj(t) ?? {};
    asArray(entry.hosts).forEach((h, j) => {
      const host = asString(h);
      for (const m of hostErrors(host)) errs.push(invalid(fld.index(i).child('hosts').index(j), host, m));
    });
    const secret = asString(entry.secretName);
    if (secret) for (const m of nameIsDNSSubdomain(secret, false)) errs.push(invalid(fld.index(i).child('secretName'), secret, m));
  });
  return errs;
}

function validateSpec(obj: KubeObject): FieldError[] {
  const spec = asObj(obj.spec) ?? {};
  const fld = root('spec');
  const errs: FieldError[] = [];
  const rules = asArray(spec.rules);
  const backend = asObj(spec.defaultBackend);
  if (rules.length === 0 && !backend) errs.push(invalid(fld, spec.rules ?? null, 'either `defaultBackend` or `rules` must be specified'));
  if (backend) errs.push(...validateIngressBackend(backend, fld.child('defaultBackend')));
  if (rules.length) errs.push(...validateRules(rules, fld.child('rules')));
  errs.push(...validateTLS(asArray(spec.tls), fld.child('tls')));
  if (typeof spec.ingressClassName === 'string') {
    for (const m of nameIsDNSSubdomain(spec.ingressClassName, false)) errs.push(invalid(fld.child('ingressClassName'), spec.ingressClassName, m));
  }
  return errs;
}

function validateStatus(obj: KubeObject): FieldError[] {
  const fld = root('status').child('loadBalancer');
  const errs: FieldError[] = [];
  asArray(asObj(asObj(obj.status)?.loadBalancer)?.ingress).forEach((x, i) => {
    const ing = asObj(x) ?? {};
    const idx = fld.child('ingress').index(i);
    const ip = asString(ing.ip);
    if (ip) for (const m of isValidIP(ip)) errs.push(invalid(idx.child('ip'), ip, m));
    const hostname = asString(ing.hostname);
    if (hostname) {
      for (const m of isDNS1123Subdomain(hostname)) errs.push(invalid(idx.child('hostname'), hostname, m));
      if (isIP(hostname)) errs.push(invalid(idx.child('hostname'), hostname, 'must be a DNS name, not an IP address'));
    }
  });
  return errs;
}

export const ingressStrategy: Strategy = {
  ...statusHooks,
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateSpec(obj)];
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateSpec(obj)];
  },
  validateStatusUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateStatus(obj)];
  },
};
