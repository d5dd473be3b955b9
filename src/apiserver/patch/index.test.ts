import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch, PATCH_CONTENT_TYPES, PatchError } from './index.js';
import { podSchema, resolve } from './testdata-schema.js';

const current = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', labels: { app: 'a' } },
  spec: { containers: [{ name: 'c', image: 'nginx:1' }] },
};

test('dispatches on the patch type', () => {
  assert.deepEqual(applyPatch('json', current, [{ op: 'replace', path: '/spec/containers/0/image', value: 'nginx:2' }]), {
    ...current,
    spec: { containers: [{ name: 'c', image: 'nginx:2' }] },
  });
  // merge patch replaces the list
  assert.deepEqual(applyPatch('merge', current, { spec: { containers: [{ name: 'd' }] } }), { ...current, spec: { containers: [{ name: 'd' }] } });
  // strategic merge patch merges it by name (the new item first, like upstream)
  assert.deepEqual(applyPatch('strategic', current, { spec: { containers: [{ name: 'd' }] } }, podSchema, resolve), {
    ...current,
    spec: { containers: [{ name: 'd' }, { name: 'c', image: 'nginx:1' }] },
  });
  assert.deepEqual(current.spec.containers, [{ name: 'c', image: 'nginx:1' }]);
});

test('content types map to patch types', () => {
  assert.equal(PATCH_CONTENT_TYPES['application/json-patch+json'], 'json');
  assert.equal(PATCH_CONTENT_TYPES['application/merge-patch+json'], 'merge');
  assert.equal(PATCH_CONTENT_TYPES['application/strategic-merge-patch+json'], 'strategic');
});

test('a null merge patch is malformed; a non-object result is invalid', () => {
  assert.throws(
    () => applyPatch('merge', current, null),
    (e: unknown) => e instanceof PatchError && e.kind === 'malformed' && e.statusCode === 400 && e.message === 'Invalid JSON Patch',
  );
  assert.throws(
    () => applyPatch('merge', current, ['x']),
    (e: unknown) => e instanceof PatchError && e.kind === 'invalid' && e.statusCode === 422 && /not a list/.test(e.message),
  );
});

test('JSON patch failures are 422 and malformed bodies 400', () => {
  assert.throws(
    () => applyPatch('json', current, [{ op: 'test', path: '/metadata/name', value: 'q' }]),
    (e: unknown) => e instanceof PatchError && e.statusCode === 422 && e.message === 'testing value /metadata/name failed: test failed',
  );
  assert.throws(() => applyPatch('json', current, { op: 'add' }), (e: unknown) => e instanceof PatchError && e.statusCode === 400);
});

test('strategic merge without a schema and without $refs needs no resolver', () => {
  assert.deepEqual(applyPatch('strategic', { a: { b: 1 } }, { a: { c: 2 } }), { a: { b: 1, c: 2 } });
  // a schema with $refs but no resolver fails clearly
  assert.throws(() => applyPatch('strategic', current, { metadata: { labels: { b: 'c' } } }, podSchema), (e: unknown) => e instanceof PatchError && /cannot resolve schema reference/.test(e.message));
});

test('errors keep the PatchError name', () => {
  try {
    applyPatch('json', {}, [{ op: 'remove', path: '/x' }]);
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof PatchError);
    assert.equal(e.name, 'PatchError');
  }
});
