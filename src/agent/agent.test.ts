import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENTS, LEASES, NODES, type Pod } from './types.js';
import { makePod, NODE, sleeper, startHarness, waitFor } from './testing/harness.js';

const cond = (p: Pod, type: string) => p.status?.conditions?.find((c) => c.type === type)?.status;

test('registers the node and its lease', async () => {
  const h = await startHarness();
  try {
    const node = await h.client.get(NODES, '', NODE) as Record<string, any>;
    assert.equal(node.spec.podCIDR, '10.244.0.0/24');
    assert.equal(node.status.capacity.cpu, '2');
    assert.equal(node.status.capacity.pods, '110');
    assert.equal(node.status.conditions.find((c: any) => c.type === 'Ready').reason, 'KubeletReady');
    assert.equal(node.status.nodeInfo.containerRuntimeVersion, 'fake://0.0.1');
    assert.deepEqual(node.status.addresses[0], { type: 'InternalIP', address: '10.0.0.5' });
    const lease = await h.client.get(LEASES, 'kube-node-lease', NODE) as Record<string, any>;
    assert.equal(lease.spec.holderIdentity, NODE);
    assert.match(lease.spec.renewTime, /\.\d{6}Z$/);
  } finally {
    await h.close();
  }
});

test('a pod with an init container and two containers goes Pending → Running', async () => {
  const h = await startHarness();
  try {
    await h.createPod(makePod('web', {
      initContainers: [{ name: 'init', image: 'busybox:1', command: ['sh', '-c', 'sleep 0.2; exit 0'] }],
      containers: [sleeper('a'), sleeper('b')],
    }));
    const pending = await waitFor(async () => { const p = await h.getPod('web'); return p.status?.phase === 'Pending' && p; }, 'Pending');
    assert.equal(cond(pending, 'Initialized'), 'False');
    assert.equal(pending.status!.containerStatuses![0].state!.waiting!.reason, 'PodInitializing');
    const p = await waitFor(async () => { const p = await h.getPod('web'); return p.status?.phase === 'Running' && cond(p, 'Ready') === 'True' && p; }, 'Running');
    assert.equal(cond(p, 'Initialized'), 'True');
    assert.equal(cond(p, 'ContainersReady'), 'True');
    assert.equal(cond(p, 'PodScheduled'), 'True');
    assert.equal(cond(p, 'PodReadyToStartContainers'), 'True');
    assert.equal(p.status!.initContainerStatuses![0].state!.terminated!.reason, 'Completed');
    assert.equal(p.status!.initContainerStatuses![0].state!.terminated!.exitCode, 0);
    for (const cs of p.status!.containerStatuses!) {
      assert.ok(cs.state!.running!.startedAt);
      assert.equal(cs.ready, true);
      assert.equal(cs.started, true);
      assert.match(cs.containerID!, /^fake:\/\/[0-9a-f]+$/);
      assert.equal(cs.image, 'busybox:1');
    }
    assert.equal(p.status!.hostIP, '10.0.0.5');
    assert.equal(p.status!.qosClass, 'BestEffort');
    await h.agent.idle();
    const reasons = (h.client.objects(EVENTS) as Array<Record<string, any>>).map((e) => e.reason);
    for (const r of ['Pulled', 'Created', 'Started']) assert.ok(reasons.includes(r), r);
  } finally {
    await h.close();
  }
});

test('a failing container with restartPolicy Always ends in CrashLoopBackOff with growing back-off', async () => {
  const h = await startHarness();
  try {
    await h.createPod(makePod('crash', { containers: [{ name: 'c', image: 'busybox:1', command: ['sh', '-c', 'exit 2'] }] }));
    const messages = new Set<string>();
    const p = await waitFor(async () => {
      const p = await h.getPod('crash');
      const w = p.status?.containerStatuses?.[0]?.state?.waiting;
      if (w?.reason === 'CrashLoopBackOff') messages.add(w.message!);
      return (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 3 && w?.reason === 'CrashLoopBackOff' && p;
    }, 'restarts', 8000);
    const cs = p.status!.containerStatuses![0];
    assert.equal(cs.lastState!.terminated!.exitCode, 2);
    assert.equal(cs.lastState!.terminated!.reason, 'Error');
    assert.equal(p.status!.phase, 'Running');
    assert.ok([...messages].every((m) => /^back-off \d+s restarting failed container=c pod=crash_default\(uid-crash-\d+\)$/.test(m)), [...messages].join('|'));
    await h.agent.idle();
    const backoffs = (h.client.objects(EVENTS) as Array<Record<string, any>>).filter((e) => e.reason === 'BackOff');
    assert.ok(backoffs.length >= 1);
    assert.match(backoffs[0].message, /^Back-off restarting failed container c in pod crash_default/);
  } finally {
    await h.close();
  }
});

test('restartPolicy OnFailure: success completes the pod; Never: failure fails it', async () => {
  const h = await startHarness();
  try {
    await h.createPod(makePod('ok', { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox:1', command: ['sh', '-c', 'exit 0'] }] }));
    await h.createPod(makePod('bad', { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1', command: ['sh', '-c', 'exit 3'] }] }));
    const ok = await waitFor(async () => { const p = await h.getPod('ok'); return p.status?.phase === 'Succeeded' && p; }, 'Succeeded');
    assert.equal(ok.status!.containerStatuses![0].state!.terminated!.reason, 'Completed');
    assert.equal(ok.status!.containerStatuses![0].restartCount, 0);
    assert.equal(ok.status!.conditions!.find((c) => c.type === 'Ready')!.reason, 'PodCompleted');
    const bad = await waitFor(async () => { const p = await h.getPod('bad'); return p.status?.phase === 'Failed' && p; }, 'Failed');
    assert.equal(bad.status!.containerStatuses![0].state!.terminated!.exitCode, 3);
    assert.equal(bad.status!.containerStatuses![0].restartCount, 0);
    // Terminal pods have their sandbox stopped.
    await waitFor(() => [...h.runtime.state.sandboxes.values()].every((s) => !s.ready), 'sandboxes stopped');
  } finally {
    await h.close();
  }
});

test('a missing secret key is CreateContainerConfigError with upstream message', async () => {
  const h = await startHarness();
  try {
    await h.client.create({ group: '', version: 'v1', resource: 'secrets' }, 'default', { metadata: { name: 's', namespace: 'default' }, data: { a: Buffer.from('x').toString('base64') } });
    await h.createPod(makePod('cfg', { containers: [sleeper('c', { env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 's', key: 'nope' } } }] })] }));
    const p = await waitFor(async () => { const p = await h.getPod('cfg'); return p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CreateContainerConfigError' && p; }, 'config error');
    assert.equal(p.status!.containerStatuses![0].state!.waiting!.message, "couldn't find key nope in Secret default/s");
    assert.equal(p.status!.phase, 'Pending');
  } finally {
    await h.close();
  }
});

test('graceful deletion stops containers then deletes the pod with grace 0', async () => {
  const h = await startHarness();
  try {
    const created = await h.createPod(makePod('del', { terminationGracePeriodSeconds: 1, containers: [sleeper('c')] }));
    await waitFor(async () => (await h.getPod('del')).status?.phase === 'Running', 'Running');
    const id = [...h.runtime.state.containers.values()][0].id;
    h.runtime.handleStopSignal(id, 143);
    await h.client.patch({ group: '', version: 'v1', resource: 'pods' }, 'default', 'del', 'merge', {
      metadata: { deletionTimestamp: new Date().toISOString(), deletionGracePeriodSeconds: 1 },
    });
    await waitFor(() => h.client.actions.some((a) => a.verb === 'delete' && a.resource === 'pods' && a.name === 'del'), 'API delete');
    const del = h.client.actions.find((a) => a.verb === 'delete' && a.resource === 'pods')!;
    assert.deepEqual(del.body, { gracePeriodSeconds: 0, preconditions: { uid: created.metadata!.uid } });
    assert.ok(h.runtime.state.calls.includes(`stopContainer ${id}`));
    await waitFor(() => h.runtime.state.containers.size === 0 && h.runtime.state.sandboxes.size === 0, 'runtime cleaned');
    await h.agent.idle();
    assert.ok((h.client.objects(EVENTS) as Array<Record<string, any>>).some((e) => e.reason === 'Killing' && e.message === 'Stopping container c'));
  } finally {
    await h.close();
  }
});

test('liveness failure restarts the container with Killing and Unhealthy events', async () => {
  const h = await startHarness();
  try {
    h.runtime.execHandler = (_id, cmd) => (cmd[0] === 'check' ? { stdout: Buffer.from('sick'), stderr: Buffer.alloc(0), exitCode: 1 } : undefined);
    await h.createPod(makePod('live', {
      containers: [sleeper('c', { livenessProbe: { exec: { command: ['check'] }, periodSeconds: 0.05, failureThreshold: 2 } })],
    }));
    const p = await waitFor(async () => { const p = await h.getPod('live'); return (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1 && p; }, 'restart');
    assert.equal(p.status!.containerStatuses![0].lastState!.terminated!.exitCode, 137);
    await h.agent.idle();
    const evs = h.client.objects(EVENTS) as Array<Record<string, any>>;
    assert.ok(evs.some((e) => e.reason === 'Unhealthy' && e.message === 'Liveness probe failed: sick'));
    assert.ok(evs.some((e) => e.reason === 'Killing' && e.message === 'Container c failed liveness probe, will be restarted'));
  } finally {
    await h.close();
  }
});

test('liveness kills are subject to CrashLoopBackOff (the newest exited instance decides, as kubelet doBackOff)', async () => {
  const h = await startHarness({ crashBackoff: { initialMs: 60_000, maxMs: 60_000 } });
  try {
    h.runtime.execHandler = (_id, cmd) => (cmd[0] === 'check' ? { stdout: Buffer.from('sick'), stderr: Buffer.alloc(0), exitCode: 1 } : undefined);
    await h.createPod(makePod('relive', {
      containers: [sleeper('c', { livenessProbe: { exec: { command: ['check'] }, periodSeconds: 0.05, failureThreshold: 1 } })],
    }));
    // First kill: no exited instance yet, restart at once; second: the first exit opens the window; third: back-off.
    const p = await waitFor(async () => {
      const p = await h.getPod('relive');
      return p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff' && p;
    }, 'CrashLoopBackOff after liveness kills', 5000);
    assert.equal(p.status!.containerStatuses![0].restartCount, 2);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await h.getPod('relive')).status!.containerStatuses![0].restartCount, 2, 'no restart inside the back-off window');
  } finally {
    await h.close();
  }
});

test('readiness drives the Ready condition', async () => {
  const h = await startHarness();
  try {
    let healthy = false;
    h.runtime.execHandler = (_id, cmd) => (cmd[0] === 'ready' ? { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), exitCode: healthy ? 0 : 1 } : undefined);
    await h.createPod(makePod('rd', { containers: [sleeper('c', { readinessProbe: { exec: { command: ['ready'] }, periodSeconds: 0.05, failureThreshold: 1 } })] }));
    const p = await waitFor(async () => { const p = await h.getPod('rd'); return p.status?.phase === 'Running' && p; }, 'Running');
    assert.equal(cond(p, 'Ready'), 'False');
    assert.equal(p.status!.conditions!.find((c) => c.type === 'Ready')!.message, 'containers with unready status: [c]');
    healthy = true;
    await waitFor(async () => cond(await h.getPod('rd'), 'Ready') === 'True', 'Ready');
  } finally {
    await h.close();
  }
});

test('image pull failures: ErrImagePull, Never policy', async () => {
  const h = await startHarness();
  try {
    h.images.unpullable.add('nope:1');
    await h.createPod(makePod('pull', { containers: [{ name: 'c', image: 'nope:1', command: ['sh'] }, { name: 'n', image: 'absent:2', imagePullPolicy: 'Never', command: ['sh'] }] }));
    const p = await waitFor(async () => {
      const p = await h.getPod('pull');
      const [c, n] = p.status?.containerStatuses ?? [];
      return ['ErrImagePull', 'ImagePullBackOff'].includes(c?.state?.waiting?.reason ?? '') && n?.state?.waiting?.reason === 'ErrImageNeverPull' && p;
    }, 'pull errors');
    assert.equal(p.status!.containerStatuses![1].state!.waiting!.message, 'Container image "absent:2" is not present with pull policy of Never');
    await waitFor(async () => (await h.getPod('pull')).status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff', 'ImagePullBackOff');
  } finally {
    await h.close();
  }
});

test('re-adopts running pods and cleans up sandboxes of pods that are gone', async () => {
  const h = await startHarness();
  const pod = makePod('keep', { containers: [sleeper('c')] });
  try {
    await h.createPod(pod);
    await waitFor(async () => (await h.getPod('keep')).status?.phase === 'Running', 'Running');
  } finally {
    await h.agent.stop();
  }
  // A sandbox of a pod the API no longer has.
  await h.runtime.runPodSandbox({ metadata: { name: 'gone', namespace: 'default', uid: 'gone-uid', attempt: 0 }, labels: { 'io.kubernetes.pod.uid': 'gone-uid' } });
  const { startAgent } = await import('./agent.js');
  const runtime = h.runtime.reopen();
  const agent2 = await startAgent({ client: h.client, runtime, images: h.images, nodeName: NODE, dataDir: h.dataDir, facts: (await import('./testing/harness.js')).testFacts, allowMounts: false, plegMs: 30, resyncMs: 200 });
  try {
    await agent2.idle();
    await new Promise((r) => setTimeout(r, 100));
    await agent2.idle();
    const sandboxes = [...runtime.state.sandboxes.values()];
    assert.equal(sandboxes.length, 1);
    assert.equal(sandboxes[0].config.metadata.uid, pod.metadata!.uid);
    // The running container was adopted, not restarted.
    assert.equal([...runtime.state.containers.values()].length, 1);
    assert.equal((await h.getPod('keep')).status!.containerStatuses![0].restartCount, 0);
  } finally {
    await agent2.stop();
    for (const c of runtime.state.containers.values()) if (c.timer) clearTimeout(c.timer);
    (await import('node:fs')).rmSync(h.dataDir, { recursive: true, force: true });
  }
});
