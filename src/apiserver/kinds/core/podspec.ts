// PodSpec and PodTemplateSpec validation (core validation's ValidatePodSpec and
// ValidatePodTemplateSpec), shared by pods, pod templates and workload kinds.
import { type FieldError, type FieldPath, forbidden, invalid, notSupported, required } from '../../validation/field.js';
import { validateAnnotations, validateLabels } from '../../validation/meta.js';
import { inclusiveRangeError, isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from '../../validation/names.js';
import { type ContainerContext, validateContainers, validateEphemeralContainers, validateInitContainers } from './podspec-containers.js';
import { validateVolumes } from './podspec-volumes.js';
import { validateTolerations } from './tolerations.js';
import { type Obj, isObj, list, peek, str, validateNonnegative } from './util.js';

export { defaultPodSpec, defaultPodTemplateSpec, defaultPod, defaultContainer, defaultImagePullPolicy } from './podspec-defaults.js';

export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
export const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const MAX_INT32 = 2147483647;

function validateDNS(spec: Obj, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const policy = str(spec.dnsPolicy);
  if (!policy) errs.push(required(fld.child('dnsPolicy')));
  else if (!DNS_POLICIES.includes(policy)) errs.push(notSupported(fld.child('dnsPolicy'), policy, DNS_POLICIES));
  const cfg = peek(spec, 'dnsConfig');
  if (policy === 'None') {
    if (!cfg) errs.push(required(fld.child('dnsConfig'), 'must provide `dnsConfig` when `dnsPolicy` is None'));
    else if (!(Array.isArray(cfg.nameservers) && cfg.nameservers.length > 0)) {
      errs.push(required(fld.child('dnsConfig', 'nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None'));
    }
  }
  if (cfg && Array.isArray(cfg.nameservers) && cfg.nameservers.length > 3) {
    errs.push(invalid(fld.child('dnsConfig', 'nameservers'), cfg.nameservers, 'must not have more than 3 nameservers'));
  }
  return errs;
}

function validateSchedulingGates(spec: Obj, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  list(spec, 'schedulingGates').forEach((g, i) => {
    const name = str(g.name);
    for (const m of isQualifiedName(name)) errs.push(invalid(fld.index(i).child('name'), name, m));
    if (seen.has(name)) errs.push(invalid(fld.index(i).child('name'), name, 'duplicate gate name'));
    seen.add(name);
  });
  return errs;
}

function validateOptionalName(v: unknown, fld: FieldPath, check: (s: string) => string[]): FieldError[] {
  const s = str(v);
  return s ? check(s).map((m) => invalid(fld, s, m)) : [];
}

/** ValidatePodSpec: fld is usually `spec` (or `spec.template.spec`). */
export function validatePodSpec(spec: Obj, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const vols = validateVolumes(list(spec, 'volumes'), fld.child('volumes'));
  errs.push(...vols.errs);
  const ctx: ContainerContext = { volumes: vols.names, names: new Set(), hostPorts: new Set(), hostNetwork: spec.hostNetwork === true };
  errs.push(...validateContainers(list(spec, 'containers'), fld.child('containers'), ctx));
  errs.push(...validateInitContainers(list(spec, 'initContainers'), fld.child('initContainers'), ctx));
  errs.push(...validateEphemeralContainers(list(spec, 'ephemeralContainers'), fld.child('ephemeralContainers'), ctx));
  const restart = str(spec.restartPolicy);
  if (!restart) errs.push(required(fld.child('restartPolicy')));
  else if (!RESTART_POLICIES.includes(restart)) errs.push(notSupported(fld.child('restartPolicy'), restart, RESTART_POLICIES));
  errs.push(...validateDNS(spec, fld));
  errs.push(...validateLabels(isObj(spec.nodeSelector) ? (spec.nodeSelector as Record<string, string>) : undefined, fld.child('nodeSelector')));
  errs.push(...validateOptionalName(spec.serviceAccountName, fld.child('serviceAccountName'), isDNS1123Subdomain));
  errs.push(...validateOptionalName(spec.nodeName, fld.child('nodeName'), isDNS1123Subdomain));
  errs.push(...validateOptionalName(spec.hostname, fld.child('hostname'), isDNS1123Label));
  errs.push(...validateOptionalName(spec.subdomain, fld.child('subdomain'), isDNS1123Label));
  errs.push(...validateOptionalName(spec.priorityClassName, fld.child('priorityClassName'), isDNS1123Subdomain));
  errs.push(...validateOptionalName(spec.schedulerName, fld.child('schedulerName'), isDNS1123Subdomain));
  if (typeof spec.activeDeadlineSeconds === 'number' && (spec.activeDeadlineSeconds < 1 || spec.activeDeadlineSeconds > MAX_INT32)) {
    errs.push(invalid(fld.child('activeDeadlineSeconds'), spec.activeDeadlineSeconds, inclusiveRangeError(1, MAX_INT32)));
  }
  errs.push(...validateNonnegative(spec.terminationGracePeriodSeconds, fld.child('terminationGracePeriodSeconds')));
  errs.push(...validateTolerations(list(spec, 'tolerations'), fld.child('tolerations')));
  errs.push(...validateSchedulingGates(spec, fld.child('schedulingGates')));
  const sc = peek(spec, 'securityContext');
  for (const f of ['runAsUser', 'runAsGroup', 'fsGroup']) errs.push(...validateNonnegative(sc?.[f], fld.child('securityContext', f)));
  if (spec.hostNetwork === true && spec.hostUsers === false) {
    errs.push(forbidden(fld.child('hostUsers'), 'when `hostUsers` is false `hostNetwork` must be false'));
  }
  return errs;
}

/** ValidatePodTemplateSpec: labels/annotations at fld.labels / fld.annotations (upstream's paths), spec at fld.spec. */
export function validatePodTemplateSpec(template: unknown, fld: FieldPath): FieldError[] {
  if (!isObj(template)) return [required(fld)];
  const meta = peek(template, 'metadata') ?? {};
  const errs: FieldError[] = [];
  errs.push(...validateLabels(meta.labels as Record<string, string> | undefined, fld.child('labels')));
  errs.push(...validateAnnotations(meta.annotations as Record<string, string> | undefined, fld.child('annotations')));
  const spec = peek(template, 'spec') ?? {};
  errs.push(...validatePodSpec(spec, fld.child('spec')));
  if (list(spec, 'ephemeralContainers').length > 0) {
    errs.push(forbidden(fld.child('spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}
