// The statuses a simulated node writes for its pods: Running and Ready at
// once (no containers run), and, when a pod asks for it with annotations, a
// container exit after a while so Jobs can complete.
import type { KubeObject } from '../apiserver/types.js';
import { timestamp } from '../apiserver/registry/meta.js';

/** Seconds after start when the simulated containers exit (restartPolicy OnFailure/Never only). */
export const EXIT_AFTER_ANNOTATION = 'skiff.dev/simulate-exit-after';
/** Exit code of that simulated exit (default 0). */
export const EXIT_CODE_ANNOTATION = 'skiff.dev/simulate-exit-code';

interface Container {
  name: string;
  image?: string;
}

type PodLike = KubeObject & {
  spec?: { containers?: Container[]; initContainers?: Container[]; restartPolicy?: string };
  status?: { phase?: string; conditions?: Array<Record<string, unknown>>; startTime?: string; containerStatuses?: Array<{ restartCount?: number }> };
};

const iso = (d = new Date()): string => timestamp(d);

function conditions(pod: PodLike, ready: boolean, now: string): Array<Record<string, unknown>> {
  const prev = new Map((pod.status?.conditions ?? []).map((c) => [String(c.type), c]));
  const cond = (type: string, status: string, reason?: string) => {
    const p = prev.get(type);
    return { type, status, lastProbeTime: null, lastTransitionTime: p && p.status === status ? p.lastTransitionTime : now, ...(reason ? { reason } : {}) };
  };
  return [
    cond('PodReadyToStartContainers', ready ? 'True' : 'False'),
    cond('Initialized', 'True'),
    cond('Ready', ready ? 'True' : 'False', ready ? undefined : 'PodCompleted'),
    cond('ContainersReady', ready ? 'True' : 'False', ready ? undefined : 'PodCompleted'),
    cond('PodScheduled', 'True'),
  ];
}

function containerId(pod: PodLike, name: string, restarts: number): string {
  return `simulated://${pod.metadata?.uid}-${name}-${restarts}`;
}

export function runningStatus(pod: PodLike, hostIp: string, podIp: string, restarts = 0): Record<string, unknown> {
  const now = iso();
  const startedAt = pod.status?.startTime ?? now;
  return {
    phase: 'Running',
    hostIP: hostIp,
    hostIPs: [{ ip: hostIp }],
    podIP: podIp,
    podIPs: [{ ip: podIp }],
    startTime: startedAt,
    conditions: conditions(pod, true, now),
    initContainerStatuses: (pod.spec?.initContainers ?? []).map((c) => ({
      name: c.name,
      image: c.image,
      imageID: `simulated://${c.image}`,
      containerID: containerId(pod, c.name, 0),
      ready: true,
      started: false,
      restartCount: 0,
      state: { terminated: { exitCode: 0, reason: 'Completed', startedAt, finishedAt: startedAt, containerID: containerId(pod, c.name, 0) } },
    })),
    containerStatuses: (pod.spec?.containers ?? []).map((c) => ({
      name: c.name,
      image: c.image,
      imageID: `simulated://${c.image}`,
      containerID: containerId(pod, c.name, restarts),
      ready: true,
      started: true,
      restartCount: restarts,
      state: { running: { startedAt: now } },
    })),
  };
}

export function exitedStatus(pod: PodLike, hostIp: string, podIp: string, exitCode: number): Record<string, unknown> {
  const now = iso();
  const startedAt = pod.status?.startTime ?? now;
  return {
    phase: exitCode === 0 ? 'Succeeded' : 'Failed',
    hostIP: hostIp,
    hostIPs: [{ ip: hostIp }],
    podIP: podIp,
    podIPs: [{ ip: podIp }],
    startTime: startedAt,
    conditions: conditions(pod, false, now),
    containerStatuses: (pod.spec?.containers ?? []).map((c) => ({
      name: c.name,
      image: c.image,
      imageID: `simulated://${c.image}`,
      containerID: containerId(pod, c.name, 0),
      ready: false,
      started: false,
      restartCount: 0,
      state: { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt, finishedAt: now, containerID: containerId(pod, c.name, 0) } },
    })),
  };
}

/** When (ms since epoch) the pod's simulated containers exit, or undefined when they run forever. */
export function plannedExit(pod: PodLike): { at: number; code: number } | undefined {
  const a = pod.metadata?.annotations as Record<string, string> | undefined;
  const after = Number(a?.[EXIT_AFTER_ANNOTATION]);
  if (!a || !(after >= 0) || (pod.spec?.restartPolicy ?? 'Always') === 'Always') return undefined;
  const start = Date.parse(pod.status?.startTime ?? '') || Date.now();
  const code = Number(a[EXIT_CODE_ANNOTATION] ?? 0);
  return { at: start + after * 1000, code: Number.isInteger(code) ? code : 1 };
}
