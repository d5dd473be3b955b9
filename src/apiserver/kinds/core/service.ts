// Service strategy (pkg/registry/core/service/strategy.go). Cluster IP and
// node port allocation come later; here clusterIP is kept as given.
import type { KubeObject, Strategy } from '../../types.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { isIPv6, nameIsDNS1035Label } from '../../validation/names.js';
import { externallyAccessible, validateServiceSpec, validateServiceSpecUpdate } from './service-validate.js';
import { type Obj, clone, isObj, list, peek, setDefaultStr, spec, str, dropGeneration } from './util.js';

/** SetDefaults_Service. */
export function defaultService(obj: KubeObject): void {
  const s = spec(obj);
  setDefaultStr(s, 'sessionAffinity', 'None');
  if (s.sessionAffinity === 'None') delete s.sessionAffinityConfig;
  if (s.sessionAffinity === 'ClientIP') {
    const cfg = isObj(s.sessionAffinityConfig) ? s.sessionAffinityConfig : (s.sessionAffinityConfig = {});
    const clientIP = isObj(cfg.clientIP) ? cfg.clientIP : (cfg.clientIP = {});
    if (typeof clientIP.timeoutSeconds !== 'number') clientIP.timeoutSeconds = 10800;
  }
  setDefaultStr(s, 'type', 'ClusterIP');
  for (const p of list(s, 'ports')) {
    setDefaultStr(p, 'protocol', 'TCP');
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (externallyAccessible(s)) setDefaultStr(s, 'externalTrafficPolicy', 'Cluster');
  if (s.internalTrafficPolicy === undefined && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(str(s.type))) {
    s.internalTrafficPolicy = 'Cluster';
  }
  if (s.type === 'LoadBalancer' && s.allocateLoadBalancerNodePorts === undefined) s.allocateLoadBalancerNodePorts = true;
  // v1 keeps clusterIP and clusterIPs[0] in step.
  if (!str(s.clusterIP) && Array.isArray(s.clusterIPs) && s.clusterIPs.length > 0) s.clusterIP = String(s.clusterIPs[0]);
}

/** Fill ipFamilyPolicy/ipFamilies and clusterIPs the way allocation would on a single-stack cluster. */
function initIPFields(s: Obj): void {
  if (s.type === 'ExternalName') return;
  if (str(s.clusterIP) && !(Array.isArray(s.clusterIPs) && s.clusterIPs.length > 0)) s.clusterIPs = [s.clusterIP];
  if (s.ipFamilyPolicy === undefined || s.ipFamilyPolicy === null) s.ipFamilyPolicy = 'SingleStack';
  if (!Array.isArray(s.ipFamilies) || s.ipFamilies.length === 0) {
    const ip = str(s.clusterIP);
    s.ipFamilies = [ip && ip !== 'None' && isIPv6(ip) ? 'IPv6' : 'IPv4'];
  }
}

/** Keep values the server already assigned when the client omits them (patchAllocatedValues). */
function keepAllocated(s: Obj, os: Obj): void {
  if (s.type === 'ExternalName' || os.type === 'ExternalName') return;
  if (!str(s.clusterIP) && str(os.clusterIP)) s.clusterIP = os.clusterIP;
  const ips = Array.isArray(s.clusterIPs) ? s.clusterIPs : [];
  if (ips.length === 0 && Array.isArray(os.clusterIPs) && os.clusterIPs.length > 0 && s.clusterIP === os.clusterIP) s.clusterIPs = clone(os.clusterIPs);
  if (s.ipFamilyPolicy === undefined && os.ipFamilyPolicy !== undefined) s.ipFamilyPolicy = os.ipFamilyPolicy;
  if (s.ipFamilies === undefined && os.ipFamilies !== undefined) s.ipFamilies = clone(os.ipFamilies);
  const needsNodePort = (x: Obj): boolean => x.type === 'NodePort' || x.type === 'LoadBalancer';
  if (needsNodePort(s) && needsNodePort(os)) {
    const oldPorts = list(os, 'ports');
    for (const p of list(s, 'ports')) {
      if (p.nodePort) continue;
      const match = oldPorts.find((o) => o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
      if (match?.nodePort) p.nodePort = match.nodePort;
    }
    if (!s.healthCheckNodePort && os.healthCheckNodePort && s.externalTrafficPolicy === 'Local') s.healthCheckNodePort = os.healthCheckNodePort;
  }
}

export const serviceStrategy: Strategy = {
  defaults: defaultService,
  prepareForCreate(obj) {
    dropGeneration(obj);
    obj.status = { loadBalancer: {} };
    initIPFields(spec(obj));
  },
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNS1035Label), ...validateServiceSpec(obj)];
  },
  prepareForUpdate(obj, old) {
    obj.status = clone(old.status);
    const s = spec(obj);
    keepAllocated(s, peek(old, 'spec') ?? {});
    initIPFields(s);
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateServiceSpec(obj), ...validateServiceSpecUpdate(obj, old)];
  },
  prepareForStatusUpdate(obj, old) {
    obj.spec = clone(old.spec);
  },
  validateStatusUpdate(obj, old) {
    return validateObjectMetaUpdate(obj.metadata, old.metadata);
  },
  fieldLabels(obj) {
    const s = peek(obj, 'spec') ?? {};
    return { 'spec.clusterIP': str(s.clusterIP), 'spec.type': str(s.type) };
  },
};
