// Selection helpers of the policy compiler: which pods take part (an IPv4 pod
// IP, not hostNetwork, not finished), label-selector matching (the API
// server's matcher; a namespace always carries kubernetes.io/metadata.name),
// named-port lookup in a pod's containers, and stable names for sets.
import { createHash } from 'node:crypto';
import { fromLabelSelectorObject, matches, type LabelSelectorObject } from '../apiserver/selectors/labels.js';
import type { Namespace, Pod, Proto } from './types.js';

export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

/** metav1.LabelSelector → predicate; `{}` matches everything; an unparsable selector matches nothing. */
export function selectorMatcher(sel: LabelSelectorObject | undefined | null): LabelMatcher {
  if (!sel) return () => true;
  try {
    const reqs = fromLabelSelectorObject(sel);
    return (labels) => matches(reqs, labels ?? {});
  } catch {
    return () => false;
  }
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The pod's IPv4 addresses (status.podIPs, else status.podIP). */
export function podIPv4s(pod: Pod): string[] {
  const ips = pod.status?.podIPs?.map((p) => p.ip) ?? (pod.status?.podIP ? [pod.status.podIP] : []);
  return [...new Set(ips.filter((ip): ip is string => !!ip && IPV4.test(ip)))];
}

/** Whether the pod is policed / selectable: it has a pod-network IP and is not done. */
export function podTakesPart(pod: Pod): boolean {
  if (pod.spec?.hostNetwork) return false;
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  return podIPv4s(pod).length > 0;
}

export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

/** A namespace's labels, with the immutable kubernetes.io/metadata.name label even if the object is not cached yet. */
export function namespaceLabels(name: string, ns: Namespace | undefined): Record<string, string> {
  return { ...(ns?.metadata?.labels ?? {}), 'kubernetes.io/metadata.name': name };
}

/** The numbers a named port has in the pod's containers for `proto` (init containers included: sidecars). */
export function resolveNamedPort(pod: Pod, name: string, proto: Proto): number[] {
  const out = new Set<number>();
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    for (const p of c.ports ?? []) {
      if (p.name === name && (p.protocol ?? 'TCP').toLowerCase() === proto) out.add(p.containerPort);
    }
  }
  return [...out].sort((a, b) => a - b);
}

/** JSON with object keys sorted (selector identity independent of key order). */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** A short stable name: `prefix` + 16 hex digits of sha256(text). */
export function hashName(prefix: string, text: string): string {
  return prefix + createHash('sha256').update(text).digest('hex').slice(0, 16);
}
