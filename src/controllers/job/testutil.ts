// Helpers for the Job controller's unit tests: a Job as the API server would
// store it (generated selector and labels), pod status changes, and a
// stand-in for the API server/kubelet that removes deleted pods once their
// finalizers are gone.
import { randomUUID } from 'node:crypto';
import type { FakeResourceClient } from '../../client/fake.js';
import { PODS } from '../../client/gvr.js';
import type { Harness } from '../testing.js';
import { JobController, type JobControllerOptions } from './controller.js';
import { type Job, JOBS, type JobSpec, type Pod } from './types.js';

export function makeJob(name: string, spec: Partial<JobSpec> = {}, ns = 'default'): Job {
  const uid = randomUUID();
  const labels = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name, 'controller-uid': uid, 'job-name': name };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: ns, uid, generation: 1, labels: { 'job-name': name } },
    spec: {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      template: { metadata: { labels }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } },
      ...spec,
    },
  };
}

export async function createJob(client: FakeResourceClient, job: Job): Promise<Job> {
  return client.create(JOBS, String(job.metadata?.namespace), job);
}

export function jobPods(client: FakeResourceClient, job: Job): Pod[] {
  return client.objects<Pod>(PODS).filter((p) => p.metadata?.ownerReferences?.[0]?.uid === job.metadata?.uid);
}

export const activeOf = (pods: Pod[]): Pod[] => pods.filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');

export async function getJob(client: FakeResourceClient, job: Job): Promise<Job> {
  return client.get<Job>(JOBS, String(job.metadata?.namespace), String(job.metadata?.name));
}

/** Ends a pod's container with `exitCode` (phase Succeeded for 0, else Failed). */
export async function finishPod(client: FakeResourceClient, pod: Pod, exitCode = 0): Promise<void> {
  const now = new Date().toISOString();
  await client.patch(PODS, String(pod.metadata?.namespace), String(pod.metadata?.name), 'merge', {
    status: {
      phase: exitCode === 0 ? 'Succeeded' : 'Failed',
      containerStatuses: [{ name: 'main', restartCount: 0, state: { terminated: { exitCode, finishedAt: now } } }],
    },
  }, { subresource: 'status' });
}

export async function runPod(client: FakeResourceClient, pod: Pod): Promise<void> {
  await client.patch(PODS, String(pod.metadata?.namespace), String(pod.metadata?.name), 'merge', {
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  }, { subresource: 'status' });
}

/** Deletes pods that are being deleted and have no finalizers left (as the API server would). */
export function startReaper(client: FakeResourceClient): () => void {
  const t = setInterval(() => {
    for (const p of client.objects<Pod>(PODS)) {
      if (p.metadata?.deletionTimestamp && !(p.metadata.finalizers ?? []).length) {
        void client.delete(PODS, String(p.metadata.namespace), String(p.metadata.name)).catch(() => {});
      }
    }
  }, 5);
  return () => clearInterval(t);
}

export async function runJobController(h: Harness, opts: JobControllerOptions = {}): Promise<JobController> {
  let c: JobController | undefined;
  await h.run((ctx) => (c = new JobController(ctx, { batchPeriodMs: 5, backoff: { baseMs: 50, maxMs: 1000 }, ...opts })));
  return c!;
}
