import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTROLLER_UID_LABEL, JOB_NAME_LABEL, jobStrategy as s } from './job.js';
import type { KubeObject } from '../../types.js';
import { brief, ctx, podTemplate } from '../apps/testutil.js';

const UID = '6f1c7f3e-0000-4000-8000-000000000001';

/** A job as the store sees it at create time: uid set, defaults applied, prepareForCreate run. */
const created = (spec: Record<string, unknown> = {}, labels?: Record<string, string>): KubeObject => {
  const obj: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', uid: UID, ...(labels ? { labels } : {}) },
    spec: { template: podTemplate({ app: 'pi' }, { restartPolicy: 'Never' }), ...spec },
  };
  s.defaults!(obj);
  s.prepareForCreate!(obj, ctx);
  return obj;
};

test('defaults', () => {
  const spec = created().spec as Record<string, any>;
  assert.equal(spec.completions, 1);
  assert.equal(spec.parallelism, 1);
  assert.equal(spec.backoffLimit, 6);
  assert.equal(spec.completionMode, 'NonIndexed');
  assert.equal(spec.suspend, false);
  assert.equal(spec.manualSelector, false);
  assert.equal(spec.podReplacementPolicy, 'TerminatingOrFailed');
  const par = created({ parallelism: 4 }).spec as Record<string, any>;
  assert.equal(par.completions, undefined);
  assert.equal(par.parallelism, 4);
  const perIndex = created({ completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: 1 }).spec as Record<string, any>;
  assert.equal(perIndex.backoffLimit, 2147483647);
});

test('job labels come from the template when the job has none', () => {
  assert.deepEqual(created().metadata!.labels, { app: 'pi' });
  assert.deepEqual(created({}, { team: 'x' }).metadata!.labels, { team: 'x' });
});

test('generated selector and template labels; a good job passes', () => {
  const obj = created();
  const spec = obj.spec as Record<string, any>;
  assert.deepEqual(spec.selector, { matchLabels: { [CONTROLLER_UID_LABEL]: UID } });
  assert.deepEqual(spec.template.metadata.labels, {
    app: 'pi',
    'job-name': 'pi',
    [JOB_NAME_LABEL]: 'pi',
    'controller-uid': UID,
    [CONTROLLER_UID_LABEL]: UID,
  });
  assert.deepEqual(s.validate!(obj, ctx), []);
});

test('a conflicting user label is rejected', () => {
  const obj = created({ template: podTemplate({ 'controller-uid': 'other' }, { restartPolicy: 'Never' }) });
  const errs = s.validate!(obj, ctx);
  assert.deepEqual(brief(errs), [['spec.template.metadata.labels[controller-uid]', 'FieldValueInvalid']]);
  assert.equal(errs[0]!.detail, `must be '${UID}'`);
});

test('manual selectors are kept and must match the template', () => {
  const obj = created({ manualSelector: true, selector: { matchLabels: { app: 'other' } } });
  assert.deepEqual(brief(s.validate!(obj, ctx)), [['spec.template.metadata.labels', 'FieldValueInvalid']]);
});

test('restartPolicy must be OnFailure or Never', () => {
  const always = created({ template: podTemplate({ app: 'pi' }) });
  const errs = s.validate!(always, ctx);
  assert.deepEqual(brief(errs), [['spec.template.spec.restartPolicy', 'FieldValueRequired']]);
  assert.equal(errs[0]!.detail, 'valid values: "OnFailure", "Never"');
  const pfp = created({
    template: podTemplate({ app: 'pi' }, { restartPolicy: 'OnFailure' }),
    podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] },
  });
  assert.deepEqual(brief(s.validate!(pfp, ctx)), [['spec.template.spec.restartPolicy', 'FieldValueInvalid']]);
  assert.equal((pfp.spec as any).podReplacementPolicy, 'Failed');
});

test('counts, completion modes and policies', () => {
  const obj = created({ parallelism: -1, completions: -2, backoffLimit: -1, activeDeadlineSeconds: -5, completionMode: 'Random' });
  assert.deepEqual(brief(s.validate!(obj, ctx)), [
    ['spec.parallelism', 'FieldValueInvalid'],
    ['spec.completions', 'FieldValueInvalid'],
    ['spec.activeDeadlineSeconds', 'FieldValueInvalid'],
    ['spec.backoffLimit', 'FieldValueInvalid'],
    ['spec.completionMode', 'FieldValueNotSupported'],
  ]);
  const indexed = created({ completionMode: 'Indexed', parallelism: 2 });
  assert.deepEqual(brief(s.validate!(indexed, ctx)), [['spec.completions', 'FieldValueRequired']]);
  const perIndex = created({ maxFailedIndexes: 1 });
  assert.deepEqual(brief(s.validate!(perIndex, ctx)), [
    ['spec.backoffLimitPerIndex', 'FieldValueRequired'],
    ['spec.maxFailedIndexes', 'FieldValueInvalid'],
  ]);
  const longName = created({ completionMode: 'Indexed', completions: 100 });
  longName.metadata!.name = 'x'.repeat(62);
  assert.ok(brief(s.validate!(longName, ctx)).some(([f]) => f === 'metadata.name'));
});

test('immutable fields on update', () => {
  const old = created();
  const next = structuredClone(old);
  const spec = next.spec as Record<string, any>;
  spec.completions = 3;
  spec.template.spec.containers[0].image = 'perl:2';
  spec.completionMode = 'Indexed';
  spec.parallelism = 5;
  const errs = s.validateUpdate!(next, old, ctx);
  assert.deepEqual(brief(errs), [
    ['spec.completions', 'FieldValueInvalid'],
    ['spec.template', 'FieldValueInvalid'],
    ['spec.completionMode', 'FieldValueInvalid'],
  ]);
  assert.equal(errs[1]!.detail, 'field is immutable');
  const scaled = structuredClone(old);
  (scaled.spec as any).parallelism = 3;
  (scaled.spec as any).suspend = true;
  assert.deepEqual(s.validateUpdate!(scaled, old, ctx), []);
});

test('suspended jobs that never started may change scheduling directives', () => {
  const old = created({ suspend: true });
  const next = structuredClone(old);
  (next.spec as any).template.spec.nodeSelector = { disk: 'ssd' };
  assert.deepEqual(s.validateUpdate!(next, old, ctx), []);
  const running = created();
  const moved = structuredClone(running);
  (moved.spec as any).template.spec.nodeSelector = { disk: 'ssd' };
  assert.deepEqual(brief(s.validateUpdate!(moved, running, ctx)), [['spec.template', 'FieldValueInvalid']]);
});

test('status and field labels', () => {
  const old = created();
  const st = created();
  st.status = { succeeded: 2, active: -1 };
  assert.deepEqual(brief(s.validateStatusUpdate!(st, old, ctx)), [['status.active', 'FieldValueInvalid']]);
  assert.deepEqual(s.fieldLabels!(st), { 'status.successful': '2' });
});

test('names that are not DNS labels draw a warning on create', () => {
  const obj = created();
  assert.deepEqual(s.warnings!(obj, undefined), []);
  obj.metadata!.name = 'pi.v2';
  const [w] = s.warnings!(obj, undefined);
  assert.match(w!, /^metadata\.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: \[a lowercase RFC 1123 label/);
  assert.deepEqual(s.warnings!(obj, created()), []);
});
