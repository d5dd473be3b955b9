import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ImagePullError } from '../cri/types.js';
import { MediaType, type ImageIndex } from './manifest.js';
import { sha256Digest } from './content.js';
import { fixture } from './testing/fixtures.js';
import { freePort, startTestRegistry } from './testing/registry.js';
import { pushBlob, pushManifest, RepositorySession } from './registry.js';

test('pulls from a real registry on loopback; a missing image is an ImagePullError', async () => {
  const f = await fixture();
  const reg = await startTestRegistry();
  try {
    const digest = await reg.push(f.image, 'tools/busybox', 'v1');
    const svc = f.service();
    const ref = `${reg.host}/tools/busybox:v1`;
    const [a, b] = await Promise.all([svc.pullImage({ image: ref }), svc.pullImage({ image: ref })]);
    assert.equal(a, f.image.configDigest);
    assert.equal(b, a);
    const img = await svc.imageStatus({ image: ref });
    assert.deepEqual(img?.repoTags, [ref]);
    assert.deepEqual(img?.repoDigests, [`${reg.host}/tools/busybox@${digest}`]);
    assert.equal(img?.pinned, false);
    assert.equal((await svc.imageStatus({ image: `${reg.host}/tools/busybox@${digest}` }))?.id, a);
    assert.equal((await svc.imageStatus({ image: a }))?.id, a);
    const [layer] = await svc.rootfsLayers(a);
    assert.equal(await readlink(join(layer, 'bin/wget')), 'busybox');

    // Pull by digest too (nothing new to fetch), and through a multi-platform index.
    assert.equal(await svc.pullImage({ image: `${reg.host}/tools/busybox@${digest}` }), a);
    const s = new RepositorySession({ host: reg.host, url: `http://${reg.host}/v2`, mirror: false }, 'tools/busybox', undefined, 'pull,push');
    // Another platform's image: same layer, a config saying mips64.
    const otherConfig = Buffer.from(JSON.stringify({ ...f.image.config, architecture: 'mips64' }));
    await pushBlob(s, otherConfig);
    const otherManifest = Buffer.from(
      JSON.stringify({ ...f.image.manifest, config: { ...f.image.manifest.config, digest: sha256Digest(otherConfig), size: otherConfig.length } }),
    );
    const otherDigest = await pushManifest(s, sha256Digest(otherManifest), otherManifest, MediaType.OCI_MANIFEST);
    const index: ImageIndex = {
      schemaVersion: 2,
      mediaType: MediaType.OCI_INDEX,
      manifests: [
        { mediaType: MediaType.OCI_MANIFEST, digest: otherDigest, size: otherManifest.length, platform: { os: 'linux', architecture: 'mips64' } },
        { mediaType: MediaType.OCI_MANIFEST, digest, size: f.image.manifestBytes.length, platform: { os: f.image.config.os, architecture: f.image.config.architecture } },
      ],
    };
    const indexDigest = await pushManifest(s, 'multi', Buffer.from(JSON.stringify(index)), MediaType.OCI_INDEX);
    assert.equal(await svc.pullImage({ image: `${reg.host}/tools/busybox:multi` }), a);
    assert.ok((await svc.imageStatus({ image: a }))?.repoDigests.includes(`${reg.host}/tools/busybox@${indexDigest}`));

    await assert.rejects(svc.pullImage({ image: `${reg.host}/tools/missing:v1` }), (e: Error) => {
      assert.ok(e instanceof ImagePullError);
      assert.match(e.message, /failed to resolve reference ".*tools\/missing:v1".*not found/);
      return true;
    });
    await assert.rejects(svc.pullImage({ image: 'Bad Ref' }), ImagePullError);

    // gc removes unpinned images not in use, with their content.
    assert.deepEqual(await svc.gc(new Set([a])), []);
    assert.deepEqual(await svc.gc(new Set()), [a]);
    assert.deepEqual(await svc.listImages(), []);
    assert.deepEqual(await svc.snapshots.list(), []);
    assert.deepEqual(await svc.content.list(), []);
  } finally {
    await reg.stop();
    await f.cleanup();
  }
});

test('an unreachable registry is an ImagePullError naming the endpoint', async () => {
  const f = await fixture();
  try {
    const port = await freePort();
    await assert.rejects(f.service().pullImage({ image: `127.0.0.1:${port}/x:1` }), (e: Error) => {
      assert.ok(e instanceof ImagePullError);
      assert.match(e.message, new RegExp(`http://127\\.0\\.0\\.1:${port}/v2/x/manifests/1`));
      return true;
    });
  } finally {
    await f.cleanup();
  }
});

test('registries.yaml mirrors docker.io to a loopback registry', async () => {
  const f = await fixture();
  const reg = await startTestRegistry();
  try {
    await reg.push(f.image, 'library/busybox', 'mirrored');
    const file = join(f.dir, 'registries.yaml');
    await writeFile(file, `mirrors:\n  docker.io:\n    endpoint:\n      - "http://${reg.host}"\n`);
    const svc = f.service({ registries: file });
    assert.equal(await svc.pullImage({ image: 'busybox:mirrored' }), f.image.configDigest);
    assert.deepEqual((await svc.imageStatus({ image: 'busybox:mirrored' }))?.repoTags, ['docker.io/library/busybox:mirrored']);
  } finally {
    await reg.stop();
    await f.cleanup();
  }
});
