// Service validation (core validation's ValidateService and ValidateServiceUpdate).
import type { KubeObject } from '../../types.js';
import { type FieldError, type FieldPath, duplicate, forbidden, invalid, notSupported, required, root } from '../../validation/field.js';
import { validateLabels } from '../../validation/meta.js';
import { isDNS1123Label, isDNS1123Subdomain, isValidCIDR, isValidIP, isValidPortNum } from '../../validation/names.js';
import { PROTOCOLS } from './podspec-containers.js';
import { validatePortNumOrName } from './podspec-probes.js';
import { type Obj, list, peek, str } from './util.js';

export const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const IP_FAMILIES = ['IPv4', 'IPv6'];
const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];

export const isHeadless = (s: Obj): boolean => s.clusterIP === 'None';
export const externallyAccessible = (s: Obj): boolean =>
  s.type === 'LoadBalancer' || s.type === 'NodePort' || (s.type === 'ClusterIP' && strList(s.externalIPs).length > 0);

function strList(v: unknown): string[] {
  return Array.isArray(v) ? v.map((x) => String(x)) : [];
}

function validatePorts(s: Obj, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const ports = list(s, 'ports');
  const names = new Set<string>();
  const seen = new Set<string>();
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    const pp = fld.index(i);
    const name = str(p.name);
    if (ports.length > 1 && !name) errs.push(required(pp.child('name')));
    else if (name) {
      for (const m of isDNS1123Label(name)) errs.push(invalid(pp.child('name'), name, m));
      if (names.has(name)) errs.push(duplicate(pp.child('name'), name));
      names.add(name);
    }
    for (const m of isValidPortNum(Number(p.port))) errs.push(invalid(pp.child('port'), p.port ?? 0, m));
    const proto = str(p.protocol);
    if (!proto) errs.push(required(pp.child('protocol')));
    else if (!PROTOCOLS.includes(proto)) errs.push(notSupported(pp.child('protocol'), proto, PROTOCOLS));
    errs.push(...validatePortNumOrName(p.targetPort, pp.child('targetPort')));
    if (s.type === 'ClusterIP' && p.nodePort) errs.push(forbidden(pp.child('nodePort'), "may not be used when `type` is 'ClusterIP'"));
    if (p.nodePort) {
      for (const m of isValidPortNum(Number(p.nodePort))) errs.push(invalid(pp.child('nodePort'), p.nodePort, m));
      const key = `${proto}/${p.nodePort}`;
      if (nodePorts.has(key)) errs.push(duplicate(pp.child('nodePort'), p.nodePort));
      nodePorts.add(key);
    }
    const key = `${proto}/${p.port}`;
    if (seen.has(key)) errs.push(duplicate(pp, { protocol: proto, port: p.port }));
    seen.add(key);
  });
  return errs;
}

function validateClusterIPs(s: Obj, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (s.type === 'ExternalName') return errs;
  const ips = strList(s.clusterIPs);
  const ipsPath = fld.child('clusterIPs');
  if (str(s.clusterIP)) {
    if (ips.length === 0) errs.push(required(ipsPath));
    else if (ips[0] !== s.clusterIP) errs.push(invalid(ipsPath, ips, 'first value must match `clusterIP`'));
  } else if (ips.length) {
    errs.push(invalid(ipsPath, ips, 'must be empty when `clusterIP` is not specified'));
  }
  const families = strList(s.ipFamilies);
  const seen = new Set<string>();
  families.forEach((f, i) => {
    if (!IP_FAMILIES.includes(f)) errs.push(notSupported(fld.child('ipFamilies').index(i), f, IP_FAMILIES));
    if (seen.has(f)) errs.push(duplicate(fld.child('ipFamilies').index(i), f));
    seen.add(f);
  });
  if (s.ipFamilyPolicy !== undefined && s.ipFamilyPolicy !== null && !IP_FAMILY_POLICIES.includes(str(s.ipFamilyPolicy))) {
    errs.push(notSupported(fld.child('ipFamilyPolicy'), s.ipFamilyPolicy, IP_FAMILY_POLICIES));
  }
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) errs.push(invalid(ipsPath, ips, "'None' must be the first and only value"));
      return;
    }
    for (const m of isValidIP(ip)) errs.push(invalid(ipsPath.index(i), ip, m));
  });
  return errs;
}

function validateSessionAffinity(s: Obj, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const aff = str(s.sessionAffinity);
  if (!aff) errs.push(required(fld.child('sessionAffinity')));
  else if (!['ClientIP', 'None'].includes(aff)) errs.push(notSupported(fld.child('sessionAffinity'), aff, ['ClientIP', 'None']));
  if (aff === 'ClientIP') {
    const t = peek(peek(s, 'sessionAffinityConfig'), 'clientIP')?.timeoutSeconds;
    if (typeof t === 'number' && (t <= 0 || t > 86400)) {
      errs.push(invalid(fld.child('sessionAffinityConfig', 'clientIP', 'timeoutSeconds'), t, 'must be greater than 0 and less than 86400'));
    }
  } else if (aff === 'None' && s.sessionAffinityConfig) {
    errs.push(invalid(fld.child('sessionAffinityConfig'), s.sessionAffinityConfig, "must not be set when session affinity is None"));
  }
  return errs;
}

export function validateServiceSpec(o: KubeObject): FieldError[] {
  const s = peek(o, 'spec') ?? {};
  const fld = root('spec');
  const errs: FieldError[] = [];
  const type = str(s.type);
  if (list(s, 'ports').length === 0 && !isHeadless(s) && type !== 'ExternalName') errs.push(required(fld.child('ports')));
  if (!SERVICE_TYPES.includes(type)) errs.push(notSupported(fld.child('type'), type, SERVICE_TYPES));
  if (type === 'ExternalName') {
    if (str(s.clusterIP)) errs.push(forbidden(fld.child('clusterIP'), 'may not be set for ExternalName services'));
    const name = str(s.externalName);
    if (!name) errs.push(required(fld.child('externalName')));
    else for (const m of isDNS1123Subdomain(name.replace(/\.$/, ''))) errs.push(invalid(fld.child('externalName'), name, m));
  }
  errs.push(...validatePorts(s, fld.child('ports')));
  if (s.selector) errs.push(...validateLabels(s.selector as Record<string, string>, fld.child('selector')));
  errs.push(...validateSessionAffinity(s, fld));
  strList(s.externalIPs).forEach((ip, i) => {
    for (const m of isValidIP(ip)) errs.push(invalid(fld.child('externalIPs').index(i), ip, m));
  });
  strList(s.loadBalancerSourceRanges).forEach((r, i) => {
    for (const m of isValidCIDR(r.trim())) errs.push(invalid(fld.child('loadBalancerSourceRanges').index(i), r, m));
  });
  if (s.externalTrafficPolicy) {
    if (!externallyAccessible(s)) {
      errs.push(invalid(fld.child('externalTrafficPolicy'), s.externalTrafficPolicy, 'may only be set for externally-accessible services'));
    } else if (!TRAFFIC_POLICIES.includes(str(s.externalTrafficPolicy))) {
      errs.push(notSupported(fld.child('externalTrafficPolicy'), s.externalTrafficPolicy, TRAFFIC_POLICIES));
    }
  }
  if (s.internalTrafficPolicy !== undefined && s.internalTrafficPolicy !== null && !TRAFFIC_POLICIES.includes(str(s.internalTrafficPolicy))) {
    errs.push(notSupported(fld.child('internalTrafficPolicy'), s.internalTrafficPolicy, TRAFFIC_POLICIES));
  }
  errs.push(...validateClusterIPs(s, fld));
  return errs;
}

/** Cluster IPs may not change once set (free changes to/from ExternalName or between headless services). */
export function validateServiceSpecUpdate(o: KubeObject, old: KubeObject): FieldError[] {
  const s = peek(o, 'spec') ?? {};
  const os = peek(old, 'spec') ?? {};
  if (s.type === 'ExternalName' || os.type === 'ExternalName') return [];
  if (isHeadless(s) && isHeadless(os)) return [];
  const ips = strList(s.clusterIPs);
  const oldIps = strList(os.clusterIPs);
  const fld = root('spec').child('clusterIPs');
  const errs: FieldError[] = [];
  if (oldIps.length === ips.length) {
    oldIps.forEach((ip, i) => {
      if (ip !== ips[i]) errs.push(invalid(fld.index(i), ips, 'may not change once set'));
    });
  } else if (oldIps.length > ips.length) {
    if (ips.length === 0) errs.push(invalid(fld.index(0), ips, 'primary clusterIP can not be unset'));
    else if (ips[0] !== oldIps[0]) errs.push(invalid(fld.index(0), ips, 'may not change once set'));
  } else if (oldIps.length > 0 && ips[0] !== oldIps[0]) {
    errs.push(invalid(fld.index(0), ips, 'may not change once set'));
  }
  return errs;
}
