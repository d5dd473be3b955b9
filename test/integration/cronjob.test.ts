// The CronJob controller against a real `skiff up` (controller manager,
// scheduler, simulated nodes whose pods exit when annotated to), driven by
// the real kubectl: a `* * * * *` CronJob starts a Job at the next minute,
// and finished Jobs beyond the history limit are deleted.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { type Cluster, kubectl, kubectlJson, kubectlOk, useSkiff, waitFor } from '../helpers/cluster.js';

function cronYaml(name: string, o: { suspend?: boolean; successful?: number }): string {
  return `apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${name}
spec:
  schedule: "* * * * *"
  timeZone: Etc/UTC
  suspend: ${o.suspend ?? false}
  successfulJobsHistoryLimit: ${o.successful ?? 3}
  jobTemplate:
    spec:
      template:
        metadata:
          annotations:
            skiff.dev/simulate-exit-after: "0"
        spec:
          restartPolicy: Never
          containers:
          - name: main
            image: busybox
`;
}

const jobsOf = (c: Cluster, cj: string): string[] =>
  kubectl(c, ['get', 'jobs', '-o', `jsonpath={range .items[?(@.metadata.ownerReferences[0].name=="${cj}")]}{.metadata.name}{"\\n"}{end}`]).stdout.split('\n').filter(Boolean);

describe('CronJob controller against skiff up', () => {
  const c = useSkiff({ controllers: true, scheduler: true, args: ['--simulate-nodes', '1'] });

  before(async () => {
    await waitFor(c, 'node', () => kubectl(c(), ['get', 'nodes', '-o', 'name']).stdout.trim() || undefined, 30000);
  });

  it('starts a Job for "* * * * *" at the next minute, named and annotated with the scheduled time', async () => {
    kubectlOk(c(), ['apply', '-f', '-'], { input: cronYaml('tick', {}) });
    const name = await waitFor(c, 'scheduled job', () => jobsOf(c(), 'tick')[0], 75_000);
    const job = kubectlJson(c(), ['get', 'job', name]);
    const stamp = job.metadata.annotations['batch.kubernetes.io/cronjob-scheduled-timestamp'] as string;
    assert.match(stamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/);
    assert.equal(name, `tick-${Date.parse(stamp) / 60_000}`);
    assert.equal(job.metadata.ownerReferences[0].kind, 'CronJob');
    const r = kubectl(c(), ['wait', '--for=condition=complete', `job/${name}`, '--timeout=60s'], { timeoutMs: 70_000 });
    assert.equal(r.code, 0, r.stderr);
    const status = await waitFor(c, 'cronjob status', () => {
      const s = JSON.parse(kubectlOk(c(), ['get', 'cronjob', 'tick', '-o', 'jsonpath={.status}']) || '{}');
      return s.lastSuccessfulTime && !(s.active ?? []).length ? s : undefined;
    }, 20000);
    assert.equal(status.lastScheduleTime, stamp);
    kubectlOk(c(), ['patch', 'cronjob', 'tick', '--type=merge', '-p', '{"spec":{"suspend":true}}']);
  });

  it('deletes the oldest finished Jobs beyond successfulJobsHistoryLimit', async () => {
    kubectlOk(c(), ['apply', '-f', '-'], { input: cronYaml('hist', { suspend: true, successful: 1 }) });
    // kubectl builds these Jobs client-side from the template, owned by the CronJob.
    for (const n of ['hist-a', 'hist-b', 'hist-c']) {
      kubectlOk(c(), ['create', 'job', n, '--from=cronjob/hist']);
      const r = kubectl(c(), ['wait', '--for=condition=complete', `job/${n}`, '--timeout=60s'], { timeoutMs: 70_000 });
      assert.equal(r.code, 0, r.stderr);
    }
    await waitFor(c, 'history cleanup', () => (jobsOf(c(), 'hist').length === 1 ? true : undefined), 30000);
    assert.deepEqual(jobsOf(c(), 'hist'), ['hist-c']);
    const events = kubectlOk(c(), ['get', 'events', '--field-selector', 'involvedObject.name=hist', '-o', 'jsonpath={.items[*].reason}']);
    assert.match(events, /SuccessfulDelete/);
  });
});
