import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commentMatches, parseRules, splitRule } from './iptables.js';

const SAMPLE = `-P POSTROUTING ACCEPT
-N CNI-029a01cdce11a1cf1e81706d
-N CNI-HOSTPORT-DNAT
-A POSTROUTING -m comment --comment "CNI portfwd requiring masquerade" -j CNI-HOSTPORT-MASQ
-A POSTROUTING -s 10.244.177.2/32 -m comment --comment "name: \\"skiff-7e5e9af5\\" id: \\"sbx1\\"" -j CNI-029a01cdce11a1cf1e81706d
-A CNI-029a01cdce11a1cf1e81706d ! -d 224.0.0.0/4 -m comment --comment "name: \\"skiff-7e5e9af5\\" id: \\"sbx1\\"" -j MASQUERADE
-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"skiff-7e5e9af5\\" id: \\"sbx1\\"" -m multiport --dports 31999 -j CNI-DN-029a01cdce11a1cf1e817
`;

test('splits iptables -S lines honouring quotes and escapes', () => {
  assert.deepEqual(splitRule('-A X -m comment --comment "a \\"b\\" c" -j Y'), ['-A', 'X', '-m', 'comment', '--comment', 'a "b" c', '-j', 'Y']);
  assert.deepEqual(splitRule('-A X --comment ""  -j  Y'), ['-A', 'X', '--comment', '', '-j', 'Y']);
});

test('parses chains, rules, comments and targets', () => {
  const { chains, rules } = parseRules('nat', SAMPLE);
  assert.deepEqual(chains, ['POSTROUTING', 'CNI-029a01cdce11a1cf1e81706d', 'CNI-HOSTPORT-DNAT']);
  assert.equal(rules.length, 4);
  assert.equal(rules[1]!.comment, 'name: "skiff-7e5e9af5" id: "sbx1"');
  assert.equal(rules[1]!.target, 'CNI-029a01cdce11a1cf1e81706d');
  assert.deepEqual(rules[1]!.spec.slice(0, 2), ['-s', '10.244.177.2/32']);
  assert.equal(rules[3]!.chain, 'CNI-HOSTPORT-DNAT');
  assert.equal(commentMatches(rules[3]!.comment, 'skiff-7e5e9af5'), true);
  assert.equal(commentMatches(rules[3]!.comment, 'skiff-7e5e9af5', 'sbx1'), true);
  assert.equal(commentMatches(rules[3]!.comment, 'skiff-7e5e9af5', 'sbx2'), false);
  assert.equal(commentMatches(rules[3]!.comment, 'skiff-7e5e9af'), false);
  assert.equal(commentMatches(rules[0]!.comment, 'skiff-7e5e9af5'), false);
});
