import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkPolicyStrategy as s } from './networkpolicy.js';
import type { KubeObject } from '../../types.js';

const ctx = { namespace: 'default', subresource: '', dryRun: false };
const brief = (errs: { field: string; type: string }[]) => errs.map((e) => [e.field, e.type]);
const np = (spec: Record<string, unknown>): KubeObject => ({ metadata: { name: 'deny', namespace: 'default' }, spec });

test('policyTypes default from egress presence; ports default to TCP', () => {
  const a = np({ podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] });
  s.defaults!(a);
  assert.deepEqual((a.spec as { policyTypes: string[] }).policyTypes, ['Ingress']);
  assert.deepEqual((a.spec as { ingress: { ports: unknown[] }[] }).ingress[0]!.ports, [{ port: 80, protocol: 'TCP' }]);
  const b = np({ podSelector: {}, egress: [{}] });
  s.defaults!(b);
  assert.deepEqual((b.spec as { policyTypes: string[] }).policyTypes, ['Ingress', 'Egress']);
  const c = np({ podSelector: {}, egress: [{}], policyTypes: ['Egress'] });
  s.defaults!(c);
  assert.deepEqual((c.spec as { policyTypes: string[] }).policyTypes, ['Egress']);
  assert.deepEqual(s.validate!(a, ctx), []);
});

test('ports and peers are checked', () => {
  const obj = np({
    podSelector: { matchLabels: { app: 'web' } },
    ingress: [
      {
        ports: [{ protocol: 'ICMP', port: 80 }, { port: 'http', endPort: 90 }, { port: 100, endPort: 90 }],
        from: [{}, { ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }],
      },
    ],
    policyTypes: ['Ingress', 'Sideways'],
  });
  assert.deepEqual(brief(s.validate!(obj, ctx)), [
    ['spec.ingress[0].ports[0].protocol', 'FieldValueNotSupported'],
    ['spec.ingress[0].ports[1].endPort', 'FieldValueInvalid'],
    ['spec.ingress[0].ports[2].endPort', 'FieldValueInvalid'],
    ['spec.ingress[0].from[0]', 'FieldValueRequired'],
    ['spec.ingress[0].from[1]', 'FieldValueForbidden'],
    ['spec.policyTypes[1]', 'FieldValueNotSupported'],
  ]);
});

test('ipBlock CIDR and except must be strict subsets', () => {
  const obj = np({
    podSelector: {},
    egress: [
      {
        to: [
          { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '192.168.0.0/16', '10.0.0.0/8'] } },
          { ipBlock: { cidr: '10.0.0.0/33' } },
          { ipBlock: { cidr: '' } },
          { ipBlock: { cidr: 'fd00::/8', except: ['fd00:1::/32'] } },
        ],
      },
    ],
  });
  const errs = s.validate!(obj, ctx);
  assert.deepEqual(brief(errs), [
    ['spec.egress[0].to[0].ipBlock.except[1]', 'FieldValueInvalid'],
    ['spec.egress[0].to[0].ipBlock.except[2]', 'FieldValueInvalid'],
    ['spec.egress[0].to[1].ipBlock.cidr', 'FieldValueInvalid'],
    ['spec.egress[0].to[2].ipBlock.cidr', 'FieldValueRequired'],
  ]);
  assert.equal(errs[0]!.detail, 'must be a strict subset of `cidr`');
});
