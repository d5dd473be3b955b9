// The Job and TTL-after-finished controllers against a real `skiff up` with
// the controller manager, the scheduler and simulated nodes (pods are marked
// Running and exit when their skiff.dev/simulate-exit-after annotation says),
// driven by the real kubectl.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { kubectl, kubectlOk, useSkiff, waitFor } from '../helpers/cluster.js';

function jobYaml(name: string, o: { completions?: number; parallelism?: number; backoffLimit?: number; exitCode?: number; exitAfter?: number; ttl?: number; mode?: string }): string {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
  completions: ${o.completions ?? 1}
  parallelism: ${o.parallelism ?? 1}
  backoffLimit: ${o.backoffLimit ?? 6}
${o.ttl === undefined ? '' : `  ttlSecondsAfterFinished: ${o.ttl}\n`}${o.mode ? `  completionMode: ${o.mode}\n` : ''}  template:
    metadata:
      annotations:
        skiff.dev/simulate-exit-after: "${o.exitAfter ?? 1}"
        skiff.dev/simulate-exit-code: "${o.exitCode ?? 0}"
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox
        command: ["sh", "-c", "exit ${o.exitCode ?? 0}"]
`;
}

describe('Job controller against skiff up', () => {
  const c = useSkiff({ controllers: true, scheduler: true, args: ['--simulate-nodes', '2'] });

  before(async () => {
    await waitFor(c, 'nodes', () => kubectl(c(), ['get', 'nodes', '-o', 'name']).stdout.split('\n').filter(Boolean).length === 2 || undefined, 30000);
  });

  it('runs a Job with completions 3 / parallelism 2 to Complete (kubectl wait returns)', () => {
    kubectlOk(c(), ['apply', '-f', '-'], { input: jobYaml('three', { completions: 3, parallelism: 2 }) });
    const pods = () => kubectl(c(), ['get', 'pods', '-l', 'batch.kubernetes.io/job-name=three', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}']).stdout.split('\n').filter(Boolean);
    const r = kubectl(c(), ['wait', '--for=condition=complete', 'job/three', '--timeout=90s'], { timeoutMs: 100_000 });
    assert.equal(r.code, 0, `kubectl wait failed: ${r.stderr}\n${c().logs().slice(-3000)}`);
    assert.match(r.stdout, /job.batch\/three condition met/);
    const status = JSON.parse(kubectlOk(c(), ['get', 'job', 'three', '-o', 'jsonpath={.status}']));
    assert.equal(status.succeeded, 3);
    assert.equal(status.active ?? 0, 0);
    assert.ok(status.startTime && status.completionTime);
    assert.deepEqual(
      status.conditions.map((x: { type: string; status: string }) => `${x.type}=${x.status}`).sort(),
      ['Complete=True', 'SuccessCriteriaMet=True'],
    );
    assert.equal(pods().length, 3, 'three pods ran');
    const finalizers = kubectlOk(c(), ['get', 'pods', '-l', 'job-name=three', '-o', 'jsonpath={.items[*].metadata.finalizers}']);
    assert.doesNotMatch(finalizers, /job-tracking/, 'tracking finalizers removed');
    const events = kubectlOk(c(), ['get', 'events', '--field-selector', 'involvedObject.name=three', '-o', 'jsonpath={.items[*].reason}']);
    assert.match(events, /SuccessfulCreate/);
    assert.match(events, /Completed/);
    // kubectl's own printer columns read the status.
    assert.match(kubectlOk(c(), ['get', 'job', 'three']), /three\s+Complete\s+3\/3/);
  });

  it('fails a Job once backoffLimit is exceeded', () => {
    kubectlOk(c(), ['apply', '-f', '-'], { input: jobYaml('boom', { backoffLimit: 0, exitCode: 3 }) });
    const r = kubectl(c(), ['wait', '--for=condition=failed', 'job/boom', '--timeout=60s'], { timeoutMs: 70_000 });
    assert.equal(r.code, 0, `kubectl wait failed: ${r.stderr}`);
    const conds = JSON.parse(kubectlOk(c(), ['get', 'job', 'boom', '-o', 'jsonpath={.status.conditions}'])) as Array<{ type: string; reason: string; message: string }>;
    const failed = conds.find((x) => x.type === 'Failed')!;
    assert.equal(failed.reason, 'BackoffLimitExceeded');
    assert.equal(failed.message, 'Job has reached the specified backoff limit');
    assert.equal(kubectlOk(c(), ['get', 'job', 'boom', '-o', 'jsonpath={.status.failed}']), '1');
    const events = kubectlOk(c(), ['get', 'events', '--field-selector', 'involvedObject.name=boom,type=Warning', '-o', 'jsonpath={.items[*].reason}']);
    assert.match(events, /BackoffLimitExceeded/);
  });

  it('runs an Indexed Job and reports completedIndexes', () => {
    kubectlOk(c(), ['apply', '-f', '-'], { input: jobYaml('idx', { completions: 3, parallelism: 3, mode: 'Indexed' }) });
    const r = kubectl(c(), ['wait', '--for=condition=complete', 'job/idx', '--timeout=60s'], { timeoutMs: 70_000 });
    assert.equal(r.code, 0, `kubectl wait failed: ${r.stderr}`);
    assert.equal(kubectlOk(c(), ['get', 'job', 'idx', '-o', 'jsonpath={.status.completedIndexes}']), '0-2');
    const hosts = kubectlOk(c(), ['get', 'pods', '-l', 'job-name=idx', '-o', 'jsonpath={.items[*].spec.hostname}']).split(' ').sort();
    assert.deepEqual(hosts, ['idx-0', 'idx-1', 'idx-2']);
  });

  it('deletes a finished Job after ttlSecondsAfterFinished', async () => {
    kubectlOk(c(), ['apply', '-f', '-'], { input: jobYaml('short', { ttl: 0, exitAfter: 0 }) });
    await waitFor(c, 'job deleted by TTL', () => kubectl(c(), ['get', 'job', 'short']).code !== 0 || undefined, 40000);
  });
});
