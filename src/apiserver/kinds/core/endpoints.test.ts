import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../types.js';
import { endpointsStrategy as s } from './endpoints.js';
import { ctx, summary } from './testutil.js';

const ep = (subsets: unknown[]): KubeObject => ({ metadata: { name: 'web', namespace: 'default' }, subsets });

test('good endpoints get protocol TCP and pass', () => {
  const o = ep([{ addresses: [{ ip: '10.1.0.5' }], ports: [{ port: 80 }] }]);
  s.defaults!(o);
  assert.equal((o.subsets as any)[0].ports[0].protocol, 'TCP');
  assert.deepEqual(s.validate!(o, ctx), []);
});

test('bad addresses and ports', () => {
  const o = ep([
    { addresses: [{ ip: 'nope' }, { ip: '127.0.0.1' }], ports: [{ port: 80 }, { port: 0, name: 'b' }] },
    { ports: [{ port: 1, name: 'x' }] },
  ]);
  s.defaults!(o);
  assert.deepEqual(summary(s.validate!(o, ctx)), [
    'FieldValueInvalid subsets[0].addresses[0].ip',
    'FieldValueInvalid subsets[0].addresses[1].ip',
    'FieldValueRequired subsets[0].ports[0].name',
    'FieldValueInvalid subsets[0].ports[1].port',
    'FieldValueRequired subsets[1]',
  ]);
});
