import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  hostPlatform,
  layerCompression,
  MediaType,
  NoMatchingPlatformError,
  parseManifestDocument,
  platformMatches,
  selectManifest,
  UnsupportedMediaTypeError,
  type ImageIndex,
} from './manifest.js';

const D = (n: string) => `sha256:${n.repeat(64)}`;

test('host platform maps process.arch to GOARCH', () => {
  const p = hostPlatform();
  assert.equal(p.os, 'linux');
  if (process.arch === 'x64') assert.equal(p.architecture, 'amd64');
  if (process.arch === 'arm64') assert.equal(p.architecture, 'arm64');
});

test('selects the manifest of the wanted platform, preferring exact variants', () => {
  const index: ImageIndex = {
    schemaVersion: 2,
    manifests: [
      { mediaType: MediaType.OCI_MANIFEST, digest: D('1'), size: 1, platform: { os: 'linux', architecture: 'arm', variant: 'v6' } },
      { mediaType: MediaType.OCI_MANIFEST, digest: D('2'), size: 1, platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
      { mediaType: MediaType.DOCKER_MANIFEST, digest: D('3'), size: 1, platform: { os: 'linux', architecture: 'amd64' } },
      { mediaType: MediaType.OCI_MANIFEST, digest: D('4'), size: 1, platform: { os: 'windows', architecture: 'amd64' } },
    ],
  };
  assert.equal(selectManifest(index, { os: 'linux', architecture: 'amd64' }).digest, D('3'));
  assert.equal(selectManifest(index, { os: 'linux', architecture: 'arm', variant: 'v7' }).digest, D('2'));
  assert.throws(() => selectManifest(index, { os: 'linux', architecture: 's390x' }), (e: Error) => {
    assert.ok(e instanceof NoMatchingPlatformError);
    assert.match(e.message, /linux\/s390x.*linux\/amd64/);
    return true;
  });
  assert.equal(platformMatches({ os: 'linux', architecture: 'arm64', variant: 'v8' }, { os: 'linux', architecture: 'arm64' }), true);
});

test('parses manifests and indexes by media type or shape; refuses schema 1', () => {
  const m = { schemaVersion: 2, mediaType: MediaType.DOCKER_MANIFEST, config: { mediaType: MediaType.DOCKER_CONFIG, digest: D('a'), size: 2 }, layers: [] };
  const pm = parseManifestDocument(Buffer.from(JSON.stringify(m)));
  assert.equal(pm.kind, 'manifest');
  assert.equal(pm.mediaType, MediaType.DOCKER_MANIFEST);
  const idx = { schemaVersion: 2, manifests: [] };
  const pi = parseManifestDocument(Buffer.from(JSON.stringify(idx)), MediaType.DOCKER_MANIFEST_LIST);
  assert.equal(pi.kind, 'index');
  assert.equal(pi.mediaType, MediaType.DOCKER_MANIFEST_LIST);
  assert.throws(() => parseManifestDocument(Buffer.from('{"schemaVersion":1}')), UnsupportedMediaTypeError);
});

test('layer compression by media type', () => {
  assert.equal(layerCompression(MediaType.OCI_LAYER_GZIP), 'gzip');
  assert.equal(layerCompression(MediaType.DOCKER_LAYER_GZIP), 'gzip');
  assert.equal(layerCompression(MediaType.OCI_LAYER), 'none');
  assert.throws(() => layerCompression('application/x-foo'), UnsupportedMediaTypeError);
});
