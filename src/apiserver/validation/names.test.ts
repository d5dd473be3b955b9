import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isCIdentifier,
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isIP,
  isQualifiedName,
  isValidCIDR,
  isValidLabelValue,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
  nameIsDNSSubdomain,
} from './names.js';

test('DNS-1123 subdomain uses upstream wording', () => {
  assert.deepEqual(isDNS1123Subdomain('example.com'), []);
  assert.deepEqual(isDNS1123Subdomain('Foo'), [
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  ]);
  assert.equal(isDNS1123Subdomain('a'.repeat(254))[0], 'must be no more than 253 characters');
});

test('DNS-1123 label keeps the double space of upstream examples', () => {
  assert.deepEqual(isDNS1123Label('my-name'), []);
  assert.deepEqual(isDNS1123Label('a.b'), [
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  ]);
  assert.equal(isDNS1123Label('a'.repeat(64)).length, 1);
});

test('DNS-1035 label must start with a letter', () => {
  assert.deepEqual(isDNS1035Label('abc-1'), []);
  assert.equal(isDNS1035Label('1abc').length, 1);
});

test('qualified names', () => {
  assert.deepEqual(isQualifiedName('example.com/MyName'), []);
  assert.deepEqual(isQualifiedName('app'), []);
  assert.deepEqual(isQualifiedName('/a'), ['prefix part must be non-empty']);
  assert.match(isQualifiedName('a/b/c')[0], /^a qualified name must consist/);
  assert.match(isQualifiedName('Bad_/x')[0], /^prefix part a lowercase RFC 1123 subdomain/);
  assert.equal(isQualifiedName('-x')[0].startsWith('name part must consist'), true);
  assert.equal(isQualifiedName('x'.repeat(64))[0], 'name part must be no more than 63 characters');
});

test('label values', () => {
  assert.deepEqual(isValidLabelValue(''), []);
  assert.deepEqual(isValidLabelValue('my_value.1'), []);
  assert.equal(isValidLabelValue('-bad').length, 1);
  assert.equal(isValidLabelValue('a'.repeat(64))[0], 'must be no more than 63 characters');
});

test('C identifiers, env var names and config keys', () => {
  assert.deepEqual(isCIdentifier('MY_NAME'), []);
  assert.equal(isCIdentifier('1x').length, 1);
  assert.deepEqual(isEnvVarName('my.env-name'), []);
  assert.equal(isEnvVarName('1X').length, 1);
  assert.deepEqual(isEnvVarName('..'), ["must not be '..'"]);
  assert.deepEqual(isConfigMapKey('key.name'), []);
  assert.equal(isConfigMapKey('a/b').length, 1);
  assert.deepEqual(isConfigMapKey('..x'), ["must not start with '..'"]);
});

test('port names and numbers', () => {
  assert.deepEqual(isValidPortName('http'), []);
  assert.deepEqual(isValidPortName('123'), ['must contain at least one letter (a-z)']);
  assert.deepEqual(isValidPortName('a--b'), ['must not contain consecutive hyphens']);
  assert.deepEqual(isValidPortName('-ab'), ['must not begin or end with a hyphen']);
  assert.equal(isValidPortName('abcdefghijklmnop')[0], 'must be no more than 15 characters');
  assert.deepEqual(isValidPortNum(80), []);
  assert.deepEqual(isValidPortNum(0), ['must be between 1 and 65535, inclusive']);
});

test('IPs, CIDRs and percentages', () => {
  for (const ip of ['10.0.0.1', '::1', '2001:db8::ffff', '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8']) assert.equal(isIP(ip), true, ip);
  for (const ip of ['10.0.0', '256.1.1.1', '1:2:3:4:5:6:7:8:9', 'x', '01.1.1.1', '1::2::3']) assert.equal(isIP(ip), false, ip);
  assert.deepEqual(isValidCIDR('10.0.0.0/24'), []);
  assert.deepEqual(isValidCIDR('fd00::/64'), []);
  assert.equal(isValidCIDR('10.0.0.0/33').length, 1);
  assert.deepEqual(isValidPercent('25%'), []);
  assert.equal(isValidPercent('25').length, 1);
});

test('generateName masks a trailing dash', () => {
  assert.deepEqual(nameIsDNSSubdomain('web-', true), []);
  assert.equal(nameIsDNSSubdomain('web-', false).length, 1);
});
