import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultStorageClass } from './default-storage-class.js';

const sc = (name: string, isDefault: boolean, created: string, beta = false) => ({
  metadata: { name, creationTimestamp: created, annotations: isDefault ? { [beta ? 'storageclass.beta.kubernetes.io/is-default-class' : 'storageclass.kubernetes.io/is-default-class']: 'true' } : {} },
});

test('the default class is the annotated one; the newest of several wins; none without annotations', () => {
  assert.equal(defaultStorageClass([sc('a', false, '2026-01-01T00:00:00Z'), sc('b', true, '2026-01-01T00:00:00Z')]), 'b');
  assert.equal(defaultStorageClass([sc('old', true, '2025-01-01T00:00:00Z'), sc('new', true, '2026-01-01T00:00:00Z', true)]), 'new');
  assert.equal(defaultStorageClass([sc('a', false, '2026-01-01T00:00:00Z')]), undefined);
});
