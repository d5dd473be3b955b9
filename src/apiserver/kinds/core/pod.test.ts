import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../types.js';
import { podStrategy as s } from './pod.js';
import { ctx, summary, copy } from './testutil.js';

function pod(extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default' },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...extra },
  };
}

function prepared(o: KubeObject): KubeObject {
  s.defaults!(o);
  s.prepareForCreate!(o, ctx);
  return o;
}

test('defaults follow upstream', () => {
  const o = prepared(
    pod({
      containers: [
        {
          name: 'app',
          image: 'nginx:1.25',
          ports: [{ containerPort: 80 }],
          livenessProbe: { httpGet: { port: 80 } },
          resources: { limits: { cpu: '1', memory: '1Gi' } },
          env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
        },
        { name: 'side', image: 'busybox' },
      ],
      volumes: [{ name: 'v' }, { name: 's', secret: { secretName: 'x' } }],
    }),
  );
  const spec = o.spec as any;
  assert.equal(spec.restartPolicy, 'Always');
  assert.equal(spec.dnsPolicy, 'ClusterFirst');
  assert.equal(spec.terminationGracePeriodSeconds, 30);
  assert.equal(spec.schedulerName, 'default-scheduler');
  assert.deepEqual(spec.securityContext, {});
  assert.equal(spec.enableServiceLinks, true);
  const c = spec.containers[0];
  assert.equal(c.imagePullPolicy, 'IfNotPresent');
  assert.equal(spec.containers[1].imagePullPolicy, 'Always');
  assert.equal(c.terminationMessagePath, '/dev/termination-log');
  assert.equal(c.terminationMessagePolicy, 'File');
  assert.equal(c.ports[0].protocol, 'TCP');
  assert.deepEqual(c.livenessProbe, {
    httpGet: { port: 80, path: '/', scheme: 'HTTP' },
    timeoutSeconds: 1,
    periodSeconds: 10,
    successThreshold: 1,
    failureThreshold: 3,
  });
  assert.deepEqual(c.resources.requests, { cpu: '1', memory: '1Gi' });
  assert.equal(c.env[0].valueFrom.fieldRef.apiVersion, 'v1');
  assert.deepEqual(spec.volumes[0], { name: 'v', emptyDir: {} });
  assert.equal(spec.volumes[1].secret.defaultMode, 420);
  // The second container has no limits, so the pod is Burstable.
  assert.deepEqual(o.status, { phase: 'Pending', qosClass: 'Burstable' });
  assert.deepEqual(s.validate!(o, ctx), []);
});

test('image pull policy by tag', async () => {
  const { defaultImagePullPolicy: p } = await import('./podspec-defaults.js');
  assert.equal(p('nginx'), 'Always');
  assert.equal(p('nginx:latest'), 'Always');
  assert.equal(p('localhost:5000/nginx'), 'Always');
  assert.equal(p('localhost:5000/nginx:1'), 'IfNotPresent');
  assert.equal(p('nginx@sha256:abc'), 'IfNotPresent');
});

test('qos classes', () => {
  assert.equal((prepared(pod()).status as any).qosClass, 'BestEffort');
  const b = prepared(pod({ containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '100m' } } }] }));
  assert.equal((b.status as any).qosClass, 'Burstable');
  const lim = { limits: { cpu: '100m', memory: '64Mi' } };
  const g = prepared(pod({ containers: [{ name: 'a', image: 'x', resources: lim }, { name: 'b', image: 'x', resources: lim }] }));
  assert.equal((g.status as any).qosClass, 'Guaranteed');
});

test('field errors carry upstream paths and types', () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ containers: [] }, 'FieldValueRequired spec.containers'],
    [{ containers: [{ name: 'a' }] }, 'FieldValueRequired spec.containers[0].image'],
    [{ containers: [{ name: 'A_b', image: 'x' }] }, 'FieldValueInvalid spec.containers[0].name'],
    [{ containers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'y' }] }, 'FieldValueDuplicate spec.containers[1].name'],
    [{ restartPolicy: 'Sometimes' }, 'FieldValueNotSupported spec.restartPolicy'],
    [{ dnsPolicy: 'Nope' }, 'FieldValueNotSupported spec.dnsPolicy'],
    [{ containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 70000 }] }] }, 'FieldValueInvalid spec.containers[0].ports[0].containerPort'],
    [{ containers: [{ name: 'a', image: 'x', env: [{ name: '1BAD' }] }] }, 'FieldValueInvalid spec.containers[0].env[0].name'],
    [{ containers: [{ name: 'a', image: 'x', volumeMounts: [{ name: 'nope', mountPath: '/x' }] }] }, 'FieldValueNotFound spec.containers[0].volumeMounts[0].name'],
    [
      { containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }] },
      'FieldValueInvalid spec.containers[0].resources.requests',
    ],
    [{ volumes: [{ name: 'v', emptyDir: {}, hostPath: { path: '/x' } }] }, 'FieldValueForbidden spec.volumes[0].emptyDir'],
    [{ tolerations: [{ operator: 'Equal', value: 'x' }] }, 'FieldValueInvalid spec.tolerations[0].operator'],
    [{ activeDeadlineSeconds: 0 }, 'FieldValueInvalid spec.activeDeadlineSeconds'],
  ];
  for (const [extra, want] of cases) {
    const o = pod(extra);
    s.defaults!(o);
    assert.ok(summary(s.validate!(o, ctx)).includes(want), `${want}: got ${summary(s.validate!(o, ctx)).join('; ')}`);
  }
  const bad = pod();
  bad.metadata!.name = 'Foo';
  s.defaults!(bad);
  assert.deepEqual(summary(s.validate!(bad, ctx)), ['FieldValueInvalid metadata.name']);
});

test('request above limit uses the upstream message', () => {
  const o = pod({ containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }] });
  s.defaults!(o);
  const e = s.validate!(o, ctx).find((x) => x.field.endsWith('resources.requests'))!;
  assert.equal(e.badValue, '2');
  assert.equal(e.detail, 'must be less than or equal to cpu limit of 1');
});

test('updates: only images, deadlines, tolerations and grace', () => {
  const old = prepared(pod());
  const ok = copy(old);
  (ok.spec as any).containers[0].image = 'nginx:2';
  (ok.spec as any).activeDeadlineSeconds = 100;
  (ok.spec as any).tolerations = [...(ok.spec as any).tolerations, { key: 'k', operator: 'Exists' }];
  assert.deepEqual(s.validateUpdate!(ok, old, ctx), []);

  const bad = copy(old);
  (bad.spec as any).restartPolicy = 'Never';
  const errs = s.validateUpdate!(bad, old, ctx);
  assert.deepEqual(summary(errs), ['FieldValueForbidden spec']);
  assert.match(errs[0].detail!, /^pod updates may not change fields other than `spec.containers\[\*\].image`/);

  const more = copy(old);
  (more.spec as any).containers.push({ name: 'b', image: 'x', terminationMessagePolicy: 'File', imagePullPolicy: 'Always' });
  assert.deepEqual(summary(s.validateUpdate!(more, old, ctx)), ['FieldValueForbidden spec.containers']);
});

test('nodeName is immutable once set', () => {
  const old = prepared(pod());
  const bound = copy(old);
  (bound.spec as any).nodeName = 'n1';
  assert.deepEqual(s.validateUpdate!(bound, old, ctx), []);
  const moved = copy(bound);
  (moved.spec as any).nodeName = 'n2';
  assert.deepEqual(summary(s.validateUpdate!(moved, bound, ctx)), ['FieldValueForbidden spec']);
});

test('status and spec are kept on the other path', () => {
  const old = prepared(pod());
  const upd = copy(old);
  upd.status = { phase: 'Running' };
  s.prepareForUpdate!(upd, old, ctx);
  assert.equal((upd.status as any).phase, 'Pending');
  const st = copy(old);
  st.status = { phase: 'Running', podIP: '10.0.0.1' };
  (st.spec as any).restartPolicy = 'Never';
  s.prepareForStatusUpdate!(st, old, ctx);
  assert.equal((st.spec as any).restartPolicy, 'Always');
  assert.deepEqual(s.validateStatusUpdate!(st, old, ctx), []);
});

test('grace period and field labels', () => {
  const o = prepared(pod({ terminationGracePeriodSeconds: 5 }));
  assert.equal(s.gracePeriodSeconds!(o), 0);
  (o.spec as any).nodeName = 'n1';
  assert.equal(s.gracePeriodSeconds!(o), 5);
  assert.equal(s.fieldLabels!(o)['spec.nodeName'], 'n1');
  assert.equal(s.fieldLabels!(o)['status.phase'], 'Pending');
});
