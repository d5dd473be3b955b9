// Daemon pods (upstream pkg/controller/daemon/util): the tolerations every
// daemon pod gets, the required node affinity that pins a pod to its node
// (the scheduler binds it), reading a pod's target node back, and readiness.
import { readyCondition } from '../pod-conditions.js';
import type * as core from 'kubernetes-types/core/v1.js';
import {
  TAINT_DISK_PRESSURE,
  TAINT_MEMORY_PRESSURE,
  TAINT_NETWORK_UNAVAILABLE,
  TAINT_NOT_READY,
  TAINT_PID_PRESSURE,
  TAINT_UNREACHABLE,
  TAINT_UNSCHEDULABLE,
  type Toleration,
} from '../nodelifecycle/taints.js';
import { type DaemonSet, HASH_LABEL, type Pod, type PodTemplateSpec, TEMPLATE_GENERATION_ANNOTATION, TEMPLATE_GENERATION_LABEL } from './types.js';

/** AddOrUpdateDaemonPodTolerations: daemon pods survive node trouble and ignore unschedulable. */
export function daemonTolerations(spec: core.PodSpec): Toleration[] {
  const add: Toleration[] = [
    { key: TAINT_NOT_READY, operator: 'Exists', effect: 'NoExecute' },
    { key: TAINT_UNREACHABLE, operator: 'Exists', effect: 'NoExecute' },
    { key: TAINT_DISK_PRESSURE, operator: 'Exists', effect: 'NoSchedule' },
    { key: TAINT_MEMORY_PRESSURE, operator: 'Exists', effect: 'NoSchedule' },
    { key: TAINT_PID_PRESSURE, operator: 'Exists', effect: 'NoSchedule' },
    { key: TAINT_UNSCHEDULABLE, operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (spec.hostNetwork) add.push({ key: TAINT_NETWORK_UNAVAILABLE, operator: 'Exists', effect: 'NoSchedule' });
  let out = [...(spec.tolerations ?? [])];
  for (const t of add) {
    // AddOrUpdateTolerationInPodSpec: a toleration with the same key, operator, value and effect is replaced.
    const same = (x: Toleration): boolean => (x.key ?? '') === t.key && (x.operator ?? 'Equal') === t.operator && (x.value ?? '') === '' && (x.effect ?? '') === t.effect;
    out = out.some(same) ? out.map((x) => (same(x) ? t : x)) : [...out, t];
  }
  return out;
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: every required term gets matchFields metadata.name In [node]. */
export function pinToNode(affinity: core.Affinity | undefined, nodeName: string): core.Affinity {
  const field = { key: 'metadata.name', operator: 'In', values: [nodeName] };
  const a = structuredClone(affinity ?? {});
  const required = a.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const terms = required?.nodeSelectorTerms ?? [];
  const nodeSelectorTerms = terms.length ? terms.map((t) => ({ ...t, matchFields: [field] })) : [{ matchFields: [field] }];
  a.nodeAffinity = { ...(a.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } };
  return a;
}

/** GetTargetNodeName: spec.nodeName, else the node named by the pinning affinity. */
export function targetNodeName(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of term.matchFields ?? []) {
      if (f.key === 'metadata.name' && f.operator === 'In') return f.values?.length === 1 ? f.values[0] : undefined;
    }
  }
  return undefined;
}

/** The DaemonSet's template generation annotation, if it parses. */
export function templateGeneration(ds: DaemonSet): string | undefined {
  const g = ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  return g !== undefined && /^-?\d+$/.test(g) ? g : undefined;
}

/** CreatePodTemplate: the template with daemon tolerations, generation and hash labels. */
export function daemonPodTemplate(ds: DaemonSet, hash: string): PodTemplateSpec {
  const t = structuredClone(ds.spec?.template ?? {}) as PodTemplateSpec;
  const spec = (t.spec ??= { containers: [] });
  spec.tolerations = daemonTolerations(spec);
  const labels = { ...(t.metadata?.labels ?? {}) };
  const gen = templateGeneration(ds);
  if (gen !== undefined) labels[TEMPLATE_GENERATION_LABEL] = gen;
  if (hash) labels[HASH_LABEL] = hash;
  t.metadata = { ...(t.metadata ?? {}), labels };
  return t;
}

/** IsPodUpdated: made from the current revision (hash) or the current template generation. */
export function isPodUpdated(pod: Pod, hash: string, generation: string | undefined): boolean {
  const labels = pod.metadata?.labels ?? {};
  return (hash !== '' && labels[HASH_LABEL] === hash) || (generation !== undefined && labels[TEMPLATE_GENERATION_LABEL] === generation);
}

export { isPodReady } from '../pod-conditions.js';

/** IsPodAvailable: ready for at least minReadySeconds. */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  const ready = readyCondition(pod);
  if (ready?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = Date.parse(String(ready.lastTransitionTime ?? ''));
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= now;
}

/** podByCreationTimestampAndPhase: scheduled pods first, then oldest, then by name. */
export function byCreation(a: Pod, b: Pod): number {
  const sa = !!a.spec?.nodeName;
  const sb = !!b.spec?.nodeName;
  if (sa !== sb) return sa ? -1 : 1;
  const ta = Date.parse(String(a.metadata?.creationTimestamp ?? ''));
  const tb = Date.parse(String(b.metadata?.creationTimestamp ?? ''));
  if (ta !== tb && !Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb;
  return String(a.metadata?.name) < String(b.metadata?.name) ? -1 : 1;
}

export function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}
