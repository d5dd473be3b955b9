import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyJsonPatch, decodeJsonPatch } from './json-patch.js';
import { MAX_JSON_PATCH_OPERATIONS, PatchError } from './errors.js';
import { decodePointerToken, encodePointerToken } from './json-pointer.js';

const apply = (doc: unknown, ops: unknown): unknown => applyJsonPatch(doc, ops);

function rejects(doc: unknown, ops: unknown, kind: PatchError['kind'], message: string | RegExp): void {
  assert.throws(
    () => apply(doc, ops),
    (e: unknown) => {
      assert.ok(e instanceof PatchError, `expected PatchError, got ${String(e)}`);
      assert.equal(e.kind, kind);
      if (typeof message === 'string') assert.equal(e.message, message);
      else assert.match(e.message, message);
      return true;
    },
  );
}

test('add: object member, nested member, array insert and append (RFC 6902 A.1-A.3, A.16)', () => {
  assert.deepEqual(apply({ foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }]), { foo: 'bar', baz: 'qux' });
  assert.deepEqual(apply({ foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }]), { foo: ['bar', 'qux', 'baz'] });
  assert.deepEqual(apply({ foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }]), { foo: ['bar', ['abc', 'def']] });
  assert.deepEqual(apply({ foo: ['bar'] }, [{ op: 'add', path: '/foo/1', value: 'end' }]), { foo: ['bar', 'end'] });
  // add replaces an existing member
  assert.deepEqual(apply({ foo: null }, [{ op: 'add', path: '/foo', value: 1 }]), { foo: 1 });
  // add of a nested object member
  assert.deepEqual(apply({ metadata: { labels: { a: '1' } } }, [{ op: 'add', path: '/metadata/labels/b', value: '2' }]), {
    metadata: { labels: { a: '1', b: '2' } },
  });
});

test('add: negative indices count from the end like evanphx/json-patch v4', () => {
  assert.deepEqual(apply({ a: [1, 2] }, [{ op: 'add', path: '/a/-1', value: 3 }]), { a: [1, 2, 3] });
  assert.deepEqual(apply({ a: [1, 2] }, [{ op: 'add', path: '/a/-3', value: 0 }]), { a: [0, 1, 2] });
});

test('add: errors for missing parents and bad indices', () => {
  rejects({ foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }], 'invalid', 'add operation does not apply: doc is missing path: "/baz/bat": missing value');
  rejects({ foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/3', value: 'x' }], 'invalid', "error in add for path: '/foo/3': Unable to access invalid index: 3: invalid index referenced");
  rejects({ foo: ['bar'] }, [{ op: 'add', path: '/foo/bar', value: 'x' }], 'invalid', /value was not a proper array index: 'bar'/);
  // a scalar in the middle of the path
  rejects({ foo: 1 }, [{ op: 'add', path: '/foo/bar', value: 'x' }], 'invalid', /doc is missing path: "\/foo\/bar"/);
  // the whole document cannot be targeted (upstream v4)
  rejects({ foo: 1 }, [{ op: 'add', path: '', value: {} }], 'invalid', /doc is missing path: ""/);
});

test('remove: object member and array element (RFC 6902 A.3, A.4)', () => {
  assert.deepEqual(apply({ baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }]), { foo: 'bar' });
  assert.deepEqual(apply({ foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }]), { foo: ['bar', 'baz'] });
  assert.deepEqual(apply({ foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/-1' }]), { foo: ['bar', 'qux'] });
  rejects({ foo: 'bar' }, [{ op: 'remove', path: '/baz' }], 'invalid', "error in remove for path: '/baz': Unable to remove nonexistent key: baz: missing value");
  rejects({ foo: [1] }, [{ op: 'remove', path: '/foo/1' }], 'invalid', "error in remove for path: '/foo/1': Unable to access invalid index: 1: invalid index referenced");
  rejects({}, [{ op: 'remove', path: '/a/b' }], 'invalid', 'remove operation does not apply: doc is missing path: "/a/b": missing value');
});

test('replace: existing values, and a missing object member is added (v4 leniency)', () => {
  assert.deepEqual(apply({ baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }]), { baz: 'boo', foo: 'bar' });
  assert.deepEqual(apply({ a: [1, 2] }, [{ op: 'replace', path: '/a/0', value: 9 }]), { a: [9, 2] });
  assert.deepEqual(apply({ metadata: {} }, [{ op: 'replace', path: '/metadata/key1', value: 'val1' }]), { metadata: { key1: 'val1' } });
  rejects({ a: [1] }, [{ op: 'replace', path: '/a/1', value: 2 }], 'invalid', 'replace operation does not apply: doc is missing key: /a/1: missing value');
  rejects({}, [{ op: 'replace', path: '/x/y', value: 2 }], 'invalid', 'replace operation does not apply: doc is missing path: /x/y: missing value');
  // a missing value writes null, as upstream does
  assert.deepEqual(apply({ a: 1 }, [{ op: 'replace', path: '/a' }]), { a: null });
});

test('move (RFC 6902 A.6, A.7)', () => {
  assert.deepEqual(
    apply({ foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } }, [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }]),
    { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
  );
  assert.deepEqual(apply({ foo: ['all', 'grass', 'cows', 'eat'] }, [{ op: 'move', from: '/foo/1', path: '/foo/3' }]), {
    foo: ['all', 'cows', 'eat', 'grass'],
  });
  rejects({ a: {} }, [{ op: 'move', from: '/a/b', path: '/c' }], 'invalid', "error in move for path: 'b': Unable to remove nonexistent key: b: missing value");
  rejects({ a: 1 }, [{ op: 'move', from: '/x/y', path: '/c' }], 'invalid', 'move operation does not apply: doc is missing from path: /x/y: missing value');
  // moving a value into its own child: the destination no longer exists
  rejects({ a: { b: 1 } }, [{ op: 'move', from: '/a', path: '/a/c' }], 'invalid', 'move operation does not apply: doc is missing destination path: /a/c: missing value');
});

test('copy deep-copies the value', () => {
  const out = apply({ a: { b: [1] } }, [
    { op: 'copy', from: '/a', path: '/c' },
    { op: 'add', path: '/c/b/-', value: 2 },
  ]);
  assert.deepEqual(out, { a: { b: [1] }, c: { b: [1, 2] } });
  rejects({ a: {} }, [{ op: 'copy', from: '/a/x', path: '/c' }], 'invalid', /error in copy for from: '\/a\/x'/);
  rejects({ a: 1 }, [{ op: 'copy', from: '/a', path: '/x/y' }], 'invalid', 'copy operation does not apply: doc is missing destination path: /x/y: missing value');
});

test('test: structural equality, failures and missing members (RFC 6902 A.8, A.9, A.14)', () => {
  const doc = { baz: 'qux', foo: ['a', 2, 'c'], obj: { x: 1, y: [1, { z: null }] } };
  assert.deepEqual(
    apply(doc, [
      { op: 'test', path: '/baz', value: 'qux' },
      { op: 'test', path: '/foo/1', value: 2 },
      { op: 'test', path: '/obj', value: { y: [1, { z: null }], x: 1 } },
      { op: 'test', path: '/missing', value: null },
    ]),
    doc,
  );
  rejects({ baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }], 'invalid', 'testing value /baz failed: test failed');
  rejects({ a: { x: 1 } }, [{ op: 'test', path: '/a', value: { x: 1, y: 2 } }], 'invalid', 'testing value /a failed: test failed');
  rejects({ a: 1 }, [{ op: 'test', path: '/b', value: 1 }], 'invalid', 'testing value /b failed: test failed');
  rejects({ '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: 9 }], 'invalid', 'testing value /~01 failed: test failed');
  rejects({}, [{ op: 'test', path: '/a/b', value: 1 }], 'invalid', 'test operation does not apply: is missing path: /a/b: missing value');
});

test('JSON pointer escaping ~0 and ~1 (RFC 6902 A.14)', () => {
  assert.deepEqual(apply({ '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: 10 }]), { '/': 9, '~1': 10 });
  assert.deepEqual(
    apply({ metadata: { annotations: {} } }, [{ op: 'add', path: '/metadata/annotations/example.com~1owner', value: 'me' }]),
    { metadata: { annotations: { 'example.com/owner': 'me' } } },
  );
  assert.equal(decodePointerToken('a~1b~0c~01'), 'a/b~c~1');
  assert.equal(encodePointerToken('a/b~c'), 'a~1b~0c');
});

test('operations apply in order and a failure aborts the whole patch', () => {
  const doc = { a: 1 };
  rejects(doc, [{ op: 'add', path: '/b', value: 2 }, { op: 'test', path: '/a', value: 2 }], 'invalid', /testing value/);
  assert.deepEqual(doc, { a: 1 });
});

test('the input document and patch are not mutated', () => {
  const doc = { a: { b: [1, 2] } };
  const value = { deep: [1] };
  const ops = [
    { op: 'add', path: '/a/c', value },
    { op: 'add', path: '/a/c/deep/-', value: 2 },
    { op: 'remove', path: '/a/b/0' },
  ];
  const out = apply(doc, ops);
  assert.deepEqual(out, { a: { b: [2], c: { deep: [1, 2] } } });
  assert.deepEqual(doc, { a: { b: [1, 2] } });
  assert.deepEqual(value, { deep: [1] });
});

test('malformed bodies and unknown operations', () => {
  rejects({}, { op: 'add' }, 'malformed', 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  rejects({}, ['add'], 'malformed', 'json: cannot unmarshal string into Go value of type jsonpatch.Operation');
  rejects({}, null, 'malformed', 'Invalid JSON Patch');
  rejects({}, [{ op: 'frob', path: '/a' }], 'invalid', 'Unexpected kind: frob');
  rejects({}, [{ path: '/a' }], 'invalid', 'Unexpected kind: unknown');
  rejects({}, [{ op: 'add', value: 1 }], 'invalid', 'add operation failed to decode path: missing value');
  rejects({}, [{ op: 'move', path: '/a' }], 'invalid', 'move operation failed to decode from: missing value');
});

test('more than the maximum number of operations is too large', () => {
  const ops = Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({ op: 'test', path: '/a', value: 1 }));
  assert.throws(() => decodeJsonPatch(ops), (e: unknown) => e instanceof PatchError && e.kind === 'too-large' && e.statusCode === 413);
  assert.equal(decodeJsonPatch(ops.slice(1)).length, MAX_JSON_PATCH_OPERATIONS);
});
