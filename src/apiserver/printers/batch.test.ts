import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cronJobPrinter, jobPrinter } from './batch.js';
import { ago, D, headers, M, NOW, S } from './testutil.js';

const template = { spec: { containers: [{ name: 'pi', image: 'perl:5.34' }], restartPolicy: 'Never' } };
const selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': 'abc' } };

test('job columns (1.31+): STATUS COMPLETIONS DURATION AGE', () => {
  assert.deepEqual(headers(jobPrinter.columns), {
    normal: ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'], wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  });
});

test('complete, running, failed, suspended and terminating jobs', () => {
  const meta = { name: 'pi', namespace: 'default', creationTimestamp: ago(5 * M) };
  const complete = {
    metadata: meta, spec: { completions: 1, parallelism: 1, selector, template },
    status: { startTime: ago(5 * M), completionTime: ago(5 * M - 42 * S), succeeded: 1, conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }] },
  };
  assert.deepEqual(jobPrinter.cells(complete, NOW), ['pi', 'Complete', '1/1', '42s', '5m', 'pi', 'perl:5.34', 'batch.kubernetes.io/controller-uid=abc']);
  const running = { metadata: meta, spec: { parallelism: 3, selector, template }, status: { startTime: ago(4 * M), active: 3 } };
  assert.deepEqual(jobPrinter.cells(running, NOW).slice(1, 4), ['Running', '0/1 of 3', '4m']);
  const failed = { metadata: meta, spec: { completions: 5, selector, template }, status: { startTime: ago(M), failed: 7, succeeded: 2, conditions: [{ type: 'FailureTarget', status: 'True' }, { type: 'Failed', status: 'True' }] } };
  assert.deepEqual(jobPrinter.cells(failed, NOW).slice(1, 4), ['Failed', '2/5', '60s']);
  const suspended = { metadata: meta, spec: { completions: 1, suspend: true, selector, template }, status: { conditions: [{ type: 'Suspended', status: 'True' }] } };
  assert.deepEqual(jobPrinter.cells(suspended, NOW).slice(1, 4), ['Suspended', '0/1', '']);
  const deleting = { metadata: { ...meta, deletionTimestamp: ago(S) }, spec: { completions: 1, selector, template }, status: { startTime: ago(M) } };
  assert.equal(jobPrinter.cells(deleting, NOW)[1], 'Terminating');
  const failing = { metadata: meta, spec: { completions: 1, selector, template }, status: { conditions: [{ type: 'FailureTarget', status: 'True' }] } };
  assert.equal(jobPrinter.cells(failing, NOW)[1], 'FailureTarget');
});

test('cronjob: SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE', () => {
  assert.deepEqual(headers(cronJobPrinter.columns), {
    normal: ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'], wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  });
  const cj = {
    metadata: { name: 'hello', creationTimestamp: ago(2 * D) },
    spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { spec: { template } } },
    status: { active: [{ name: 'hello-1' }], lastScheduleTime: ago(3 * M) },
  };
  assert.deepEqual(cronJobPrinter.cells(cj, NOW), ['hello', '*/5 * * * *', '<none>', 'False', 1, '3m', '2d', 'pi', 'perl:5.34', '<none>']);
  const tz = { metadata: { name: 'tz', creationTimestamp: ago(2 * D) }, spec: { schedule: '0 0 * * *', timeZone: 'Europe/Paris', jobTemplate: { spec: { template } } } };
  assert.deepEqual(cronJobPrinter.cells(tz, NOW).slice(1, 6), ['0 0 * * *', 'Europe/Paris', '<unset>', 0, '<none>']);
});
