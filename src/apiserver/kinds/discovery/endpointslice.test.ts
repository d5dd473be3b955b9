import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpointSliceStrategy as s } from './endpointslice.js';
import type { KubeObject } from '../../types.js';

const ctx = { namespace: 'default', subresource: '', dryRun: false };
const brief = (errs: { field: string; type: string }[]) => errs.map((e) => [e.field, e.type]);
const slice = (extra: Record<string, unknown>): KubeObject => ({
  metadata: { name: 'web-abc', namespace: 'default' },
  addressType: 'IPv4',
  ...extra,
});

test('a valid slice passes and ports default to TCP with an empty name', () => {
  const obj = slice({ endpoints: [{ addresses: ['10.0.0.5'], conditions: { ready: true }, nodeName: 'n1' }], ports: [{ port: 80 }] });
  s.defaults!(obj);
  assert.deepEqual(obj.ports, [{ port: 80, name: '', protocol: 'TCP' }]);
  assert.deepEqual(s.validate!(obj, ctx), []);
});

test('addressType is required and an enum', () => {
  assert.deepEqual(brief(s.validate!(slice({ addressType: undefined }), ctx)), [['addressType', 'FieldValueRequired']]);
  assert.deepEqual(brief(s.validate!(slice({ addressType: 'IPv5' }), ctx)), [['addressType', 'FieldValueNotSupported']]);
});

test('addresses are checked per address type', () => {
  const obj = slice({ endpoints: [{ addresses: [] }, { addresses: ['fd00::1', '127.0.0.1', '10.1.2.3'] }] });
  const errs = s.validate!(obj, ctx);
  assert.deepEqual(brief(errs), [
    ['endpoints[0].addresses', 'FieldValueRequired'],
    ['endpoints[1].addresses[0]', 'FieldValueInvalid'],
    ['endpoints[1].addresses[1]', 'FieldValueInvalid'],
  ]);
  assert.equal(errs[1]!.detail, 'must be a valid IPv4 address');
  assert.equal(errs[2]!.detail, 'may not be in the loopback range (127.0.0.0/8, ::1/128)');
  const v6 = slice({ addressType: 'IPv6', endpoints: [{ addresses: ['fe80::1', '2001:db8::1'] }] });
  assert.deepEqual(brief(s.validate!(v6, ctx)), [['endpoints[0].addresses[0]', 'FieldValueInvalid']]);
  const fqdn = slice({ addressType: 'FQDN', endpoints: [{ addresses: ['example.com', 'localhost'] }] });
  assert.deepEqual(brief(s.validate!(fqdn, ctx)), [['endpoints[0].addresses[1]', 'FieldValueInvalid']]);
});

test('ports: duplicate names, protocols', () => {
  const obj = slice({ ports: [{ name: 'http', protocol: 'TCP' }, { name: 'http', protocol: 'ICMP' }, { name: 'Bad_Name', protocol: 'UDP' }] });
  assert.deepEqual(brief(s.validate!(obj, ctx)), [
    ['ports[1].name', 'FieldValueDuplicate'],
    ['ports[1].protocol', 'FieldValueNotSupported'],
    ['ports[2].name', 'FieldValueInvalid'],
  ]);
});

test('addressType is immutable', () => {
  const old = slice({});
  const errs = s.validateUpdate!(slice({ addressType: 'IPv6' }), old, ctx);
  assert.deepEqual(brief(errs), [['addressType', 'FieldValueInvalid']]);
  assert.equal(errs[0]!.detail, 'field is immutable');
});
