import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../types.js';
import { serviceStrategy as s } from './service.js';
import { ctx, summary, copy } from './testutil.js';

const svc = (spec: Record<string, unknown>): KubeObject => ({ metadata: { name: 'web', namespace: 'default' }, spec });

function created(o: KubeObject): KubeObject {
  s.defaults!(o);
  s.prepareForCreate!(o, ctx);
  return o;
}

test('defaults', () => {
  const o = created(svc({ selector: { app: 'web' }, ports: [{ port: 80 }] }));
  assert.deepEqual(o.spec, {
    selector: { app: 'web' },
    ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
    sessionAffinity: 'None',
    type: 'ClusterIP',
    internalTrafficPolicy: 'Cluster',
    ipFamilyPolicy: 'SingleStack',
    ipFamilies: ['IPv4'],
  });
  assert.deepEqual(o.status, { loadBalancer: {} });
  assert.deepEqual(s.validate!(o, ctx), []);
  const lb = created(svc({ type: 'LoadBalancer', ports: [{ port: 80, targetPort: 'http' }], sessionAffinity: 'ClientIP' }));
  const spec = lb.spec as any;
  assert.equal(spec.externalTrafficPolicy, 'Cluster');
  assert.equal(spec.allocateLoadBalancerNodePorts, true);
  assert.equal(spec.sessionAffinityConfig.clientIP.timeoutSeconds, 10800);
  assert.equal(spec.ports[0].targetPort, 'http');
  assert.deepEqual(s.validate!(lb, ctx), []);
});

test('names are DNS-1035 labels', () => {
  const o = created(svc({ ports: [{ port: 80 }] }));
  o.metadata!.name = '1web';
  assert.deepEqual(summary(s.validate!(o, ctx)), ['FieldValueInvalid metadata.name']);
});

test('ports rules', () => {
  const cases: [Record<string, unknown>, string[]][] = [
    [{}, ['FieldValueRequired spec.ports']],
    [{ clusterIP: 'None' }, []],
    [{ type: 'ExternalName', externalName: 'example.com' }, []],
    [{ type: 'ExternalName' }, ['FieldValueRequired spec.externalName']],
    [{ ports: [{ port: 80 }, { port: 81, name: 'b' }] }, ['FieldValueRequired spec.ports[0].name']],
    [{ ports: [{ port: 80, name: 'a' }, { port: 81, name: 'a' }] }, ['FieldValueDuplicate spec.ports[1].name']],
    [{ ports: [{ port: 0 }] }, ['FieldValueInvalid spec.ports[0].port', 'FieldValueInvalid spec.ports[0].targetPort']],
    [{ ports: [{ port: 80, protocol: 'ICMP' }] }, ['FieldValueNotSupported spec.ports[0].protocol']],
    [{ ports: [{ port: 80, nodePort: 30000 }] }, ['FieldValueForbidden spec.ports[0].nodePort']],
    [{ type: 'Magic', ports: [{ port: 80 }] }, ['FieldValueNotSupported spec.type']],
    [{ clusterIP: '10.0.0.300', ports: [{ port: 80 }] }, ['FieldValueInvalid spec.clusterIPs[0]']],
  ];
  for (const [spec, want] of cases) {
    const o = created(svc(spec));
    assert.deepEqual(summary(s.validate!(o, ctx)), want, JSON.stringify(spec));
  }
});

test('clusterIP: kept when omitted, immutable when changed', () => {
  const old = created(svc({ clusterIP: '10.96.0.10', ports: [{ port: 80 }] }));
  assert.deepEqual((old.spec as any).clusterIPs, ['10.96.0.10']);
  const upd = svc({ ports: [{ port: 8080 }] });
  s.defaults!(upd);
  s.prepareForUpdate!(upd, old, ctx);
  assert.equal((upd.spec as any).clusterIP, '10.96.0.10');
  assert.deepEqual(s.validateUpdate!(upd, old, ctx), []);
  const moved = copy(old);
  (moved.spec as any).clusterIP = '10.96.0.11';
  (moved.spec as any).clusterIPs = ['10.96.0.11'];
  assert.deepEqual(summary(s.validateUpdate!(moved, old, ctx)), ['FieldValueInvalid spec.clusterIPs[0]']);
  const toExt = copy(moved);
  (toExt.spec as any).type = 'ExternalName';
  assert.deepEqual(summary(s.validateUpdate!(toExt, old, ctx)).filter((x) => x.includes('clusterIPs[0]')), []);
});
