import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerStatus, PodSandboxStatus } from '../cri/types.js';
import { computePodActions } from './compute-actions.js';
import { hashContainer } from './hash.js';
import type { RuntimePodStatus } from './runtime-state.js';
import type { Pod, V1Container } from './types.js';

const a: V1Container = { name: 'a', image: 'x' };
const b: V1Container = { name: 'b', image: 'x' };
const init: V1Container = { name: 'i', image: 'x' };
const pod = (restartPolicy = 'Always', inits: V1Container[] = []): Pod => ({ metadata: { uid: 'u' }, spec: { restartPolicy, containers: [a, b], initContainers: inits } });
const sandbox = (ready = true, attempt = 0): PodSandboxStatus => ({ id: `sb${attempt}`, metadata: { name: 'p', uid: 'u', namespace: 'n', attempt }, state: ready ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY', createdAt: attempt, labels: {}, annotations: {} });
let t = 0;
const ctr = (spec: V1Container, state: ContainerStatus['state'], exitCode = 0, kind = 'app', hash = hashContainer(spec)): ContainerStatus => ({
  id: `${spec.name}-${++t}`, podSandboxId: 'sb0', metadata: { name: spec.name, attempt: 0 }, image: { image: 'x' }, imageRef: 'x', state, createdAt: t,
  labels: { 'io.kubernetes.container.name': spec.name }, annotations: { 'io.kubernetes.container.hash': hash, 'skiff.io/container-type': kind },
  startedAt: 1, finishedAt: 2, exitCode, reason: '', message: '', mounts: [], logPath: '',
});
const rt = (sandboxes: PodSandboxStatus[], containers: ContainerStatus[]): RuntimePodStatus => ({ uid: 'u', sandboxes, containers: [...containers].sort((x, y) => y.createdAt - x.createdAt) });

test('no sandbox: create it and start everything (or the first init container)', () => {
  const x = computePodActions(pod(), rt([], []));
  assert.deepEqual([x.createSandbox, x.containersToStart], [true, [0, 1]]);
  const y = computePodActions(pod('Always', [init]), rt([], []));
  assert.deepEqual([y.createSandbox, y.nextInit, y.containersToStart], [true, 0, []]);
});

test('init containers run in order and gate app containers', () => {
  const i2: V1Container = { name: 'j', image: 'x' };
  const p = pod('Always', [init, i2]);
  assert.equal(computePodActions(p, rt([sandbox()], [ctr(init, 'CONTAINER_RUNNING', 0, 'init')])).nextInit, undefined);
  assert.equal(computePodActions(p, rt([sandbox()], [ctr(init, 'CONTAINER_EXITED', 0, 'init')])).nextInit, 1);
  const failed = computePodActions(p, rt([sandbox()], [ctr(init, 'CONTAINER_EXITED', 1, 'init')]));
  assert.deepEqual([failed.nextInit, failed.initFailed], [0, false]);
  const never = computePodActions(pod('Never', [init]), rt([sandbox()], [ctr(init, 'CONTAINER_EXITED', 1, 'init')]));
  assert.deepEqual([never.initFailed, never.killPod], [true, true]);
  const done = computePodActions(p, rt([sandbox()], [ctr(init, 'CONTAINER_EXITED', 0, 'init'), ctr(i2, 'CONTAINER_EXITED', 0, 'init')]));
  assert.deepEqual([done.initDone, done.containersToStart], [true, [0, 1]]);
});

test('restart policies and spec changes', () => {
  const exitedA = (code: number) => ctr(a, 'CONTAINER_EXITED', code);
  assert.deepEqual(computePodActions(pod('Always'), rt([sandbox()], [exitedA(0), ctr(b, 'CONTAINER_RUNNING')])).containersToStart, [0]);
  assert.deepEqual(computePodActions(pod('OnFailure'), rt([sandbox()], [exitedA(0), ctr(b, 'CONTAINER_RUNNING')])).containersToStart, []);
  assert.deepEqual(computePodActions(pod('OnFailure'), rt([sandbox()], [exitedA(1), ctr(b, 'CONTAINER_RUNNING')])).containersToStart, [0]);
  assert.deepEqual(computePodActions(pod('Never'), rt([sandbox()], [exitedA(1), ctr(b, 'CONTAINER_RUNNING')])).containersToStart, []);
  const allDone = computePodActions(pod('Never'), rt([sandbox()], [exitedA(0), ctr(b, 'CONTAINER_EXITED', 0)]));
  assert.equal(allDone.killPod, true);
  const changed = computePodActions(pod(), rt([sandbox()], [ctr(a, 'CONTAINER_RUNNING', 0, 'app', 'old'), ctr(b, 'CONTAINER_RUNNING')]));
  assert.deepEqual(changed.containersToKill.map((k) => k.message), ['Container a definition changed, will be restarted']);
  assert.deepEqual(changed.containersToStart, [0]);
  const sick = ctr(a, 'CONTAINER_RUNNING');
  const live = computePodActions(pod(), rt([sandbox()], [sick, ctr(b, 'CONTAINER_RUNNING')]), { liveness: (id) => (id === sick.id ? 'failure' : 'success') });
  assert.deepEqual(live.containersToKill.map((k) => k.message), ['Container a failed liveness probe, will be restarted']);
});

test('a dead sandbox is recreated, except for a Never pod that already ran', () => {
  const x = computePodActions(pod(), rt([sandbox(false)], [ctr(a, 'CONTAINER_EXITED', 0)]));
  assert.deepEqual([x.killPod, x.createSandbox, x.attempt], [true, true, 1]);
  const y = computePodActions(pod('Never'), rt([sandbox(false)], [ctr(a, 'CONTAINER_EXITED', 1)]));
  assert.deepEqual([y.killPod, y.createSandbox], [true, false]);
});

test('sidecars: started in order without waiting for them to exit, restarted in place, stopped with the pod', () => {
  const side: V1Container = { name: 's', image: 'x', restartPolicy: 'Always' };
  const after: V1Container = { name: 'j', image: 'x' };
  const p = pod('Never', [side, after]);
  // The sidecar starts first; while it is being created, nothing else starts.
  assert.equal(computePodActions(p, rt([sandbox()], [])).nextInit, 0);
  assert.equal(computePodActions(p, rt([sandbox()], [ctr(side, 'CONTAINER_CREATED', 0, 'init')])).nextInit, undefined);
  // Running is enough to go on to the next init container.
  const running = ctr(side, 'CONTAINER_RUNNING', 0, 'init');
  assert.equal(computePodActions(p, rt([sandbox()], [running])).nextInit, 1);
  // With a startup probe, only once it succeeded.
  const probed = pod('Never', [{ ...side, startupProbe: { exec: { command: ['true'] } } }, after]);
  assert.equal(computePodActions(probed, rt([sandbox()], [running]), { startup: () => 'unknown' }).nextInit, undefined);
  assert.equal(computePodActions(probed, rt([sandbox()], [running]), { startup: () => 'success' }).nextInit, 1);
  // Initialized: app containers start while the sidecar runs.
  const done = computePodActions(p, rt([sandbox()], [running, ctr(after, 'CONTAINER_EXITED', 0, 'init')]));
  assert.deepEqual([done.initDone, done.containersToStart, done.initToStart], [true, [0, 1], []]);
  // A sidecar that exits is started again even in a Never pod, beside the running apps.
  const crashed = computePodActions(p, rt([sandbox()], [ctr(side, 'CONTAINER_EXITED', 1, 'init'), ctr(after, 'CONTAINER_EXITED', 0, 'init'), ctr(a, 'CONTAINER_RUNNING'), ctr(b, 'CONTAINER_RUNNING')]));
  assert.deepEqual([crashed.initDone, crashed.initToStart, crashed.killPod], [true, [0], false]);
  // Apps finished: the pod is done and its sidecar is stopped, not restarted.
  const finished = computePodActions(p, rt([sandbox()], [running, ctr(after, 'CONTAINER_EXITED', 0, 'init'), ctr(a, 'CONTAINER_EXITED', 0), ctr(b, 'CONTAINER_EXITED', 0)]));
  assert.deepEqual([finished.killPod, finished.initToStart], [true, []]);
});

test('a sidecar failing its liveness probe is killed and started again', () => {
  const side: V1Container = { name: 's', image: 'x', restartPolicy: 'Always', livenessProbe: { exec: { command: ['true'] } } };
  const running = ctr(side, 'CONTAINER_RUNNING', 0, 'init');
  const x = computePodActions(pod('Always', [side]), rt([sandbox()], [running, ctr(a, 'CONTAINER_RUNNING'), ctr(b, 'CONTAINER_RUNNING')]), { liveness: (id) => (id === running.id ? 'failure' : 'success') });
  assert.deepEqual(x.containersToKill.map((k) => [k.kind, k.message]), [['init', 'Init container s failed liveness probe, will be restarted']]);
  assert.deepEqual(x.initToStart, [0]);
});
