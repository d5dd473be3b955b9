import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, until } from '../testing.js';
import { JOBS, type Job } from '../job/types.js';
import { CronJobController } from './controller.js';
import { type CronJob, CRONJOBS, SCHEDULED_TIMESTAMP_ANNOTATION } from './types.js';

const T = (s: string): number => Date.parse(s);

function cronJob(name: string, spec: Partial<NonNullable<CronJob['spec']>>, created = '2024-01-01T00:00:00Z'): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default', creationTimestamp: created },
    spec: {
      schedule: '* * * * *',
      timeZone: 'UTC',
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: { labels: { app: name } }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } },
      ...spec,
    },
  };
}

async function setup(nowRef: { t: number }) {
  const h = harness();
  await h.run((ctx) => new CronJobController(ctx, { now: () => nowRef.t }));
  return h;
}

const jobsOf = (h: ReturnType<typeof harness>, prefix: string): Job[] => h.client.objects<Job>(JOBS).filter((j) => j.metadata?.name?.startsWith(`${prefix}-`));
const getCJ = (h: ReturnType<typeof harness>, name: string) => h.client.get<CronJob>(CRONJOBS, 'default', name);

async function finishJob(h: ReturnType<typeof harness>, job: Job, type: 'Complete' | 'Failed', at: string): Promise<void> {
  await h.client.patch(JOBS, 'default', String(job.metadata?.name), 'merge', {
    status: { startTime: at, conditions: [{ type, status: 'True', lastTransitionTime: at }], ...(type === 'Complete' ? { completionTime: at, succeeded: 1 } : { failed: 1 }) },
  }, { subresource: 'status' });
}

test('starts only the most recent missed activation, names and annotates the Job, records status', async () => {
  const now = { t: T('2024-01-01T00:10:30Z') };
  const h = await setup(now);
  try {
    await h.client.create(CRONJOBS, 'default', cronJob('every', {}));
    const job = await until(() => jobsOf(h, 'every')[0], 3000, 'job');
    const scheduled = T('2024-01-01T00:10:00Z');
    assert.equal(job.metadata?.name, `every-${scheduled / 60_000}`);
    assert.equal(job.metadata?.annotations?.[SCHEDULED_TIMESTAMP_ANNOTATION], '2024-01-01T00:10:00Z');
    assert.equal(job.metadata?.labels?.app, 'every');
    assert.equal(job.metadata?.ownerReferences?.[0]?.kind, 'CronJob');
    const cj = await until(async () => ((await getCJ(h, 'every')).status?.lastScheduleTime ? getCJ(h, 'every') : undefined), 3000, 'status');
    assert.equal(cj.status?.lastScheduleTime, '2024-01-01T00:10:00Z');
    assert.deepEqual(cj.status?.active?.map((r) => r.name), [job.metadata?.name]);
    assert.equal(jobsOf(h, 'every').length, 1, 'only the most recent of ten missed activations');
    assert.ok(h.events.some((e) => e.reason === 'SuccessfulCreate' && e.message === `Created job ${job.metadata?.name}`));
    // A finished Job leaves status.active and sets lastSuccessfulTime.
    await finishJob(h, job, 'Complete', '2024-01-01T00:10:20Z');
    await until(async () => (await getCJ(h, 'every')).status?.active?.length === 0, 3000, 'active cleared');
    assert.equal((await getCJ(h, 'every')).status?.lastSuccessfulTime, '2024-01-01T00:10:20Z');
    assert.ok(h.events.some((e) => e.reason === 'SawCompletedJob'));
  } finally {
    await h.stop();
  }
});

test('more than 100 missed activations: warning, still starts the latest', async () => {
  const now = { t: T('2024-01-02T00:00:30Z') };
  const h = await setup(now);
  try {
    await h.client.create(CRONJOBS, 'default', cronJob('late', {}));
    await until(() => jobsOf(h, 'late').length === 1, 3000, 'job');
    await until(() => h.events.find((e) => e.reason === 'TooManyMissedTimes'), 3000, 'warning');
    const ev = h.events.find((e) => e.reason === 'TooManyMissedTimes')!;
    assert.equal(ev.type, 'Warning');
    assert.match(ev.message, /^too many missed start times: 1440\. Set or decrease \.spec\.startingDeadlineSeconds or check clock skew$/);
  } finally {
    await h.stop();
  }
});

test('startingDeadlineSeconds past: no Job; suspend: no Job', async () => {
  const now = { t: T('2024-01-01T00:10:50Z') };
  const h = await setup(now);
  try {
    await h.client.create(CRONJOBS, 'default', cronJob('deadline', { startingDeadlineSeconds: 10 }));
    await h.client.create(CRONJOBS, 'default', cronJob('paused', { suspend: true }));
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(jobsOf(h, 'deadline').length, 0);
    assert.equal(jobsOf(h, 'paused').length, 0);
  } finally {
    await h.stop();
  }
});

test('concurrency policies: Forbid skips, Replace deletes the running Job, Allow runs both', async () => {
  const now = { t: T('2024-01-01T00:10:30Z') };
  const h = await setup(now);
  try {
    for (const [name, policy] of [['forbid', 'Forbid'], ['replace', 'Replace'], ['allow', 'Allow']] as const) {
      await h.client.create(CRONJOBS, 'default', cronJob(name, { concurrencyPolicy: policy }));
    }
    await until(() => ['forbid', 'replace', 'allow'].every((n) => jobsOf(h, n).length === 1), 3000, 'first jobs');
    await until(async () => (await Promise.all(['forbid', 'replace', 'allow'].map((n) => getCJ(h, n)))).every((c) => c.status?.active?.length === 1), 3000, 'status');
    now.t = T('2024-01-01T00:11:30Z');
    for (const n of ['forbid', 'replace', 'allow']) await h.client.patch(CRONJOBS, 'default', n, 'merge', { metadata: { annotations: { poke: '1' } } });
    await until(() => jobsOf(h, 'allow').length === 2, 3000, 'allow runs two');
    await until(() => jobsOf(h, 'replace').length === 1 && jobsOf(h, 'replace')[0]!.metadata?.name === `replace-${T('2024-01-01T00:11:00Z') / 60_000}`, 3000, 'replaced');
    await until(() => h.events.some((e) => e.reason === 'JobAlreadyActive'), 3000, 'forbid event');
    assert.equal(jobsOf(h, 'forbid').length, 1);
    const del = h.client.actions.find((a) => a.verb === 'delete' && a.name?.startsWith('replace-'));
    assert.equal((del?.body as { propagationPolicy?: string }).propagationPolicy, 'Background');
  } finally {
    await h.stop();
  }
});

test('history limits delete the oldest finished Jobs', async () => {
  const now = { t: T('2024-01-01T00:10:30Z') };
  const h = await setup(now);
  try {
    const cj = (await h.client.create(CRONJOBS, 'default', cronJob('hist', { successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 1, suspend: true }))) as CronJob;
    const ref = { apiVersion: 'batch/v1', kind: 'CronJob', name: 'hist', uid: String(cj.metadata?.uid), controller: true };
    const mk = async (name: string, type: 'Complete' | 'Failed', at: string) => {
      const j = await h.client.create<Job>(JOBS, 'default', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: 'default', ownerReferences: [ref] }, spec: {} });
      await finishJob(h, j, type, at);
    };
    await mk('hist-1', 'Complete', '2024-01-01T00:01:00Z');
    await mk('hist-2', 'Complete', '2024-01-01T00:02:00Z');
    await mk('hist-3', 'Failed', '2024-01-01T00:03:00Z');
    await mk('hist-4', 'Failed', '2024-01-01T00:04:00Z');
    await until(() => jobsOf(h, 'hist').length === 2, 3000, 'cleanup');
    assert.deepEqual(jobsOf(h, 'hist').map((j) => j.metadata?.name).sort(), ['hist-2', 'hist-4']);
  } finally {
    await h.stop();
  }
});
