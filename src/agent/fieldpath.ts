// Downward API values: fieldRef paths of the pod and resourceFieldRef values of
// a container (pkg/fieldpath and pkg/api/v1/resource), shared by env vars and
// downwardAPI volumes.
import { parseQuantity } from '../apiserver/validation/quantity.js';
import { UnsupportedFieldPathError } from './errors.js';
import type { Pod, V1Container } from './types.js';

/** Runtime values that are not in the pod object yet. */
export interface PodRuntimeFacts {
  podIPs: string[];
  hostIPs: string[];
}

/** `key="value"` lines, sorted by key (fieldpath.FormatMap). */
export function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(m![k])}`)
    .join('\n');
}

const subscript = /^metadata\.(labels|annotations)\['(.*)'\]$/;

/** The value of a fieldRef path on the pod. */
export function podFieldValue(pod: Pod, fieldPath: string, facts: PodRuntimeFacts): string {
  const meta = pod.metadata ?? {};
  const m = subscript.exec(fieldPath);
  if (m) {
    const map = (m[1] === 'labels' ? meta.labels : meta.annotations) ?? {};
    return map[m[2]] ?? '';
  }
  switch (fieldPath) {
    case 'metadata.name':
      return meta.name ?? '';
    case 'metadata.namespace':
      return meta.namespace ?? '';
    case 'metadata.uid':
      return meta.uid ?? '';
    case 'metadata.labels':
      return formatMap(meta.labels);
    case 'metadata.annotations':
      return formatMap(meta.annotations);
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
      return facts.hostIPs[0] ?? pod.status?.hostIP ?? '';
    case 'status.hostIPs':
      return (facts.hostIPs.length ? facts.hostIPs : (pod.status?.hostIPs ?? []).map((x) => x.ip)).join(',');
    case 'status.podIP':
      return facts.podIPs[0] ?? pod.status?.podIP ?? '';
    case 'status.podIPs':
      return (facts.podIPs.length ? facts.podIPs : (pod.status?.podIPs ?? []).map((x) => x.ip)).join(',');
  }
  throw new UnsupportedFieldPathError(`unsupported fieldPath: ${fieldPath}`);
}

/** Node allocatable, used for limits the container does not set. */
export interface NodeAllocatable {
  cpu: number;
  memory: number;
  'ephemeral-storage': number;
}

export interface ResourceFieldSelector {
  containerName?: string;
  resource: string;
  divisor?: string | number;
}

/** The value of a resourceFieldRef on a container (ExtractContainerResourceValue). */
export function containerResourceValue(sel: ResourceFieldSelector, container: V1Container, node: NodeAllocatable): string {
  const divisor = sel.divisor === undefined || sel.divisor === '' ? 1 : parseQuantity(sel.divisor);
  const [kind, name] = sel.resource.split('.', 2) as [string, string];
  const res = container.resources ?? {};
  const fromSpec = (kind === 'limits' ? res.limits : kind === 'requests' ? res.requests : undefined)?.[name];
  if (kind !== 'limits' && kind !== 'requests') throw new UnsupportedFieldPathError(`unsupported container resource: ${sel.resource}`);
  if (name !== 'cpu' && name !== 'memory' && name !== 'ephemeral-storage' && !name.startsWith('hugepages-')) {
    throw new UnsupportedFieldPathError(`unsupported container resource: ${sel.resource}`);
  }
  let value = fromSpec === undefined ? undefined : parseQuantity(fromSpec);
  if (value === undefined) value = kind === 'limits' ? (node[name as keyof NodeAllocatable] ?? 0) : 0;
  if (divisor <= 0) return '0';
  if (name === 'cpu') {
    // Upstream works in milli-units and rounds up.
    return String(Math.ceil(Math.round(value * 1000) / Math.round(divisor * 1000)));
  }
  return String(Math.ceil(value / divisor));
}
