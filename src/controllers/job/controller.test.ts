import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, until } from '../testing.js';
import { PODS } from '../../client/gvr.js';
import { activeOf, createJob, finishPod, getJob, jobPods, makeJob, runJobController, startReaper } from './testutil.js';
import { COMPLETION_INDEX_ANNOTATION, findCondition, JOB_TRACKING_FINALIZER, JOBS, type Pod } from './types.js';

test('completions 3 / parallelism 2: pods carry labels and the finalizer, the Job completes', async () => {
  const h = harness();
  const stopReaper = startReaper(h.client);
  try {
    await runJobController(h);
    const job = await createJob(h.client, makeJob('pi', { completions: 3, parallelism: 2 }));
    const first = await until(() => (jobPods(h.client, job).length === 2 ? jobPods(h.client, job) : undefined), 3000, 'two pods');
    for (const p of first) {
      assert.ok(p.metadata?.finalizers?.includes(JOB_TRACKING_FINALIZER));
      assert.equal(p.metadata?.labels?.['batch.kubernetes.io/job-name'], 'pi');
      assert.equal(p.metadata?.labels?.['job-name'], 'pi');
      assert.equal(p.metadata?.labels?.['batch.kubernetes.io/controller-uid'], job.metadata?.uid);
      assert.ok(p.metadata?.name?.startsWith('pi-'));
    }
    await until(async () => (await getJob(h.client, job)).status?.active === 2, 3000, 'active 2');
    const started = await getJob(h.client, job);
    assert.ok(started.status?.startTime);
    for (const p of first) await finishPod(h.client, p, 0);
    const third = await until(() => activeOf(jobPods(h.client, job))[0], 3000, 'third pod');
    await until(async () => (await getJob(h.client, job)).status?.succeeded === 2, 3000, 'succeeded 2');
    assert.equal(activeOf(jobPods(h.client, job)).length, 1, 'only one more pod for the last completion');
    await finishPod(h.client, third, 0);
    const done = await until(async () => {
      const j = await getJob(h.client, job);
      return findCondition(j, 'Complete')?.status === 'True' ? j : undefined;
    }, 3000, 'Complete');
    assert.equal(done.status?.succeeded, 3);
    assert.equal(done.status?.failed ?? 0, 0);
    assert.equal(done.status?.active, 0);
    assert.ok(done.status?.completionTime);
    assert.equal(findCondition(done, 'SuccessCriteriaMet')?.status, 'True');
    assert.deepEqual(done.status?.uncountedTerminatedPods ?? {}, {});
    for (const p of jobPods(h.client, job)) assert.ok(!p.metadata?.finalizers?.includes(JOB_TRACKING_FINALIZER), 'finalizer removed');
    await until(() => h.events.some((e) => e.reason === 'Completed' && e.message === 'Job completed'), 2000, 'Completed event');
    assert.equal(h.events.filter((e) => e.reason === 'SuccessfulCreate').length, 3);
  } finally {
    stopReaper();
    await h.stop();
  }
});

test('backoffLimit exceeded fails the Job with BackoffLimitExceeded', async () => {
  const h = harness();
  const stopReaper = startReaper(h.client);
  try {
    await runJobController(h);
    const job = await createJob(h.client, makeJob('fails', { backoffLimit: 1 }));
    const p1 = await until(() => jobPods(h.client, job)[0], 3000, 'first pod');
    await finishPod(h.client, p1, 1);
    const p2 = await until(() => activeOf(jobPods(h.client, job))[0], 3000, 'replacement pod');
    assert.notEqual(p2.metadata?.name, p1.metadata?.name);
    await finishPod(h.client, p2, 1);
    const failed = await until(async () => {
      const j = await getJob(h.client, job);
      return findCondition(j, 'Failed')?.status === 'True' ? j : undefined;
    }, 3000, 'Failed');
    assert.equal(findCondition(failed, 'Failed')?.reason, 'BackoffLimitExceeded');
    assert.equal(findCondition(failed, 'FailureTarget')?.reason, 'BackoffLimitExceeded');
    assert.equal(failed.status?.failed, 2);
    assert.equal(failed.status?.completionTime, undefined);
    assert.ok(h.events.some((e) => e.type === 'Warning' && e.reason === 'BackoffLimitExceeded' && e.message === 'Job has reached the specified backoff limit'));
  } finally {
    stopReaper();
    await h.stop();
  }
});

test('pod re-creation waits for the exponential back-off', async () => {
  const h = harness();
  try {
    await runJobController(h, { backoff: { baseMs: 1000, maxMs: 10_000 } });
    const job = await createJob(h.client, makeJob('slow', { backoffLimit: 5 }));
    const p1 = await until(() => jobPods(h.client, job)[0], 3000, 'first pod');
    await finishPod(h.client, p1, 1);
    const failedAt = Date.now();
    await until(async () => (await getJob(h.client, job)).status?.failed === 1, 3000, 'failed 1');
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(activeOf(jobPods(h.client, job)).length, 0, 'no replacement inside the back-off');
    await until(() => activeOf(jobPods(h.client, job)).length === 1, 3000, 'replacement');
    assert.ok(Date.now() - failedAt >= 900, `replacement after ${Date.now() - failedAt} ms`);
  } finally {
    await h.stop();
  }
});

test('a deleted running pod is counted as failed and replaced (finalizer tracking)', async () => {
  const h = harness();
  const stopReaper = startReaper(h.client);
  try {
    await runJobController(h, { backoff: { baseMs: 1, maxMs: 1 } });
    const job = await createJob(h.client, makeJob('del', { backoffLimit: 3 }));
    const p1 = await until(() => jobPods(h.client, job)[0], 3000, 'first pod');
    await h.client.delete(PODS, 'default', String(p1.metadata?.name));
    await until(async () => (await getJob(h.client, job)).status?.failed === 1, 3000, 'failed 1');
    await until(() => !jobPods(h.client, job).some((p) => p.metadata?.uid === p1.metadata?.uid), 3000, 'old pod gone');
    await until(() => activeOf(jobPods(h.client, job)).length === 1, 3000, 'replacement');
    const j = await getJob(h.client, job);
    assert.equal(j.status?.failed, 1, 'counted once');
  } finally {
    stopReaper();
    await h.stop();
  }
});

test('Indexed Job: index annotation/label, hostname, env, completedIndexes', async () => {
  const h = harness();
  const stopReaper = startReaper(h.client);
  try {
    await runJobController(h);
    const job = await createJob(h.client, makeJob('idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' }));
    const pods = await until(() => (jobPods(h.client, job).length === 3 ? jobPods(h.client, job) : undefined), 3000, 'three pods');
    const byIndex = new Map<string, Pod>(pods.map((p) => [String(p.metadata?.annotations?.[COMPLETION_INDEX_ANNOTATION]), p]));
    assert.deepEqual([...byIndex.keys()].sort(), ['0', '1', '2']);
    const p1 = byIndex.get('1')!;
    assert.equal(p1.metadata?.labels?.[COMPLETION_INDEX_ANNOTATION], '1');
    assert.equal((p1.spec as { hostname?: string }).hostname, 'idx-1');
    assert.ok(p1.metadata?.name?.startsWith('idx-1-'));
    const env = (p1.spec as { containers: Array<{ env?: Array<{ name: string }> }> }).containers[0]!.env ?? [];
    assert.ok(env.some((e) => e.name === 'JOB_COMPLETION_INDEX'));
    await finishPod(h.client, p1, 0);
    await until(async () => (await getJob(h.client, job)).status?.completedIndexes === '1', 3000, 'completedIndexes 1');
    await finishPod(h.client, byIndex.get('0')!, 0);
    await finishPod(h.client, byIndex.get('2')!, 0);
    const done = await until(async () => {
      const j = await getJob(h.client, job);
      return findCondition(j, 'Complete') ? j : undefined;
    }, 3000, 'Complete');
    assert.equal(done.status?.completedIndexes, '0-2');
    assert.equal(done.status?.succeeded, 3);
  } finally {
    stopReaper();
    await h.stop();
  }
});

test('suspend deletes active pods and sets Suspended; resume recreates them', async () => {
  const h = harness();
  const stopReaper = startReaper(h.client);
  try {
    await runJobController(h);
    const job = await createJob(h.client, makeJob('susp', { suspend: true, parallelism: 2, completions: 2 }));
    await until(async () => findCondition(await getJob(h.client, job), 'Suspended')?.status === 'True', 3000, 'Suspended');
    assert.equal(jobPods(h.client, job).length, 0);
    assert.equal((await getJob(h.client, job)).status?.startTime, undefined);
    await h.client.patch(JOBS, 'default', 'susp', 'merge', { metadata: { generation: 2 }, spec: { suspend: false } });
    await until(() => activeOf(jobPods(h.client, job)).length === 2, 3000, 'pods after resume');
    const resumed = await until(async () => {
      const j = await getJob(h.client, job);
      return findCondition(j, 'Suspended')?.status === 'False' ? j : undefined;
    }, 3000, 'resumed');
    assert.equal(findCondition(resumed, 'Suspended')?.reason, 'JobResumed');
    assert.ok(resumed.status?.startTime);
    await h.client.patch(JOBS, 'default', 'susp', 'merge', { metadata: { generation: 3 }, spec: { suspend: true } });
    await until(() => jobPods(h.client, job).length === 0, 3000, 'pods deleted on suspend');
    const j = await until(async () => {
      const x = await getJob(h.client, job);
      return findCondition(x, 'Suspended')?.status === 'True' && x.status?.active === 0 ? x : undefined;
    }, 3000, 'suspended again');
    assert.equal(j.status?.failed ?? 0, 0, 'pods deleted by suspension are not failures');
    assert.ok(h.events.some((e) => e.reason === 'Suspended') && h.events.some((e) => e.reason === 'Resumed'));
  } finally {
    stopReaper();
    await h.stop();
  }
});

test('activeDeadlineSeconds fails the Job with DeadlineExceeded and removes its pods', async () => {
  const h = harness();
  const stopReaper = startReaper(h.client);
  try {
    await runJobController(h);
    const job = await createJob(h.client, makeJob('late', { activeDeadlineSeconds: 1 }));
    await until(() => jobPods(h.client, job).length === 1, 3000, 'pod');
    const failed = await until(async () => {
      const j = await getJob(h.client, job);
      return findCondition(j, 'Failed')?.status === 'True' ? j : undefined;
    }, 4000, 'Failed');
    assert.equal(findCondition(failed, 'Failed')?.reason, 'DeadlineExceeded');
    assert.equal(failed.status?.active, 0);
    assert.equal(failed.status?.failed, 1);
    await until(() => jobPods(h.client, job).length === 0, 3000, 'pods removed');
  } finally {
    stopReaper();
    await h.stop();
  }
});

test('podFailurePolicy: Ignore does not count, FailJob fails the Job', async () => {
  const h = harness();
  const stopReaper = startReaper(h.client);
  try {
    await runJobController(h, { backoff: { baseMs: 1, maxMs: 1 } });
    const job = await createJob(
      h.client,
      makeJob('pfp', {
        backoffLimit: 0,
        podReplacementPolicy: 'Failed',
        podFailurePolicy: {
          rules: [
            { action: 'Ignore', onExitCodes: { operator: 'In', values: [3] } },
            { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } },
          ],
        },
      }),
    );
    const p1 = await until(() => jobPods(h.client, job)[0], 3000, 'pod');
    await finishPod(h.client, p1, 3);
    const p2 = await until(() => activeOf(jobPods(h.client, job))[0], 3000, 'replacement after ignored failure');
    const j1 = await getJob(h.client, job);
    assert.equal(j1.status?.failed ?? 0, 0);
    assert.equal(findCondition(j1, 'Failed'), undefined);
    await finishPod(h.client, p2, 42);
    const failed = await until(async () => {
      const j = await getJob(h.client, job);
      return findCondition(j, 'Failed')?.status === 'True' ? j : undefined;
    }, 3000, 'Failed');
    const cond = findCondition(failed, 'Failed')!;
    assert.equal(cond.reason, 'PodFailurePolicy');
    assert.match(cond.message ?? '', /^Container main for pod default\/pfp-\w+ failed with exit code 42 matching FailJob rule at index 1$/);
    assert.equal(failed.status?.failed, 1);
  } finally {
    stopReaper();
    await h.stop();
  }
});

test('pods of a deleted Job lose their tracking finalizer', async () => {
  const h = harness();
  try {
    await runJobController(h);
    const job = await createJob(h.client, makeJob('gone'));
    const p = await until(() => jobPods(h.client, job)[0], 3000, 'pod');
    await h.client.delete(JOBS, 'default', 'gone');
    await until(async () => !((await h.client.get<Pod>(PODS, 'default', String(p.metadata?.name))).metadata?.finalizers ?? []).length, 3000, 'finalizer removed');
  } finally {
    await h.stop();
  }
});
