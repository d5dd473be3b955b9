import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateFieldManager, validatePatchOptions } from './options.js';

describe('patch options', () => {
  it('requires a field manager for apply and forbids force elsewhere', () => {
    assert.deepEqual(
      validatePatchOptions({ apply: true }).map((e) => [e.type, e.field, e.detail]),
      [['FieldValueRequired', 'fieldManager', 'is required for apply patch']],
    );
    assert.deepEqual(
      validatePatchOptions({ apply: false, force: true }).map((e) => [e.type, e.field, e.detail]),
      [['FieldValueForbidden', 'force', 'may not be specified for non-apply patch']],
    );
    assert.deepEqual(validatePatchOptions({ apply: true, fieldManager: 'kubectl', force: false }), []);
    assert.deepEqual(validatePatchOptions({ apply: false }), []);
  });

  it('limits field managers to 128 printable characters', () => {
    assert.equal(validateFieldManager('x'.repeat(128)).length, 0);
    assert.equal(validateFieldManager('x'.repeat(129))[0]?.type, 'FieldValueTooLong');
    const bad = validateFieldManager('a\tb');
    assert.deepEqual(bad.map((e) => [e.field, e.detail]), [['fieldManager[1]', 'invalid characters']]);
  });
});
