// What a pod sync must do, from the pod spec and the runtime's view
// (kuberuntime_manager.go computePodActions): (re)create the sandbox, run the
// next init container, start app containers per restartPolicy, and kill
// containers whose spec changed or that failed their liveness/startup probe.
import type { ContainerStatus } from '../cri/types.js';
import { hashContainer } from './hash.js';
import { instancesOf, latestOf, type RuntimePodStatus } from './runtime-state.js';
import type { Pod, V1Container } from './types.js';

export interface KillInfo {
  id: string;
  name: string;
  kind: 'init' | 'app';
  /** The Killing event message. */
  message: string;
  reason: 'Killing' | 'Unhealthy' | 'SpecChanged';
}

export interface PodActions {
  killPod: boolean;
  createSandbox: boolean;
  sandboxId?: string;
  attempt: number;
  /** The init container to start next (by index), if any. */
  nextInit?: number;
  /** Sidecars (restartable init containers) that exited and start again, by index. */
  initToStart: number[];
  /** Init containers have all succeeded. */
  initDone: boolean;
  /** An init container failed and the pod does not restart on failure. */
  initFailed: boolean;
  containersToStart: number[];
  containersToKill: KillInfo[];
}

export type ProbeVerdict = (containerId: string) => 'failure' | 'success' | 'unknown';

export interface ActionInputs {
  /** Liveness and startup results by container id. */
  liveness?: ProbeVerdict;
  startup?: ProbeVerdict;
}

export const restartPolicy = (pod: Pod): 'Always' | 'OnFailure' | 'Never' => (pod.spec?.restartPolicy ?? 'Always') as 'Always' | 'OnFailure' | 'Never';

const isRunning = (c: ContainerStatus | undefined): boolean => c?.state === 'CONTAINER_RUNNING';

/** A sidecar: an init container with restartPolicy Always, which keeps running beside the app containers. */
export const isSidecar = (c: V1Container): boolean => c.restartPolicy === 'Always';
const isActive = (c: ContainerStatus | undefined): boolean => c?.state === 'CONTAINER_RUNNING' || c?.state === 'CONTAINER_CREATED';

/** kubelet's ShouldContainerBeRestarted. */
export function shouldRestart(pod: Pod, latest: ContainerStatus | undefined): boolean {
  if (!latest) return true;
  if (isActive(latest)) return false;
  if (latest.state === 'CONTAINER_UNKNOWN') return true;
  const policy = restartPolicy(pod);
  if (policy === 'Never') return false;
  if (policy === 'OnFailure') return latest.exitCode !== 0;
  return true;
}

/** Whether the sandbox must be (re)created, and with which attempt number. */
function sandboxChanged(pod: Pod, rt: RuntimePodStatus): { changed: boolean; attempt: number; id?: string } {
  if (rt.sandboxes.length === 0) return { changed: true, attempt: 0 };
  const newest = rt.sandboxes[0];
  const readyCount = rt.sandboxes.filter((s) => s.state === 'SANDBOX_READY').length;
  const attempt = newest.metadata.attempt + 1;
  if (readyCount > 1 || newest.state !== 'SANDBOX_READY') return { changed: true, attempt, id: newest.id };
  return { changed: false, attempt: newest.metadata.attempt, id: newest.id };
}

interface InitProgress {
  done: boolean;
  failed: boolean;
  next?: number;
  /** Sidecars to start again (they exited after later containers started). */
  restart?: number[];
}

/** kubelet's findNextInitContainerToRun. */
function initProgress(pod: Pod, rt: RuntimePodStatus): InitProgress {
  const inits = pod.spec?.initContainers ?? [];
  if (inits.length === 0) return { done: true, failed: false };
  // Any init container still active: wait for it.
  for (const c of inits) if (isActive(latestOf(rt, c.name, 'init'))) return { done: false, failed: false };
  for (let i = inits.length - 1; i >= 0; i--) {
    const s = latestOf(rt, inits[i].name, 'init');
    if (!s) continue;
    if (s.state === 'CONTAINER_EXITED' && s.exitCode === 0) {
      if (i === inits.length - 1) return { done: true, failed: false };
      return { done: false, failed: false, next: i + 1 };
    }
    // Failed or unknown.
    return { done: false, failed: restartPolicy(pod) === 'Never', next: i };
  }
  return { done: false, failed: false, next: 0 };
}

/**
 * Init progress for pods with sidecars (upstream's computeInitContainerActions):
 * walking forward, a regular init container must have succeeded and a sidecar
 * must be running (and past its startup probe) before the next one starts; a
 * sidecar that exits once later containers have started is started again in
 * place, whatever the pod's restartPolicy.
 */
function sidecarInitProgress(pod: Pod, rt: RuntimePodStatus, startup?: ProbeVerdict): InitProgress {
  const inits = pod.spec?.initContainers ?? [];
  const apps = pod.spec?.containers ?? [];
  const restart: number[] = [];
  const laterStarted = (i: number): boolean =>
    inits.slice(i + 1).some((c) => latestOf(rt, c.name, 'init')) || apps.some((c) => latestOf(rt, c.name, 'app'));
  const waiting = (next?: number): InitProgress => ({ done: false, failed: false, next, restart });
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i]!;
    const s = latestOf(rt, c.name, 'init');
    if (isSidecar(c)) {
      if (s?.state === 'CONTAINER_CREATED') return waiting();
      if (s?.state === 'CONTAINER_RUNNING') {
        if (c.startupProbe && startup?.(s.id) !== 'success' && !laterStarted(i)) return waiting();
        continue;
      }
      if (s && laterStarted(i)) {
        restart.push(i);
        continue;
      }
      return waiting(i);
    }
    if (isActive(s)) return waiting();
    if (s?.state === 'CONTAINER_EXITED' && s.exitCode === 0) continue;
    if (!s) return waiting(i);
    return { done: false, failed: restartPolicy(pod) === 'Never', next: i, restart };
  }
  return { done: true, failed: false, restart };
}

function progressOf(pod: Pod, rt: RuntimePodStatus, inputs: ActionInputs): InitProgress {
  return (pod.spec?.initContainers ?? []).some(isSidecar) ? sidecarInitProgress(pod, rt, inputs.startup) : initProgress(pod, rt);
}

/** Running sidecars whose spec changed or whose liveness probe failed are killed and started again. */
function restartUnhealthySidecars(pod: Pod, rt: RuntimePodStatus, inputs: ActionInputs, actions: PodActions): void {
  (pod.spec?.initContainers ?? []).forEach((c, i) => {
    if (!isSidecar(c)) return;
    const latest = latestOf(rt, c.name, 'init');
    if (!latest || !isRunning(latest)) return;
    let message: string | undefined;
    let reason: KillInfo['reason'] = 'Unhealthy';
    if (latest.annotations['io.kubernetes.container.hash'] !== hashContainer(c)) {
      message = `Init container ${c.name} definition changed, will be restarted`;
      reason = 'SpecChanged';
    } else if (inputs.liveness?.(latest.id) === 'failure') message = `Init container ${c.name} failed liveness probe, will be restarted`;
    if (!message) return;
    actions.containersToKill.push({ id: latest.id, name: c.name, kind: 'init', message, reason });
    actions.initToStart.push(i);
  });
}

export function computePodActions(pod: Pod, rt: RuntimePodStatus, inputs: ActionInputs = {}): PodActions {
  const spec = pod.spec ?? { containers: [] };
  const containers = spec.containers ?? [];
  const sb = sandboxChanged(pod, rt);
  const actions: PodActions = {
    killPod: sb.changed,
    createSandbox: false,
    sandboxId: sb.id,
    attempt: sb.attempt,
    initDone: false,
    initFailed: false,
    initToStart: [],
    containersToStart: [],
    containersToKill: [],
  };
  if (sb.changed) {
    if (restartPolicy(pod) === 'Never' && sb.attempt !== 0 && rt.containers.length !== 0) {
      // The pod ran once and must not be restarted: only kill what is left.
      return actions;
    }
    actions.createSandbox = true;
    containers.forEach((c, i) => {
      const latest = latestOf(rt, c.name, 'app');
      if (restartPolicy(pod) === 'OnFailure' && latest?.state === 'CONTAINER_EXITED' && latest.exitCode === 0) return;
      actions.containersToStart.push(i);
    });
    // No sandbox for a pod whose initialization is done and that has nothing to start.
    if (actions.containersToStart.length === 0 && progressOf(pod, rt, inputs).done) {
      actions.createSandbox = false;
      return actions;
    }
    // A new sandbox runs the init containers again from the first.
    if ((spec.initContainers ?? []).length) {
      actions.nextInit = 0;
      actions.containersToStart = [];
    } else actions.initDone = true;
    return actions;
  }
  const init = progressOf(pod, rt, inputs);
  actions.initDone = init.done;
  actions.initFailed = init.failed;
  actions.initToStart = init.restart ?? [];
  restartUnhealthySidecars(pod, rt, inputs, actions);
  if (init.failed) {
    actions.killPod = true;
    return actions;
  }
  if (!init.done) {
    if (init.next !== undefined) actions.nextInit = init.next;
    return actions;
  }
  let keep = 0;
  containers.forEach((c: V1Container, i) => {
    const latest = latestOf(rt, c.name, 'app');
    if (!isActive(latest)) {
      if (shouldRestart(pod, latest)) actions.containersToStart.push(i);
      return;
    }
    const kill = (message: string, reason: KillInfo['reason'], restart: boolean): void => {
      actions.containersToKill.push({ id: latest!.id, name: c.name, kind: 'app', message, reason });
      if (restart) actions.containersToStart.push(i);
    };
    if (latest!.annotations['io.kubernetes.container.hash'] !== hashContainer(c)) {
      kill(`Container ${c.name} definition changed, will be restarted`, 'SpecChanged', true);
    } else if (isRunning(latest) && inputs.liveness?.(latest!.id) === 'failure') {
      kill(`Container ${c.name} failed liveness probe, will be restarted`, 'Unhealthy', restartPolicy(pod) !== 'Never');
    } else if (isRunning(latest) && inputs.startup?.(latest!.id) === 'failure') {
      kill(`Container ${c.name} failed startup probe, will be restarted`, 'Unhealthy', restartPolicy(pod) !== 'Never');
    } else keep++;
  });
  if (keep === 0 && actions.containersToStart.length === 0) {
    // Nothing left to run: the pod is done, its sidecars stop with it.
    actions.killPod = true;
    actions.initToStart = [];
  }
  return actions;
}

/** Exited instances beyond the newest two of each container (kubelet keeps one dead instance for lastState). */
export function containersToRemove(pod: Pod, rt: RuntimePodStatus): string[] {
  const out: string[] = [];
  const all = [
    ...(pod.spec?.initContainers ?? []).map((c) => [c.name, 'init'] as const),
    ...(pod.spec?.containers ?? []).map((c) => [c.name, 'app'] as const),
  ];
  for (const [name, kind] of all) {
    for (const c of instancesOf(rt, name, kind).slice(2)) if (c.state === 'CONTAINER_EXITED') out.push(c.id);
  }
  return out;
}
