import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergePatch, pruneNulls } from './merge-patch.js';

test('RFC 7386 appendix A examples', () => {
  const cases: Array<[unknown, unknown, unknown]> = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [target, patch, expected] of cases) {
    assert.deepEqual(mergePatch(target, patch), expected, `${JSON.stringify(target)} + ${JSON.stringify(patch)}`);
  }
});

test('arrays are replaced, not merged, and objects merge recursively', () => {
  const pod = {
    metadata: { name: 'p', labels: { app: 'a', tier: 'web' } },
    spec: { containers: [{ name: 'c', image: 'nginx' }], tolerations: [{ key: 'k' }] },
  };
  const out = mergePatch(pod, {
    metadata: { labels: { tier: null, team: 'x' } },
    spec: { containers: [{ name: 'd', image: 'redis' }] },
  });
  assert.deepEqual(out, {
    metadata: { name: 'p', labels: { app: 'a', team: 'x' } },
    spec: { containers: [{ name: 'd', image: 'redis' }], tolerations: [{ key: 'k' }] },
  });
});

test('nulls are pruned from values that are set rather than merged', () => {
  assert.deepEqual(mergePatch({ a: 1 }, { b: { c: null, d: [{ e: null, f: 1 }, null] } }), { a: 1, b: { d: [{ f: 1 }, null] } });
  assert.deepEqual(pruneNulls([null, { a: null }]), [null, {}]);
});

test('inputs are not mutated and the result shares nothing with them', () => {
  const target = { a: { b: [1] }, keep: { x: 1 } };
  const patch = { a: { c: { d: 1 } } };
  const out = mergePatch(target, patch) as { a: { b: number[]; c: { d: number } }; keep: { x: number } };
  assert.deepEqual(out, { a: { b: [1], c: { d: 1 } }, keep: { x: 1 } });
  out.a.b.push(2);
  out.a.c.d = 2;
  out.keep.x = 2;
  assert.deepEqual(target, { a: { b: [1] }, keep: { x: 1 } });
  assert.deepEqual(patch, { a: { c: { d: 1 } } });
});
