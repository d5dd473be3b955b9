// Pod status from the spec and the runtime's view (kubelet's
// generateAPIPodStatus + convertToAPIContainerStatuses): container states with
// waiting reasons, last states and restart counts; phase; conditions; IPs.
import { readFileSync } from 'node:fs';
import type { ContainerStatus } from '../cri/types.js';
import type { ProbeResults } from './context.js';
import { podPhase } from './phase.js';
import type { ReasonCache } from './reasons.js';
import { qosClass } from './resources.js';
import { instancesOf, nsToIso, restartCountOf, type RuntimePodStatus } from './runtime-state.js';
import { isSidecar, shouldRestart } from './compute-actions.js';
import { sandboxIPs } from './sync-pod.js';
import { ANN_TERMINATION_MESSAGE_HOST_PATH, ANN_TERMINATION_MESSAGE_POLICY, type Pod, type V1Container, type V1ContainerStatus, type V1PodCondition, type V1PodStatus } from './types.js';

export interface StatusInputs {
  reasons: ReasonCache;
  prober?: ProbeResults;
  hostIPs: string[];
  runtimeName: string;
  /** The pod is being deleted or finished: its containers will not restart. */
  podIsTerminal?: boolean;
  now?: () => Date;
}

const MAX_MESSAGE = 4096;

export const isoNow = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function terminatedMessage(c: ContainerStatus): string {
  if (c.message) return c.message;
  const file = c.annotations[ANN_TERMINATION_MESSAGE_HOST_PATH];
  let msg = '';
  if (file) {
    try {
      msg = readFileSync(file).subarray(0, MAX_MESSAGE).toString();
    } catch {
      /* no message */
    }
  }
  if (!msg && c.exitCode !== 0 && c.annotations[ANN_TERMINATION_MESSAGE_POLICY] === 'FallbackToLogsOnError' && c.logPath) {
    try {
      const lines = readFileSync(c.logPath, 'utf8').split('\n').slice(-81).join('\n');
      msg = lines.slice(-2048);
    } catch {
      /* no log */
    }
  }
  return msg;
}

function terminatedState(c: ContainerStatus, runtimeName: string): NonNullable<NonNullable<V1ContainerStatus['state']>['terminated']> {
  const t: NonNullable<NonNullable<V1ContainerStatus['state']>['terminated']> = {
    exitCode: c.exitCode,
    reason: c.reason || (c.exitCode === 0 ? 'Completed' : 'Error'),
    startedAt: c.startedAt ? nsToIso(c.startedAt) : undefined,
    finishedAt: c.finishedAt ? nsToIso(c.finishedAt) : undefined,
    containerID: `${runtimeName}://${c.id}`,
  };
  const message = terminatedMessage(c);
  if (message) t.message = message;
  return t;
}

function containerStatusFor(pod: Pod, spec: V1Container, kind: 'init' | 'app', rt: RuntimePodStatus, inp: StatusInputs, defaultWaiting: string): V1ContainerStatus {
  const uid = pod.metadata?.uid ?? '';
  const [latest, previous] = instancesOf(rt, spec.name, kind);
  const st: V1ContainerStatus = {
    name: spec.name,
    image: spec.image ?? '',
    imageID: latest?.imageRef ?? '',
    ready: false,
    restartCount: latest ? restartCountOf(latest) : 0,
    started: false,
    state: {},
  };
  if (latest) st.containerID = `${inp.runtimeName}://${latest.id}`;
  if (previous && previous.state === 'CONTAINER_EXITED') st.lastState = { terminated: terminatedState(previous, inp.runtimeName) };
  else st.lastState = {};
  const reason = inp.reasons.get(uid, kind, spec.name);
  if (!latest) {
    st.state = { waiting: reason ? { ...reason } : { reason: defaultWaiting } };
  } else if (latest.state === 'CONTAINER_RUNNING') {
    st.state = { running: { startedAt: nsToIso(latest.startedAt || latest.createdAt) } };
    const startup = spec.startupProbe ? inp.prober?.startup(latest.id) === 'success' : true;
    st.started = startup;
    const readiness = spec.readinessProbe ? inp.prober?.readiness(latest.id) === 'success' : true;
    st.ready = startup && readiness;
  } else if (latest.state === 'CONTAINER_EXITED' || latest.state === 'CONTAINER_UNKNOWN') {
    const term = terminatedState(latest, inp.runtimeName);
    // Sidecars always start again; other init containers only after failing.
    const restarting = !inp.podIsTerminal && (kind === 'init' && isSidecar(spec) ? true : shouldRestart(pod, latest) && !(kind === 'init' && latest.exitCode === 0));
    if (restarting && reason) {
      st.state = { waiting: { ...reason } };
      st.lastState = { terminated: term };
    } else st.state = { terminated: term };
  } else {
    st.state = { waiting: reason ? { ...reason } : { reason: 'ContainerCreating' } };
  }
  return st;
}

function condition(type: string, ok: boolean, reason?: string, message?: string): V1PodCondition {
  const c: V1PodCondition = { type, status: ok ? 'True' : 'False' };
  if (!ok && reason) c.reason = reason;
  if (!ok && message) c.message = message;
  return c;
}

export function generatePodStatus(pod: Pod, rt: RuntimePodStatus, inp: StatusInputs): V1PodStatus {
  const now = isoNow((inp.now ?? (() => new Date()))());
  const spec = pod.spec ?? { containers: [] };
  const inits = spec.initContainers ?? [];
  const initStatuses = inits.map((c) => containerStatusFor(pod, c, 'init', rt, inp, 'PodInitializing'));
  // A sidecar has done its part of initialization once it has started.
  const initComplete = (st: V1ContainerStatus, i: number): boolean => (isSidecar(inits[i]!) ? !!st.started : st.state?.terminated?.exitCode === 0);
  const initDone = initStatuses.every(initComplete);
  const appStatuses = (spec.containers ?? []).map((c) => containerStatusFor(pod, c, 'app', rt, inp, initDone ? 'ContainerCreating' : 'PodInitializing'));
  const old = pod.status ?? {};
  let phase = podPhase(pod, initStatuses, appStatuses, inp.podIsTerminal ?? false);
  if (old.phase === 'Succeeded' || old.phase === 'Failed') phase = old.phase;
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const podIPs = sandboxIPs(rt);
  const sandboxReady = rt.sandboxes.some((s) => s.state === 'SANDBOX_READY');
  const incompleteInit = initStatuses.filter((st, i) => !initComplete(st, i)).map((st) => st.name);
  // Sidecars count for readiness like app containers.
  const unready = [...initStatuses.filter((st, i) => isSidecar(inits[i]!)), ...appStatuses].filter((st) => !st.ready).map((st) => st.name);
  const conds: V1PodCondition[] = [
    condition('PodReadyToStartContainers', sandboxReady && !terminal),
    incompleteInit.length && !(terminal && phase === 'Succeeded')
      ? condition('Initialized', false, 'ContainersNotInitialized', `containers with incomplete status: [${incompleteInit.join(' ')}]`)
      : condition('Initialized', true),
    terminal
      ? condition('Ready', false, 'PodCompleted')
      : unready.length
        ? condition('Ready', false, 'ContainersNotReady', `containers with unready status: [${unready.join(' ')}]`)
        : condition('Ready', true),
    terminal
      ? condition('ContainersReady', false, 'PodCompleted')
      : unready.length
        ? condition('ContainersReady', false, 'ContainersNotReady', `containers with unready status: [${unready.join(' ')}]`)
        : condition('ContainersReady', true),
    condition('PodScheduled', true),
  ];
  for (const c of conds) {
    const prev = (old.conditions ?? []).find((x) => x.type === c.type);
    c.lastProbeTime = null as unknown as string;
    c.lastTransitionTime = prev && prev.status === c.status ? prev.lastTransitionTime : now;
  }
  const status: V1PodStatus = {
    phase,
    conditions: conds,
    hostIP: inp.hostIPs[0],
    hostIPs: inp.hostIPs.map((ip) => ({ ip })),
    startTime: old.startTime ?? now,
    containerStatuses: appStatuses,
    qosClass: qosClass(pod),
  };
  if (inits.length) status.initContainerStatuses = initStatuses;
  const ips = podIPs.length ? podIPs : spec.hostNetwork ? inp.hostIPs : (old.podIPs ?? []).map((x) => x.ip);
  if (ips.length) {
    status.podIP = ips[0];
    status.podIPs = ips.map((ip) => ({ ip }));
  }
  return status;
}
