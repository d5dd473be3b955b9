import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDNS1035Label, isDNS1123Subdomain, nameIsDNSSubdomain, validateMetaName } from './names.js';
import { errorString } from '../validation/field.js';

test('DNS names with upstream messages', () => {
  assert.deepEqual(isDNS1035Label('crontabs'), []);
  assert.equal(isDNS1035Label('1abc').length, 1);
  assert.deepEqual(isDNS1035Label('a'.repeat(64))[0], 'must be no more than 63 characters');
  assert.deepEqual(isDNS1123Subdomain('stable.example.com'), []);
  assert.match(isDNS1123Subdomain('Foo')[0], /^a lowercase RFC 1123 subdomain must consist of .* \(e\.g\. 'example\.com', regex used for validation is/);
  assert.deepEqual(nameIsDNSSubdomain('my-', true), []);
});

test('metadata name or generateName is required', () => {
  assert.deepEqual(validateMetaName({}, nameIsDNSSubdomain).map(errorString), ['metadata.name: Required value: name or generateName is required']);
  assert.deepEqual(validateMetaName({ generateName: 'x-' }, nameIsDNSSubdomain), []);
});
