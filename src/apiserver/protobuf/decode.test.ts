import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeProtobufObject, ProtobufDecodeError } from './index.js';
import { objectMeta, pbBody, PbWriter } from './test-writer.js';

const decode = (apiVersion: string, kind: string, build: (w: PbWriter) => unknown) => {
  const w = new PbWriter();
  build(w);
  return decodeProtobufObject(pbBody(apiVersion, kind, w.finish()));
};

// 2024-01-02T03:04:05Z
const T = 1704164645;

describe('decodeProtobufObject: a Pod exercising the special encodings', () => {
  const pod = decode('v1', 'Pod', (w) =>
    w
      .msg(1, (m) => {
        objectMeta(m, 'web', 'prod');
        m.msg(9, (t) => t.varint(1, T)) // deletionTimestamp (pointer Time)
          .entry(11, 'app', 'web')
          .entry(11, 'tier', 'fe')
          .msg(13, (o) => o.string(1, 'ReplicaSet').string(3, 'rs').string(4, 'u-1').string(5, 'apps/v1').varint(6, true))
          .string(14, 'example.com/x')
          .msg(17, (mf) =>
            mf.string(1, 'kubectl').string(2, 'Apply').string(3, 'v1').msg(4, (t) => t.varint(1, T))
              .string(6, 'FieldsV1').msg(7, (f) => f.bytes(1, Buffer.from('{"f:metadata":{}}'))),
          );
      })
      .msg(2, (s) =>
        s
          .msg(1, (v) => v.string(1, 'cache').msg(2, (vs) => vs.msg(2, (e) => e.string(1, 'Memory').msg(2, (q) => q.string(1, '64Mi')))))
          .msg(1, (v) => v.string(1, 'sec').msg(2, (vs) => vs.msg(6, (sv) => sv.string(1, 'creds').varint(3, 0o400))))
          .msg(2, (c) =>
            c
              .string(1, 'app')
              .string(2, 'nginx:1.27')
              .string(3, 'sh')
              .string(3, '-c')
              .msg(6, (p) => p.string(1, 'http').varint(2, 0).varint(3, 80).string(4, 'TCP').string(5, ''))
              .msg(7, (e) => e.string(1, 'A').string(2, ''))
              .msg(8, (r) => r.msg(1, (l) => l.string(1, 'cpu').msg(2, (q) => q.string(1, '500m'))))
              .msg(10, (p) =>
                p.msg(1, (h) => h.msg(2, (g) => g.string(1, '/healthz').msg(2, (i) => i.varint(1, 1).string(3, 'http'))))
                  .varint(2, 3).varint(3, 0).varint(4, 10).varint(5, 0).varint(6, 0),
              )
              .msg(15, (sc) => sc.varint(4, 0).varint(5, true).varint(2, false)),
          )
          .varint(4, 0) // terminationGracePeriodSeconds: pointer, present zero → kept
          .varint(11, false) // hostNetwork: omitempty false → dropped
          .msg(22, (t) => t.string(1, 'k').string(2, 'Exists').string(4, 'NoExecute').varint(5, -1))
          .varint(25, -5), // priority: negative int32 (10-byte varint)
      )
      .msg(3, (st) =>
        st
          .string(1, 'Running')
          .msg(2, (c) => c.string(1, 'Ready').string(2, 'True').msg(3).msg(4, (t) => t.varint(1, T)))
          .msg(7, (t) => t.varint(1, T)),
      ),
  );

  it('maps every field to Kubernetes JSON', () => {
    assert.deepEqual(pod, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'web',
        namespace: 'prod',
        deletionTimestamp: '2024-01-02T03:04:05Z',
        labels: { app: 'web', tier: 'fe' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u-1', controller: true }],
        finalizers: ['example.com/x'],
        managedFields: [
          {
            manager: 'kubectl',
            operation: 'Apply',
            apiVersion: 'v1',
            time: '2024-01-02T03:04:05Z',
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:metadata': {} },
          },
        ],
      },
      spec: {
        volumes: [
          { name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
          { name: 'sec', secret: { secretName: 'creds', defaultMode: 256 } },
        ],
        containers: [
          {
            name: 'app',
            image: 'nginx:1.27',
            command: ['sh', '-c'],
            ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
            env: [{ name: 'A' }],
            resources: { limits: { cpu: '500m' } },
            livenessProbe: {
              httpGet: { path: '/healthz', port: 'http' },
              initialDelaySeconds: 3,
              periodSeconds: 10,
            },
            securityContext: { privileged: false, runAsUser: 0, runAsNonRoot: true },
          },
        ],
        terminationGracePeriodSeconds: 0,
        tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: -1 }],
        priority: -5,
      },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-01-02T03:04:05Z' }],
        startTime: '2024-01-02T03:04:05Z',
      },
    });
  });
});

describe('decodeProtobufObject: field presence rules', () => {
  it('emits non-omitempty scalars even when absent, and omits absent pointers', () => {
    const svc = decode('v1', 'Service', (w) => w.msg(2, (s) => s.msg(1, (p) => p.string(1, 'x'))));
    assert.deepEqual(svc, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {},
      spec: { ports: [{ name: 'x', port: 0 }] },
      status: { loadBalancer: {} },
    });
  });

  it('writes IntOrString as a number or a string, dropping a zero non-pointer value', () => {
    const svc = decode('v1', 'Service', (w) =>
      w.msg(2, (s) =>
        s
          .msg(1, (p) => p.varint(3, 80).msg(4, (i) => i.varint(1, 0).varint(2, 8080)))
          .msg(1, (p) => p.varint(3, 81).msg(4, (i) => i.varint(1, 1).string(3, 'web')))
          .msg(1, (p) => p.varint(3, 82).msg(4, (i) => i.varint(1, 0).varint(2, 0).string(3, ''))),
      ),
    ) as { spec: { ports: unknown[] } };
    assert.deepEqual(svc.spec.ports, [
      { port: 80, targetPort: 8080 },
      { port: 81, targetPort: 'web' },
      { port: 82 },
    ]);
  });

  it('keeps a zero IntOrString behind a pointer (maxUnavailable: 0)', () => {
    const d = decode('apps/v1', 'Deployment', (w) =>
      w.msg(2, (s) => s.msg(4, (st) => st.string(1, 'RollingUpdate').msg(2, (ru) => ru.msg(1, (i) => i.varint(2, 0)).msg(2, (i) => i.varint(1, 1).string(3, '25%'))))),
    ) as { spec: { strategy: unknown } };
    assert.deepEqual(d.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } });
  });

  it('keeps present-zero pointers (replicas 0, paused false dropped, revisionHistoryLimit 0 kept)', () => {
    const d = decode('apps/v1', 'Deployment', (w) => w.msg(2, (s) => s.varint(1, 0).varint(7, false).varint(6, 0))) as {
      spec: Record<string, unknown>;
    };
    assert.equal(d.spec['replicas'], 0);
    assert.equal(d.spec['revisionHistoryLimit'], 0);
    assert.equal('paused' in d.spec, false);
  });

  it('drops the zero creationTimestamp and keeps a set one', () => {
    const zero = decode('v1', 'Namespace', (w) => w.msg(1, (m) => objectMeta(m, 'a')));
    assert.deepEqual(zero, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' }, spec: {}, status: {} });
    const set = decode('v1', 'Namespace', (w) => w.msg(1, (m) => m.string(1, 'a').msg(8, (t) => t.varint(1, 0)))) as {
      metadata: Record<string, unknown>;
    };
    assert.equal(set.metadata['creationTimestamp'], '1970-01-01T00:00:00Z');
  });

  it('merges a message field that appears twice, as protobuf does', () => {
    const cm = decode('v1', 'ConfigMap', (w) => w.msg(1, (m) => m.string(1, 'a')).msg(1, (m) => m.string(3, 'ns')));
    assert.deepEqual(cm, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'ns' } });
  });

  it('skips unknown field numbers of every wire type', () => {
    const cm = decode('v1', 'ConfigMap', (w) =>
      w.msg(1, (m) => m.string(1, 'a').varint(99, 7)).string(77, 'future').varint(78, 1).fixed64(79, 1.5).entry(2, 'k', 'v'),
    );
    assert.deepEqual(cm, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' } });
  });

  it('accepts packed repeated numbers as well as unpacked ones', () => {
    const pod = decode('v1', 'Pod', (w) =>
      w.msg(2, (s) => s.msg(14, (sc) => sc.packed(4, [1000, 2000]).varint(4, 3000))),
    ) as { spec: { securityContext: unknown } };
    assert.deepEqual(pod.spec.securityContext, { supplementalGroups: [1000, 2000, 3000] });
  });

  it('decodes map keys that look like object internals as plain keys', () => {
    const cm = decode('v1', 'ConfigMap', (w) => w.entry(2, '__proto__', 'x').entry(2, 'constructor', 'y')) as {
      data: Record<string, string>;
    };
    assert.equal(Object.getPrototypeOf(cm.data), Object.prototype);
    assert.deepEqual(Object.keys(cm.data), ['__proto__', 'constructor']);
    assert.equal(cm.data['__proto__'], 'x');
  });
});

describe('decodeProtobufObject: special types', () => {
  it('MicroTime keeps six fraction digits (Lease)', () => {
    const lease = decode('coordination.k8s.io/v1', 'Lease', (w) =>
      w.msg(2, (s) => s.string(1, 'node-1').varint(2, 40).msg(3, (t) => t.varint(1, T).varint(2, 123456789)).varint(5, 0)),
    ) as { spec: unknown };
    assert.deepEqual(lease.spec, {
      holderIdentity: 'node-1',
      leaseDurationSeconds: 40,
      acquireTime: '2024-01-02T03:04:05.123456Z',
      leaseTransitions: 0,
    });
  });

  it('RawExtension holds JSON, or a nested protobuf object (ControllerRevision)', () => {
    const json = decode('apps/v1', 'ControllerRevision', (w) =>
      w.msg(2, (r) => r.bytes(1, Buffer.from('{"spec":{"template":{}}}'))).varint(3, 2),
    );
    assert.deepEqual(json, { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: {}, data: { spec: { template: {} } }, revision: 2 });
    const inner = pbBody('v1', 'ConfigMap', new PbWriter().entry(2, 'a', 'b').finish());
    const nested = decode('apps/v1', 'ControllerRevision', (w) => w.msg(2, (r) => r.bytes(1, inner)).varint(3, 1)) as {
      data: unknown;
    };
    assert.deepEqual(nested.data, { apiVersion: 'v1', kind: 'ConfigMap', metadata: {}, data: { a: 'b' } });
  });

  it('ExtraValue maps become arrays (SubjectAccessReview)', () => {
    const sar = decode('authorization.k8s.io/v1', 'SubjectAccessReview', (w) =>
      w.msg(2, (s) =>
        s
          .msg(2, (n) => n.string(1, '/healthz').string(2, 'get'))
          .string(3, 'alice')
          .string(4, 'devs')
          .msg(5, (e) => e.string(1, 'scopes').msg(2, (v) => v.string(1, 'a').string(1, 'b'))),
      ),
    ) as { spec: unknown; status: unknown };
    assert.deepEqual(sar.spec, {
      nonResourceAttributes: { path: '/healthz', verb: 'get' },
      user: 'alice',
      groups: ['devs'],
      extra: { scopes: ['a', 'b'] },
    });
    assert.deepEqual(sar.status, { allowed: false });
  });

  it('Eviction carries DeleteOptions with pointer fields', () => {
    const ev = decode('policy/v1', 'Eviction', (w) =>
      w.msg(1, (m) => m.string(1, 'p1').string(3, 'ns')).msg(2, (o) => o.varint(1, 0).msg(2, (p) => p.string(1, 'uid-1')).string(5, 'All')),
    );
    assert.deepEqual(ev, {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'p1', namespace: 'ns' },
      deleteOptions: { gracePeriodSeconds: 0, preconditions: { uid: 'uid-1' }, dryRun: ['All'] },
    });
  });

  it('meta/v1 option kinds resolve in any group version', () => {
    const del = decode('apps/v1', 'DeleteOptions', (w) => w.string(4, 'Foreground').varint(3, false));
    assert.deepEqual(del, { apiVersion: 'apps/v1', kind: 'DeleteOptions', orphanDependents: false, propagationPolicy: 'Foreground' });
  });

  it('autoscaling/v1 Scale', () => {
    const sc = decode('autoscaling/v1', 'Scale', (w) => w.msg(1, (m) => m.string(1, 'd')).msg(2, (s) => s.varint(1, 0)));
    assert.deepEqual(sc, { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'd' }, spec: {}, status: { replicas: 0 } });
  });
});

describe('decodeProtobufObject: errors', () => {
  it('rejects a body without the k8s\\0 prefix', () => {
    assert.throws(() => decodeProtobufObject(Buffer.from('{"kind":"Pod"}')), ProtobufDecodeError);
  });

  it('rejects kinds it has no layout for, naming them', () => {
    const body = pbBody('example.com/v1', 'Widget', new Uint8Array(0));
    assert.throws(() => decodeProtobufObject(body), (e: unknown) => e instanceof ProtobufDecodeError && /Widget/.test(e.message));
  });

  it('rejects a wire type that does not fit the field, naming the field', () => {
    const body = pbBody('v1', 'ConfigMap', new PbWriter().msg(1, (m) => m.varint(1, 5)).finish());
    assert.throws(() => decodeProtobufObject(body), (e: unknown) => e instanceof ProtobufDecodeError && /metadata\.name/.test(e.message));
  });

  it('rejects truncated input', () => {
    const good = pbBody('v1', 'ConfigMap', new PbWriter().entry(2, 'a', 'b').finish());
    assert.throws(() => decodeProtobufObject(good.subarray(0, good.length - 8)), ProtobufDecodeError);
  });

  it('rejects an envelope with a content encoding', () => {
    const body = pbBody('v1', 'ConfigMap', new Uint8Array(0), { contentEncoding: 'gzip' });
    assert.throws(() => decodeProtobufObject(body), ProtobufDecodeError);
  });

  it('accepts an envelope whose raw bytes are JSON', () => {
    const body = pbBody('v1', 'ConfigMap', Buffer.from('{"data":{"a":"b"}}'), { contentType: 'application/json' });
    assert.deepEqual(decodeProtobufObject(body), { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } });
  });
});

describe('decodeProtobufObject: nesting bound', () => {
  it('refuses RawExtensions nested without end', () => {
    let body = pbBody('v1', 'ConfigMap', new Uint8Array(0));
    for (let i = 0; i < 40; i++) {
      body = pbBody('apps/v1', 'ControllerRevision', new PbWriter().msg(2, (r) => r.bytes(1, body)).finish());
    }
    assert.throws(() => decodeProtobufObject(body), (e: unknown) => e instanceof ProtobufDecodeError && /nested/.test(e.message));
    // and the depth counter is back to zero afterwards
    assert.deepEqual(decodeProtobufObject(pbBody('v1', 'ConfigMap', new Uint8Array(0))), { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} });
  });
});
