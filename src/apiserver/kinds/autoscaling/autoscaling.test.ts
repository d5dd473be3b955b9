import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../types.js';
import { hpaV1ToV2, hpaV2ToV1, METRICS_ANNOTATION } from './convert.js';
import { defaultHpaV2 } from './defaults.js';
import { hpaPrinter } from './printer.js';
import { hpaV1Strategy, hpaV2Strategy } from './strategy.js';

const ctx = { namespace: 'default', subresource: '', dryRun: false };
const brief = (errs: { field: string; type: string }[]) => errs.map((e) => [e.field, e.type]);

const v2 = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: 'default', creationTimestamp: '2024-01-01T00:00:00Z' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5, ...spec },
});

test('v2 defaults: minReplicas 1, cpu 80%, behavior filled with scale-down window unset', () => {
  const o = v2({ behavior: { scaleDown: { stabilizationWindowSeconds: 0 } } });
  defaultHpaV2(o);
  const spec = o.spec as any;
  assert.equal(spec.minReplicas, 1);
  assert.deepEqual(spec.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
  assert.equal(spec.behavior.scaleDown.stabilizationWindowSeconds, 0);
  assert.deepEqual(spec.behavior.scaleDown.policies, [{ type: 'Percent', value: 100, periodSeconds: 15 }]);
  assert.equal(spec.behavior.scaleUp.stabilizationWindowSeconds, 0);
  assert.equal(spec.behavior.scaleUp.policies.length, 2);
  const plain = v2({});
  defaultHpaV2(plain);
  assert.equal((plain.spec as any).behavior, undefined);
});

test('v2 validation: replicas bounds, target ref, metric specs, behavior', () => {
  const o = v2({ minReplicas: 0, maxReplicas: 0, scaleTargetRef: { kind: '', name: 'a/b' } });
  assert.deepEqual(brief(hpaV2Strategy.validate!(o, ctx)), [
    ['spec.minReplicas', 'FieldValueInvalid'],
    ['spec.maxReplicas', 'FieldValueInvalid'],
    ['spec.scaleTargetRef.kind', 'FieldValueRequired'],
    ['spec.scaleTargetRef.name', 'FieldValueInvalid'],
  ]);
  const m = v2({
    minReplicas: 3,
    maxReplicas: 2,
    metrics: [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 0 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue' } } },
      { type: 'Pods' },
      { type: 'Bogus', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 5 } } },
    ],
    behavior: { scaleDown: { stabilizationWindowSeconds: 4000, policies: [{ type: 'Nope', value: 0, periodSeconds: 2000 }] } },
  });
  assert.deepEqual(brief(hpaV2Strategy.validate!(m, ctx)), [
    ['spec.maxReplicas', 'FieldValueInvalid'],
    ['spec.metrics[0].resource.target.averageUtilization', 'FieldValueInvalid'],
    ['spec.metrics[1].resource.target.averageUtilization', 'FieldValueRequired'],
    ['spec.metrics[2].pods', 'FieldValueRequired'],
    ['spec.metrics[3].type', 'FieldValueNotSupported'],
    ['spec.metrics[3].bogus', 'FieldValueRequired'],
    ['spec.behavior.scaleDown.stabilizationWindowSeconds', 'FieldValueInvalid'],
    ['spec.behavior.scaleDown.policies[0].type', 'FieldValueNotSupported'],
    ['spec.behavior.scaleDown.policies[0].value', 'FieldValueInvalid'],
    ['spec.behavior.scaleDown.policies[0].periodSeconds', 'FieldValueInvalid'],
  ]);
  const ok = v2({ minReplicas: 1 });
  defaultHpaV2(ok);
  assert.deepEqual(hpaV2Strategy.validate!(ok, ctx), []);
});

test('v1 ⇄ v2: the CPU target maps to a metric, the rest round-trips through annotations', () => {
  const stored = v2({
    minReplicas: 1,
    metrics: [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } },
    ],
    behavior: { scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 15 }] } },
  });
  stored.status = {
    currentReplicas: 2,
    desiredReplicas: 3,
    currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 70, averageValue: '70m' } } }],
    conditions: [{ type: 'AbleToScale', status: 'True', reason: 'SucceededRescale' }],
  };
  const v1 = hpaV2ToV1(stored);
  assert.equal(v1.apiVersion, 'autoscaling/v1');
  assert.deepEqual(v1.spec, { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 50 });
  assert.deepEqual(v1.status, { currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 70 });
  assert.ok(v1.metadata!.annotations![METRICS_ANNOTATION]!.includes('memory'));
  const back = hpaV1ToV2(v1);
  assert.deepEqual((back.spec as any).metrics, (stored.spec as any).metrics);
  assert.deepEqual((back.spec as any).behavior, (stored.spec as any).behavior);
  assert.deepEqual((back.status as any).conditions, (stored.status as any).conditions);
  assert.equal(back.metadata!.annotations, undefined);
});

test('v1 strategy validates the converted object and defaults minReplicas', () => {
  const o: KubeObject = {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'default' },
    spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 5, targetCPUUtilizationPercentage: 0 },
  };
  hpaV1Strategy.defaults!(o);
  assert.equal((o.spec as any).minReplicas, 1);
  assert.deepEqual(brief(hpaV1Strategy.validate!(o, ctx)), [['spec.metrics[0].resource.target.averageUtilization', 'FieldValueInvalid']]);
});

test('table: upstream columns and target formatting', () => {
  assert.deepEqual(hpaPrinter.columns.map((c) => c.name), ['Name', 'Reference', 'Targets', 'MinPods', 'MaxPods', 'Replicas', 'Age']);
  const o = v2({ minReplicas: 1, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] });
  const now = new Date('2024-01-01T00:05:00Z');
  assert.deepEqual(hpaPrinter.cells(o, now), ['web', 'Deployment/web', 'cpu: <unknown>/50%', '1', 5, 0, '5m']);
  o.status = { currentReplicas: 2, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 12 } } }] };
  assert.equal(hpaPrinter.cells(o, now)[2], 'cpu: 12%/50%');
  assert.equal(hpaPrinter.cells(hpaV2ToV1(o), now)[2], 'cpu: 12%/50%');
});
