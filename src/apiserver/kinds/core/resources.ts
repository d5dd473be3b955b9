// Resource names, quantities and ResourceRequirements, as in core validation,
// plus the pod QoS class (pkg/apis/core/helper/qos).
import { type FieldError, type FieldPath, invalid, required } from '../../validation/field.js';
import { isQualifiedName } from '../../validation/names.js';
import { tryParseQuantity } from '../../validation/quantity.js';
import { IS_NEGATIVE_MSG, type Obj, isObj, list, peek } from './util.js';

const standardContainerResources = new Set(['cpu', 'memory', 'ephemeral-storage']);
const standardQuotaResources = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'pods', 'services', 'replicationcontrollers', 'resourcequotas',
  'secrets', 'configmaps', 'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers', 'storage',
]);
const standardResources = new Set([...standardContainerResources, ...standardQuotaResources]);

export const isHugePageResourceName = (n: string): boolean => n.startsWith('hugepages-');
const isNativeResource = (n: string): boolean => !n.includes('/') || n.includes('kubernetes.io/');
const isStandardContainerResourceName = (n: string): boolean => standardContainerResources.has(n) || isHugePageResourceName(n);
const isStandardResourceName = (n: string): boolean => standardResources.has(n) || isHugePageResourceName(n);
const isExtendedResourceName = (n: string): boolean =>
  !isNativeResource(n) && !n.startsWith('requests.') && isQualifiedName(`requests.${n}`).length === 0;
/** Whether requests may be lower than limits (false for hugepages and extended resources). */
export const isOvercommitAllowed = (n: string): boolean => isNativeResource(n) && !isHugePageResourceName(n);
/** Resources whose quantities must be whole numbers (counts and extended resources). */
function isIntegerResourceName(n: string): boolean {
  const counts = ['pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers'];
  return counts.includes(n) || n.startsWith('count/') || isExtendedResourceName(n);
}

/** Upstream validateResourceName: qualified, and standard when unprefixed. */
export function validateResourceName(name: string, fld: FieldPath): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(fld, name, m));
  if (!name.includes('/') && !isStandardResourceName(name)) {
    errs.push(invalid(fld, name, 'must be a standard resource type or fully qualified'));
  }
  return errs;
}

export function validateContainerResourceName(name: string, fld: FieldPath): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(fld, name, m));
  if (!name.includes('/')) {
    if (!isStandardContainerResourceName(name)) errs.push(invalid(fld, name, 'must be a standard resource for containers'));
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(invalid(fld, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** A quantity as upstream prints it (we keep the client's spelling). */
export const showQuantity = (q: unknown): string => String(q);

/** Parse and check a quantity: valid, non-negative, integral when the resource needs it. */
export function validateResourceQuantityValue(resource: string, value: unknown, fld: FieldPath): FieldError[] {
  const n = tryParseQuantity(value);
  if (n === undefined) {
    return [invalid(fld, value, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")];
  }
  if (n < 0) return [invalid(fld, showQuantity(value), IS_NEGATIVE_MSG)];
  if (isIntegerResourceName(resource) && !Number.isInteger(n)) return [invalid(fld, showQuantity(value), 'must be an integer')];
  return [];
}

export function quantityOf(v: unknown): number {
  return tryParseQuantity(v) ?? 0;
}

/** ResourceRequirements of one container. */
export function validateResourceRequirements(res: Obj | undefined, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const limits = peek(res, 'limits') ?? {};
  const requests = peek(res, 'requests') ?? {};
  const limPath = fld.child('limits');
  const reqPath = fld.child('requests');
  for (const [name, q] of Object.entries(limits)) {
    errs.push(...validateContainerResourceName(name, limPath.key(name)));
    errs.push(...validateResourceQuantityValue(name, q, limPath.key(name)));
  }
  for (const [name, q] of Object.entries(requests)) {
    errs.push(...validateContainerResourceName(name, reqPath.key(name)));
    const qErrs = validateResourceQuantityValue(name, q, reqPath.key(name));
    errs.push(...qErrs);
    if (qErrs.length) continue;
    if (name in limits) {
      const r = quantityOf(q);
      const l = tryParseQuantity(limits[name]);
      if (l === undefined) continue;
      if (r !== l && !isOvercommitAllowed(name)) {
        errs.push(invalid(reqPath, showQuantity(q), `must be equal to ${name} limit of ${showQuantity(limits[name])}`));
      } else if (r > l) {
        errs.push(invalid(reqPath, showQuantity(q), `must be less than or equal to ${name} limit of ${showQuantity(limits[name])}`));
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
  }
  return errs;
}

/** Equal up to float rounding (sums of "100m"-style values). */
export function sameQuantity(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/** Upstream GetPodQOS over containers and init containers (cpu and memory only). */
export function podQOSClass(podSpec: Obj): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  for (const c of [...list(podSpec, 'initContainers'), ...list(podSpec, 'containers')]) {
    const res = isObj(c.resources) ? c.resources : {};
    for (const [name, q] of Object.entries(peek(res, 'requests') ?? {})) {
      if (name !== 'cpu' && name !== 'memory') continue;
      const v = quantityOf(q);
      if (v > 0) requests.set(name, (requests.get(name) ?? 0) + v);
    }
    const found = new Set<string>();
    for (const [name, q] of Object.entries(peek(res, 'limits') ?? {})) {
      if (name !== 'cpu' && name !== 'memory') continue;
      const v = quantityOf(q);
      if (v > 0) {
        found.add(name);
        limits.set(name, (limits.get(name) ?? 0) + v);
      }
    }
    if (!found.has('cpu') || !found.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, r] of requests) {
      const l = limits.get(name);
      if (l === undefined || !sameQuantity(l, r)) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
