import { test } from 'node:test';
import assert from 'node:assert/strict';
import { credentialsFor, registryHost } from './pull-secrets.js';
import { pullPolicy } from './pull.js';
import type { Secret } from './types.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

test('registry host and default pull policy', () => {
  assert.equal(registryHost('busybox'), 'docker.io');
  assert.equal(registryHost('127.0.0.1:5000/app:1'), '127.0.0.1:5000');
  assert.equal(registryHost('localhost/app'), 'localhost');
  assert.equal(pullPolicy({ name: 'c', image: 'app' }), 'Always');
  assert.equal(pullPolicy({ name: 'c', image: 'app:latest' }), 'Always');
  assert.equal(pullPolicy({ name: 'c', image: '127.0.0.1:5000/app:1' }), 'IfNotPresent');
  assert.equal(pullPolicy({ name: 'c', image: 'app@sha256:abc' }), 'IfNotPresent');
});

test('dockerconfigjson secrets become AuthConfig for the matching registry', () => {
  const s: Secret = {
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': b64(JSON.stringify({ auths: { 'http://127.0.0.1:5000': { auth: b64('alice:s3cret') }, 'other.io': { username: 'x', password: 'y' } } })) },
  };
  assert.deepEqual(credentialsFor('127.0.0.1:5000/app:1', [s]), [{ username: 'alice', password: 's3cret', auth: b64('alice:s3cret') }]);
  assert.deepEqual(credentialsFor('busybox', [s]), []);
});
