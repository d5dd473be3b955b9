import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePattern } from './regex.js';
import { checkFormat, effectiveFormat } from './formats.js';

test('Go regexp syntax is translated, Perl-only syntax rejected', () => {
  const ci = compilePattern('(?i)^abc$');
  assert.ok(ci instanceof RegExp && ci.test('ABC'));
  const posix = compilePattern('^[[:digit:]]+$');
  assert.ok(posix instanceof RegExp && posix.test('123') && !posix.test('12a'));
  const look = compilePattern('^(?=a)');
  assert.ok(look instanceof Error && look.message.includes('invalid or unsupported Perl syntax'));
  assert.ok(compilePattern('([a-z]') instanceof Error);
});

test('formats kept per type and checked', () => {
  assert.equal(effectiveFormat('integer', 'int32'), 'int32');
  assert.equal(effectiveFormat('integer', 'date-time'), '');
  assert.equal(effectiveFormat('string', 'docker-image'), '');
  assert.ok(checkFormat('date', '2024-02-29') && !checkFormat('date', '2023-02-29'));
  assert.ok(checkFormat('uuid', '123e4567-e89b-12d3-a456-426614174000'));
  assert.ok(checkFormat('cidr', '10.0.0.0/8') && !checkFormat('cidr', '10.0.0.0/33'));
  assert.ok(checkFormat('duration', '1h30m') && !checkFormat('duration', 'soon'));
});
