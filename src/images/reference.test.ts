import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  familiarString,
  InvalidDigestError,
  InvalidReferenceError,
  InvalidTagError,
  normalizeReference,
  parseReference,
  ReferenceIsIdentifierError,
  ReferenceNameTooLongError,
  ReferenceNotLowercaseError,
} from './reference.js';

const HEX = 'a'.repeat(64);

test('familiar names get docker.io, library/ and latest', () => {
  assert.equal(normalizeReference('busybox'), 'docker.io/library/busybox:latest');
  assert.equal(normalizeReference('busybox:1.36'), 'docker.io/library/busybox:1.36');
  assert.equal(normalizeReference('foo/bar'), 'docker.io/foo/bar:latest');
  assert.equal(normalizeReference('index.docker.io/busybox'), 'docker.io/library/busybox:latest');
  assert.equal(normalizeReference('docker.io/library/busybox:latest'), 'docker.io/library/busybox:latest');
});

test('registries with ports, localhost and IPs are domains', () => {
  assert.deepEqual(parseReference('localhost:5000/x/y:tag'), { domain: 'localhost:5000', path: 'x/y', tag: 'tag' });
  assert.deepEqual(parseReference('localhost/x'), { domain: 'localhost', path: 'x', tag: 'latest' });
  assert.deepEqual(parseReference('127.0.0.1:34567/busybox'), { domain: '127.0.0.1:34567', path: 'busybox', tag: 'latest' });
  assert.deepEqual(parseReference('quay.io/a/b/c:v1'), { domain: 'quay.io', path: 'a/b/c', tag: 'v1' });
  assert.deepEqual(parseReference('[::1]:5000/x'), { domain: '[::1]:5000', path: 'x', tag: 'latest' });
});

test('digests, with and without tags', () => {
  assert.deepEqual(parseReference(`busybox@sha256:${HEX}`), {
    domain: 'docker.io',
    path: 'library/busybox',
    digest: `sha256:${HEX}`,
  });
  assert.equal(normalizeReference(`r.io/x:v1@sha256:${HEX}`), `r.io/x:v1@sha256:${HEX}`);
});

test('familiar form drops the defaults again', () => {
  assert.equal(familiarString(parseReference('busybox')), 'busybox:latest');
  assert.equal(familiarString(parseReference('foo/bar:1')), 'foo/bar:1');
  assert.equal(familiarString(parseReference('localhost:5000/x')), 'localhost:5000/x:latest');
});

test('bad references raise named errors', () => {
  assert.throws(() => parseReference(''), InvalidReferenceError);
  assert.throws(() => parseReference('Busybox'), ReferenceNotLowercaseError);
  assert.throws(() => parseReference('docker.io/Library/busybox'), ReferenceNotLowercaseError);
  assert.throws(() => parseReference('busybox:'), InvalidTagError);
  assert.throws(() => parseReference('busybox:-x'), InvalidTagError);
  assert.throws(() => parseReference('busybox@sha256:abc'), InvalidDigestError);
  assert.throws(() => parseReference(HEX), ReferenceIsIdentifierError);
  assert.throws(() => parseReference(`x/${'a'.repeat(300)}`), ReferenceNameTooLongError);
  assert.throws(() => parseReference('a//b'), InvalidReferenceError);
  assert.throws(() => parseReference('a b'), InvalidReferenceError);
  assert.throws(() => parseReference('-x'), InvalidReferenceError);
  const err = (() => {
    try {
      parseReference('Busybox');
    } catch (e) {
      return e as Error;
    }
  })();
  assert.equal(err?.name, 'ReferenceNotLowercaseError');
  assert.match(err!.message, /must be lowercase/);
});
