import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitRule } from './podman.js';

test('splitRule keeps quoted comments whole', () => {
  assert.deepEqual(splitRule('FORWARD -m comment --comment "netavark firewall plugin rules" -j NETAVARK_FORWARD'), [
    'FORWARD', '-m', 'comment', '--comment', 'netavark firewall plugin rules', '-j', 'NETAVARK_FORWARD',
  ]);
  assert.deepEqual(splitRule('POSTROUTING -j NETAVARK-HOSTPORT-MASQ'), ['POSTROUTING', '-j', 'NETAVARK-HOSTPORT-MASQ']);
  assert.deepEqual(splitRule('X --comment "a \\"b\\" c"'), ['X', '--comment', 'a "b" c']);
});
