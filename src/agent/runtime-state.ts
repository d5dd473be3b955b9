// The runtime's view of one pod (kubelet's kubecontainer.PodStatus): its
// sandboxes and containers, found by the labels the agent put on them.
import type { ContainerStatus, PodSandboxStatus, RuntimeService } from '../cri/types.js';
import { NotFoundError } from '../cri/types.js';
import { ANN_CONTAINER_HASH, ANN_CONTAINER_TYPE, ANN_RESTART_COUNT, LABEL_CONTAINER_NAME, LABEL_POD_UID } from './types.js';

export interface RuntimePodStatus {
  uid: string;
  /** Newest first. */
  sandboxes: PodSandboxStatus[];
  /** Every container instance, newest first. */
  containers: ContainerStatus[];
}

export async function getRuntimePodStatus(runtime: RuntimeService, uid: string): Promise<RuntimePodStatus> {
  const sel = { labelSelector: { [LABEL_POD_UID]: uid } };
  const sandboxes: PodSandboxStatus[] = [];
  for (const s of await runtime.listPodSandbox(sel)) {
    try {
      sandboxes.push(await runtime.podSandboxStatus(s.id));
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
    }
  }
  const containers: ContainerStatus[] = [];
  for (const c of await runtime.listContainers(sel)) {
    try {
      containers.push(await runtime.containerStatus(c.id));
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
    }
  }
  sandboxes.sort((a, b) => b.createdAt - a.createdAt);
  containers.sort((a, b) => b.createdAt - a.createdAt);
  return { uid, sandboxes, containers };
}

export const containerName = (c: { labels: Record<string, string>; metadata: { name: string } }): string =>
  c.labels[LABEL_CONTAINER_NAME] ?? c.metadata.name;

export const restartCountOf = (c: { annotations: Record<string, string> }): number => Number(c.annotations[ANN_RESTART_COUNT] ?? 0) || 0;

export const hashOf = (c: { annotations: Record<string, string> }): string => c.annotations[ANN_CONTAINER_HASH] ?? '';

export const isInit = (c: { annotations: Record<string, string> }): boolean => c.annotations[ANN_CONTAINER_TYPE] === 'init';

/** Instances of a container name, newest first. */
export function instancesOf(rt: RuntimePodStatus, name: string, kind: 'init' | 'app'): ContainerStatus[] {
  return rt.containers.filter((c) => containerName(c) === name && isInit(c) === (kind === 'init'));
}

export function latestOf(rt: RuntimePodStatus, name: string, kind: 'init' | 'app'): ContainerStatus | undefined {
  return instancesOf(rt, name, kind)[0];
}

/** Nanoseconds since the epoch → milliseconds. */
export const nsToMs = (ns: number): number => Math.floor(ns / 1e6);
export const nsToIso = (ns: number): string => new Date(nsToMs(ns)).toISOString().replace(/\.\d{3}Z$/, 'Z');
