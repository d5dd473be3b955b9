import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cronJobStrategy as s } from './cronjob.js';
import type { KubeObject } from '../../types.js';
import { brief, ctx, podTemplate } from '../apps/testutil.js';

const cj = (spec: Record<string, unknown> = {}): KubeObject => {
  const obj: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'hello', namespace: 'default' },
    spec: {
      schedule: '*/5 * * * *',
      jobTemplate: { spec: { template: podTemplate({ app: 'hello' }, { restartPolicy: 'OnFailure' }) } },
      ...spec,
    },
  };
  s.defaults!(obj);
  return obj;
};

test('defaults and a valid cronjob', () => {
  const obj = cj();
  const spec = obj.spec as Record<string, any>;
  assert.equal(spec.concurrencyPolicy, 'Allow');
  assert.equal(spec.suspend, false);
  assert.equal(spec.successfulJobsHistoryLimit, 3);
  assert.equal(spec.failedJobsHistoryLimit, 1);
  assert.equal(spec.jobTemplate.spec.template.spec.dnsPolicy, 'ClusterFirst');
  assert.deepEqual(s.validate!(obj, ctx), []);
  for (const schedule of ['@hourly', '@daily', '@weekly', '@monthly', '@yearly', '@annually', '@midnight', '0 9-17/2 * JAN-JUN mon-fri']) {
    assert.deepEqual(s.validate!(cj({ schedule }), ctx), [], schedule);
  }
  assert.deepEqual(s.validate!(cj({ timeZone: 'Europe/Paris' }), ctx), []);
});

test('schedule problems', () => {
  assert.deepEqual(brief(s.validate!(cj({ schedule: '' }), ctx)), [['spec.schedule', 'FieldValueRequired']]);
  const bad = s.validate!(cj({ schedule: '61 * * * *' }), ctx);
  assert.deepEqual(brief(bad), [['spec.schedule', 'FieldValueInvalid']]);
  assert.equal(bad[0]!.detail, 'end of range (61) above maximum (59): 61');
  const tz = s.validate!(cj({ schedule: 'TZ=UTC 0 * * * *' }), ctx);
  assert.deepEqual(brief(tz), [['spec.schedule', 'FieldValueInvalid']]);
  assert.equal(tz[0]!.detail, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
});

test('timeZone must be a known IANA name', () => {
  const unknown = s.validate!(cj({ timeZone: 'Mars/Olympus' }), ctx);
  assert.deepEqual(brief(unknown), [['spec.timeZone', 'FieldValueInvalid']]);
  assert.equal(unknown[0]!.detail, 'unknown time zone Mars/Olympus');
  assert.deepEqual(brief(s.validate!(cj({ timeZone: '' }), ctx)), [['spec.timeZone', 'FieldValueInvalid']]);
  assert.deepEqual(brief(s.validate!(cj({ timeZone: 'Local' }), ctx)).length > 0, true);
  assert.deepEqual(brief(s.validate!(cj({ timeZone: '../etc/passwd' }), ctx)), [['spec.timeZone', 'FieldValueInvalid']]);
});

test('policy, limits, name length and job template rules', () => {
  const obj = cj({ concurrencyPolicy: 'Sometimes', startingDeadlineSeconds: -1, failedJobsHistoryLimit: -1 });
  assert.deepEqual(brief(s.validate!(obj, ctx)), [
    ['spec.startingDeadlineSeconds', 'FieldValueInvalid'],
    ['spec.concurrencyPolicy', 'FieldValueNotSupported'],
    ['spec.failedJobsHistoryLimit', 'FieldValueInvalid'],
  ]);
  const tmpl = cj({
    jobTemplate: { spec: { selector: { matchLabels: { a: 'b' } }, manualSelector: true, template: podTemplate({ app: 'x' }) } },
  });
  assert.deepEqual(brief(s.validate!(tmpl, ctx)), [
    ['spec.jobTemplate.spec.template.spec.restartPolicy', 'FieldValueRequired'],
    ['spec.jobTemplate.spec.selector', 'FieldValueInvalid'],
    ['spec.jobTemplate.spec.manualSelector', 'FieldValueNotSupported'],
  ]);
  const long = cj();
  long.metadata!.name = 'a'.repeat(53);
  const errs = s.validate!(long, ctx);
  assert.deepEqual(brief(errs), [['metadata.name', 'FieldValueInvalid']]);
  assert.equal(errs[0]!.detail, 'must be no more than 52 characters');
});

test('updates keep long names and old TZ schedules valid', () => {
  const old = cj();
  old.metadata!.name = 'a'.repeat(60);
  const next = structuredClone(old);
  (next.spec as any).suspend = true;
  assert.deepEqual(s.validateUpdate!(next, old, ctx), []);
  const tzOld = cj({ schedule: 'CRON_TZ=UTC 0 * * * *' });
  const tzNext = cj({ schedule: 'CRON_TZ=UTC 5 * * * *' });
  assert.deepEqual(s.validateUpdate!(tzNext, tzOld, ctx), []);
});
