import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../types.js';
import { podPrinter } from './pod.js';
import { ago, headers, M, NOW, S } from './testutil.js';

function pod(spec: Record<string, unknown>, status: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-0', namespace: 'default', creationTimestamp: ago(5 * M), ...meta },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
    status,
  };
}

const running = { running: { startedAt: ago(4 * M) } };
const cells = (p: KubeObject): unknown[] => podPrinter.cells(p, NOW);
/** READY, STATUS, RESTARTS. */
const summary = (p: KubeObject): unknown[] => cells(p).slice(1, 4);

test('pod columns: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED NODE READINESS GATES', () => {
  assert.deepEqual(headers(podPrinter.columns), {
    normal: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    wide: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
  });
  assert.equal(podPrinter.columns[0].format, 'name');
  assert.ok(podPrinter.columns[0].description.startsWith('Name must be unique within a namespace'));
  assert.equal(podPrinter.columns[3].type, 'string');
});

test('running pod with 1/2 ready containers', () => {
  const p = pod(
    { containers: [{ name: 'app', image: 'nginx' }, { name: 'sidecar', image: 'envoy' }], nodeName: 'node-1' },
    {
      phase: 'Running',
      podIP: '10.42.0.5',
      podIPs: [{ ip: '10.42.0.5' }],
      conditions: [{ type: 'Ready', status: 'False' }],
      containerStatuses: [
        { name: 'app', ready: true, restartCount: 0, state: running },
        { name: 'sidecar', ready: false, restartCount: 0, state: running },
      ],
    },
  );
  assert.deepEqual(cells(p), ['web-0', '1/2', 'Running', '0', '5m', '10.42.0.5', 'node-1', '<none>', '<none>']);
  assert.equal(podPrinter.rowConditions?.(p), undefined);
});

test('CrashLoopBackOff with restarts "N (Xm ago)"', () => {
  const p = pod({}, {
    phase: 'Running',
    containerStatuses: [{
      name: 'app', ready: false, restartCount: 4,
      state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s restarting failed container' } },
      lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(3 * M + 10 * S) } },
    }],
  });
  assert.deepEqual(summary(p), ['0/1', 'CrashLoopBackOff', '4 (3m10s ago)']);
  // Restarts without a recorded last termination print the bare count.
  const q = pod({}, { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 2, state: running }] });
  assert.deepEqual(summary(q), ['1/1', 'Running', '2']);
});

test('pending pods: no statuses, then ContainerCreating', () => {
  assert.deepEqual(summary(pod({}, { phase: 'Pending' })), ['0/1', 'Pending', '0']);
  assert.deepEqual(summary(pod({}, {})), ['0/1', '', '0']);
  const creating = pod({ nodeName: 'n1' }, {
    phase: 'Pending',
    containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }],
  });
  assert.deepEqual(summary(creating), ['0/1', 'ContainerCreating', '0']);
  const gated = pod({}, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] });
  assert.deepEqual(summary(gated), ['0/1', 'SchedulingGated', '0']);
});

test('terminating pod and node-lost pod', () => {
  const status = { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }] };
  assert.deepEqual(summary(pod({}, status, { deletionTimestamp: ago(10 * S) })), ['1/1', 'Terminating', '0']);
  assert.deepEqual(summary(pod({}, { ...status, reason: 'NodeLost' }, { deletionTimestamp: ago(10 * S) })), ['1/1', 'Unknown', '0']);
  // A finished pod being deleted keeps its final status.
  const done = { phase: 'Succeeded', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] };
  assert.deepEqual(summary(pod({}, done, { deletionTimestamp: ago(10 * S) })), ['0/1', 'Completed', '0']);
});

test('terminated containers: Completed, Error, OOMKilled, ExitCode, Signal', () => {
  const term = (t: Record<string, unknown>, phase = 'Failed'): KubeObject =>
    pod({}, { phase, containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: t } }] });
  const completed = term({ exitCode: 0, reason: 'Completed' }, 'Succeeded');
  assert.deepEqual(summary(completed), ['0/1', 'Completed', '0']);
  assert.deepEqual(podPrinter.rowConditions?.(completed), [
    { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
  ]);
  const error = term({ exitCode: 1, reason: 'Error' });
  assert.deepEqual(summary(error), ['0/1', 'Error', '0']);
  assert.deepEqual(podPrinter.rowConditions?.(error), [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }]);
  assert.deepEqual(summary(term({ exitCode: 137, reason: 'OOMKilled' })), ['0/1', 'OOMKilled', '0']);
  assert.deepEqual(summary(term({ exitCode: 137 })), ['0/1', 'ExitCode:137', '0']);
  assert.deepEqual(summary(term({ exitCode: 0, signal: 9 })), ['0/1', 'Signal:9', '0']);
});

test('Completed with a container still running shows Running or NotReady', () => {
  const status = (ready: boolean): Record<string, unknown> => ({
    phase: 'Running',
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    containerStatuses: [
      { name: 'app', ready: true, restartCount: 0, state: running },
      { name: 'job', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
    ],
  });
  const spec = { containers: [{ name: 'app' }, { name: 'job' }] };
  assert.deepEqual(summary(pod(spec, status(true))), ['1/2', 'Running', '0']);
  assert.deepEqual(summary(pod(spec, status(false))), ['1/2', 'NotReady', '0']);
});

test('init containers: Init:0/1, Init:Error, Init:CrashLoopBackOff, and done', () => {
  const spec = { initContainers: [{ name: 'init', image: 'busybox' }] };
  const init = (state: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject =>
    pod(spec, { phase: 'Pending', initContainerStatuses: [{ name: 'init', ready: false, restartCount: 0, state, ...extra }],
      containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }] });
  assert.deepEqual(summary(init(running)), ['0/1', 'Init:0/1', '0']);
  assert.deepEqual(summary(init({ waiting: { reason: 'PodInitializing' } })), ['0/1', 'Init:0/1', '0']);
  assert.deepEqual(summary(init({ terminated: { exitCode: 1, reason: 'Error' } })), ['0/1', 'Init:Error', '0']);
  assert.deepEqual(summary(init({ terminated: { exitCode: 2 } })), ['0/1', 'Init:ExitCode:2', '0']);
  assert.deepEqual(summary(init({ terminated: { exitCode: 143, signal: 15 } })), ['0/1', 'Init:Signal:15', '0']);
  const crash = init({ waiting: { reason: 'CrashLoopBackOff' } }, { restartCount: 3, lastState: { terminated: { exitCode: 1, finishedAt: ago(30 * S) } } });
  assert.deepEqual(summary(crash), ['0/1', 'Init:CrashLoopBackOff', '3 (30s ago)']);
  // Once init is done the main containers decide, and init restarts no longer count.
  const done = pod(spec, {
    phase: 'Running',
    conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }],
    initContainerStatuses: [{ name: 'init', ready: false, restartCount: 1, state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
    containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }],
  });
  assert.deepEqual(summary(done), ['1/1', 'Running', '0']);
});

test('restartable (sidecar) init containers count toward READY', () => {
  const p = pod({ initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] }, {
    phase: 'Running',
    conditions: [{ type: 'Initialized', status: 'True' }],
    initContainerStatuses: [{
      name: 'proxy', ready: true, started: true, restartCount: 2, state: running,
      lastState: { terminated: { exitCode: 1, finishedAt: ago(2 * M) } },
    }],
    containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }],
  });
  assert.deepEqual(summary(p), ['2/2', 'Running', '2 (2m ago)']);
});

test('wide cells: pod IP from podIPs or podIP, nominated node, readiness gates', () => {
  const p = pod({ readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }] }, {
    phase: 'Pending',
    podIP: '10.0.0.9',
    nominatedNodeName: 'node-2',
    conditions: [{ type: 'example.com/lb', status: 'True' }, { type: 'example.com/dns', status: 'False' }],
  });
  assert.deepEqual(cells(p).slice(5), ['10.0.0.9', '<none>', 'node-2', '1/2']);
});
