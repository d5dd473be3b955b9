import { test } from 'node:test';
import assert from 'node:assert/strict';
import { podPhase } from './phase.js';
import type { Pod, V1ContainerStatus } from './types.js';

const pod = (restartPolicy: string, inits: string[] = []): Pod => ({
  spec: { restartPolicy, containers: [{ name: 'a' }, { name: 'b' }], initContainers: inits.map((name) => ({ name })) },
});
const running = (name: string): V1ContainerStatus => ({ name, image: '', imageID: '', ready: true, restartCount: 0, state: { running: {} } });
const exited = (name: string, exitCode: number): V1ContainerStatus => ({ name, image: '', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode } } });
const waiting = (name: string, lastExit?: number): V1ContainerStatus => ({
  name, image: '', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'X' } },
  ...(lastExit !== undefined ? { lastState: { terminated: { exitCode: lastExit } } } : {}),
});

test('phase rules', () => {
  assert.equal(podPhase(pod('Always'), [], [waiting('a'), running('b')], false), 'Pending');
  assert.equal(podPhase(pod('Always'), [], [running('a'), running('b')], false), 'Running');
  assert.equal(podPhase(pod('Always'), [], [exited('a', 0), exited('b', 0)], false), 'Running');
  assert.equal(podPhase(pod('OnFailure'), [], [exited('a', 0), exited('b', 0)], false), 'Succeeded');
  assert.equal(podPhase(pod('OnFailure'), [], [exited('a', 1), exited('b', 0)], false), 'Running');
  assert.equal(podPhase(pod('Never'), [], [exited('a', 1), exited('b', 0)], false), 'Failed');
  assert.equal(podPhase(pod('Never'), [], [running('a'), exited('b', 1)], false), 'Running');
  assert.equal(podPhase(pod('Always'), [], [waiting('a', 1), running('b')], false), 'Running');
  assert.equal(podPhase(pod('Always'), [], [exited('a', 0), exited('b', 137)], true), 'Failed');
  assert.equal(podPhase(pod('Always'), [], [exited('a', 0), exited('b', 0)], true), 'Succeeded');
  assert.equal(podPhase(pod('Always'), [], [running('a')], false), 'Pending');
});

test('init container rules', () => {
  assert.equal(podPhase(pod('Always', ['i']), [running('i')], [waiting('a'), waiting('b')], false), 'Pending');
  assert.equal(podPhase(pod('Never', ['i']), [exited('i', 1)], [waiting('a'), waiting('b')], false), 'Failed');
  assert.equal(podPhase(pod('OnFailure', ['i']), [waiting('i', 1)], [waiting('a'), waiting('b')], false), 'Pending');
  assert.equal(podPhase(pod('Always', ['i']), [exited('i', 0)], [running('a'), running('b')], false), 'Running');
});

test('sidecars: pending until started, not counted for completion', () => {
  const p: Pod = { spec: { restartPolicy: 'Never', containers: [{ name: 'a' }, { name: 'b' }], initContainers: [{ name: 's', restartPolicy: 'Always' }] } };
  const started = (name: string): V1ContainerStatus => ({ ...running(name), started: true });
  assert.equal(podPhase(p, [{ ...running('s'), started: false }], [waiting('a'), waiting('b')], false), 'Pending');
  assert.equal(podPhase(p, [started('s')], [running('a'), running('b')], false), 'Running');
  // Apps done while the sidecar still runs: the pod has succeeded (or failed) already.
  assert.equal(podPhase(p, [started('s')], [exited('a', 0), exited('b', 0)], false), 'Succeeded');
  assert.equal(podPhase(p, [started('s')], [exited('a', 0), exited('b', 2)], false), 'Failed');
  // A sidecar restarting after the apps started does not make the pod pending.
  assert.equal(podPhase(p, [waiting('s', 1)], [running('a'), running('b')], false), 'Running');
});
