// Pod table: NAME READY STATUS RESTARTS AGE (+ IP NODE NOMINATED NODE
// READINESS GATES), with upstream's status-reason logic (printPod).
import type { KubeObject } from '../types.js';
import { docs } from './descriptions.js';
import type { RowConditionsPrinter, TableRowCondition } from './row.js';
import { age, ageColumn, arr, col, humanDuration, nameColumn, nameOf, num, parseTime, rec, str, type Json } from './util.js';

/** Reason a pod gets when its node is unreachable (node.NodeUnreachablePodReason). */
const NODE_UNREACHABLE_REASON = 'NodeLost';

function isRestartableInit(c: Json | undefined): boolean {
  return c !== undefined && c.restartPolicy === 'Always';
}

function hasCondition(status: Json, type: string): boolean {
  return arr(status.conditions).some((c) => rec(c).type === type && rec(c).status === 'True');
}

/** finishedAt (ms) of a container's last termination, if any. */
function lastTerminated(cs: Json): number | undefined {
  const t = rec(cs.lastState).terminated;
  if (t === undefined || t === null) return undefined;
  return parseTime(rec(t).finishedAt);
}

function later(a: number | undefined, b: number | undefined): number | undefined {
  if (b === undefined) return a;
  if (a === undefined) return b;
  return b > a ? b : a;
}

interface PodSummary {
  ready: string;
  reason: string;
  restarts: string;
}

/** READY, STATUS and RESTARTS of a pod, exactly as upstream computes them. */
export function summarizePod(pod: KubeObject, now: Date): PodSummary {
  const spec = rec(pod.spec);
  const status = rec(pod.status);
  const containers = arr(spec.containers);
  const initSpecs = arr(spec.initContainers).map(rec);
  let restarts = 0;
  let restartableInitRestarts = 0;
  let total = containers.length;
  let ready = 0;
  let lastRestart: number | undefined;
  let lastRestartableInitRestart: number | undefined;

  const phase = str(status.phase);
  let reason = str(status.reason) !== '' ? str(status.reason) : phase;
  for (const c of arr(status.conditions).map(rec)) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initByName = new Map<string, Json>();
  for (const c of initSpecs) {
    initByName.set(str(c.name), c);
    if (isRestartableInit(c)) total++;
  }

  let initializing = false;
  const initStatuses = arr(status.initContainerStatuses).map(rec);
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    const count = num(cs.restartCount);
    restarts += count;
    lastRestart = later(lastRestart, lastTerminated(cs));
    const restartable = isRestartableInit(initByName.get(str(cs.name)));
    if (restartable) {
      restartableInitRestarts += count;
      lastRestartableInitRestart = later(lastRestartableInitRestart, lastTerminated(cs));
    }
    const state = rec(cs.state);
    const terminated = state.terminated !== undefined && state.terminated !== null ? rec(state.terminated) : undefined;
    const waiting = state.waiting !== undefined && state.waiting !== null ? rec(state.waiting) : undefined;
    if (terminated && num(terminated.exitCode) === 0) continue;
    if (restartable && cs.started === true) {
      if (cs.ready === true) ready++;
      continue;
    }
    if (terminated) {
      if (str(terminated.reason) === '') {
        reason = num(terminated.signal) !== 0 ? `Init:Signal:${num(terminated.signal)}` : `Init:ExitCode:${num(terminated.exitCode)}`;
      } else {
        reason = `Init:${str(terminated.reason)}`;
      }
    } else if (waiting && str(waiting.reason) !== '' && waiting.reason !== 'PodInitializing') {
      reason = `Init:${str(waiting.reason)}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || hasCondition(status, 'Initialized')) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = arr(status.containerStatuses).map(rec);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      restarts += num(cs.restartCount);
      lastRestart = later(lastRestart, lastTerminated(cs));
      const state = rec(cs.state);
      const terminated = state.terminated !== undefined && state.terminated !== null ? rec(state.terminated) : undefined;
      const waiting = state.waiting !== undefined && state.waiting !== null ? rec(state.waiting) : undefined;
      if (waiting && str(waiting.reason) !== '') {
        reason = str(waiting.reason);
      } else if (terminated && str(terminated.reason) !== '') {
        reason = str(terminated.reason);
      } else if (terminated) {
        reason = num(terminated.signal) !== 0 ? `Signal:${num(terminated.signal)}` : `ExitCode:${num(terminated.exitCode)}`;
      } else if (cs.ready === true && state.running !== undefined && state.running !== null) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = hasCondition(status, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  const deleting = pod.metadata?.deletionTimestamp !== undefined && pod.metadata?.deletionTimestamp !== null;
  if (deleting && status.reason === NODE_UNREACHABLE_REASON) {
    reason = 'Unknown';
  } else if (deleting && phase !== 'Failed' && phase !== 'Succeeded') {
    reason = 'Terminating';
  }

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestart !== undefined) {
    restartsStr = `${restarts} (${humanDuration(now.getTime() - lastRestart)} ago)`;
  }
  return { ready: `${ready}/${total}`, reason, restarts: restartsStr };
}

function readinessGates(spec: Json, status: Json): string {
  const gates = arr(spec.readinessGates).map(rec);
  if (gates.length === 0) return '<none>';
  const conditions = arr(status.conditions).map(rec);
  let trueConditions = 0;
  for (const g of gates) {
    const c = conditions.find((x) => x.type === g.conditionType);
    if (c && c.status === 'True') trueConditions++;
  }
  return `${trueConditions}/${gates.length}`;
}

function podIP(status: Json): string {
  const ips = arr(status.podIPs).map(rec);
  const ip = ips.length > 0 ? str(ips[0].ip) : str(status.podIP);
  return ip === '' ? '<none>' : ip;
}

const succeeded: TableRowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
const failed: TableRowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];

export const podPrinter: RowConditionsPrinter = {
  columns: [
    nameColumn(),
    col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'string', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    ageColumn(),
    col('IP', 'string', docs['PodStatus.podIP'], 1),
    col('Node', 'string', docs['PodSpec.nodeName'], 1),
    col('Nominated Node', 'string', docs['PodStatus.nominatedNodeName'], 1),
    col('Readiness Gates', 'string', docs['PodSpec.readinessGates'], 1),
  ],
  cells(pod, now) {
    const spec = rec(pod.spec);
    const status = rec(pod.status);
    const s = summarizePod(pod, now);
    const node = str(spec.nodeName);
    const nominated = str(status.nominatedNodeName);
    return [
      nameOf(pod), s.ready, s.reason, s.restarts, age(pod, now),
      podIP(status), node === '' ? '<none>' : node, nominated === '' ? '<none>' : nominated, readinessGates(spec, status),
    ];
  },
  rowConditions(pod) {
    const phase = rec(pod.status).phase;
    if (phase === 'Succeeded') return succeeded;
    if (phase === 'Failed') return failed;
    return undefined;
  },
};
