import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, mkdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BUSYBOX_APPLETS, dockerArchive, ociArchive } from './testing/build-image.js';
import { fixture } from './testing/fixtures.js';
import { packTar } from './testing/tar.js';

test('imports an OCI archive as a pinned image with its layers unpacked', async () => {
  const f = await fixture({ cmd: ['sleep', '3600'] });
  try {
    const archive = join(f.dir, 'busybox.oci.tar');
    await writeFile(archive, await ociArchive(f.image, 'example.com/tools/busybox:1.0'));
    const svc = f.service();
    const [img] = await svc.importArchive(archive);
    assert.equal(img.id, f.image.configDigest);
    assert.deepEqual(img.repoTags, ['example.com/tools/busybox:1.0']);
    assert.equal(img.pinned, true);
    assert.deepEqual(img.config?.cmd, ['sleep', '3600']);
    assert.ok(img.size > 500_000);
    const layers = await svc.rootfsLayers(img.id);
    assert.equal(layers.length, 1);
    const bb = await lstat(join(layers[0], 'bin/busybox'));
    assert.equal(bb.mode & 0o777, 0o755);
    assert.deepEqual(await readFile(join(layers[0], 'bin/busybox')), await readFile('/bin/busybox'));
    assert.equal(await readlink(join(layers[0], 'bin/sh')), 'busybox');
    assert.ok(BUSYBOX_APPLETS.includes('httpd'));
    assert.equal((await svc.imageConfig('example.com/tools/busybox:1.0')).config?.Env?.[0]?.startsWith('PATH='), true);
    assert.equal((await svc.imageStatus({ image: img.id.slice(7, 19) }))?.id, img.id, 'short id prefix');
  } finally {
    await f.cleanup();
  }
});

test('imports a gzip docker-archive with two layers and names from RepoTags', async () => {
  const upper = await packTar([{ name: 'etc/motd', data: 'hi\n' }, { name: 'var/www/.wh.index.html' }]);
  const f = await fixture({ extraLayers: [upper] });
  try {
    const archive = join(f.dir, 'busybox.docker.tar.gz');
    await writeFile(archive, gzipSync(await dockerArchive(f.image, ['busybox:test', 'localhost:5000/bb:v2'])));
    const svc = f.service();
    const imgs = await svc.importArchive(archive);
    assert.equal(imgs.length, 1);
    assert.equal(imgs[0].id, f.image.configDigest);
    assert.deepEqual(imgs[0].repoTags, ['docker.io/library/busybox:test', 'localhost:5000/bb:v2']);
    assert.equal((await svc.imageStatus({ image: 'busybox:test' }))?.id, f.image.configDigest);
    const layers = await svc.rootfsLayers('localhost:5000/bb:v2');
    assert.equal(layers.length, 2);
    assert.equal(await readFile(join(layers[1], 'etc/motd'), 'utf8'), 'hi\n');
    assert.ok((await lstat(join(layers[1], 'var/www/index.html'))).isCharacterDevice(), 'whiteout');
  } finally {
    await f.cleanup();
  }
});

test('autoImport imports each archive once; gc never removes pinned images', async () => {
  const f = await fixture();
  try {
    const drop = join(f.dir, 'images');
    await mkdir(drop);
    await writeFile(join(drop, 'a.tar'), await ociArchive(f.image, 'registry.local/a:1'));
    await writeFile(join(drop, 'ignored.txt'), 'not an image');
    const svc = f.service();
    const first = await svc.autoImport(drop);
    assert.deepEqual(first.failed, []);
    assert.equal(first.imported.length, 1);
    assert.deepEqual(first.imported[0].images, [f.image.configDigest]);
    assert.deepEqual(await svc.autoImport(drop), { imported: [], failed: [] });
    // The same content under another name is recognised by its hash.
    await writeFile(join(drop, 'copy.tar'), await readFile(join(drop, 'a.tar')));
    assert.deepEqual(await svc.autoImport(drop), { imported: [], failed: [] });
    await writeFile(join(drop, 'broken.tar'), 'garbage');
    const broken = await svc.autoImport(drop);
    assert.equal(broken.failed.length, 1);

    assert.deepEqual(await svc.gc(new Set()), []);
    assert.equal((await svc.listImages()).length, 1);
    await svc.rootfsLayers(f.image.configDigest);
    assert.ok((await svc.imageFsInfo()).usedBytes > 500_000);
    // Explicit removal still works, and takes the content with it.
    await svc.removeImage({ image: 'registry.local/a:1' });
    assert.deepEqual(await svc.listImages(), []);
    assert.deepEqual(await svc.content.list(), []);
    assert.deepEqual(await svc.snapshots.list(), []);
  } finally {
    await f.cleanup();
  }
});
