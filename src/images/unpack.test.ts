import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { applyLayer, cleanEntryPath, LayerPathError } from './unpack.js';
import { packTar } from './testing/tar.js';

const sha = (b: Buffer) => 'sha256:' + createHash('sha256').update(b).digest('hex');

async function tmp(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'skiff-unpack-'));
}

async function layers(dir: string) {
  const l1 = await packTar([
    { name: 'bin/', type: 'directory' },
    { name: 'bin/tool', data: '#!/bin/sh\necho hi\n', mode: 0o4755 },
    { name: 'bin/alias', type: 'symlink', linkname: '/bin/tool' },
    { name: 'bin/hard', type: 'link', linkname: 'bin/tool' },
    { name: 'tmp/', type: 'directory', mode: 0o1777 },
    { name: 'd/', type: 'directory' },
    { name: 'd/a', data: 'a' },
    { name: 'd/b', data: 'b' },
    { name: 'gone', data: 'soon deleted', uid: 1000, gid: 1001 },
    { name: 'etc/shared', data: 'shared', mode: 0o600 },
  ]);
  const l2 = await packTar([
    { name: '.wh.gone' },
    { name: 'd/', type: 'directory' },
    { name: 'd/.wh..wh..opq' },
    { name: 'd/c', data: 'c' },
    { name: 'tmp/x', data: 'x' },
    { name: 'etc/link-to-lower', type: 'link', linkname: 'etc/shared' },
  ]);
  const d1 = join(dir, 'l1');
  const d2 = join(dir, 'l2');
  await mkdir(d1);
  await mkdir(d2);
  return { l1, l2, d1, d2 };
}

test('applies layers in overlayfs form: whiteouts, opaque dirs, modes, links', async () => {
  const dir = await tmp();
  try {
    const { l1, l2, d1, d2 } = await layers(dir);
    const r1 = await applyLayer(Readable.from([gzipSync(l1)]), d1, { compression: 'gzip' });
    assert.deepEqual(r1, { diffId: sha(l1), size: l1.length });
    const r2 = await applyLayer(Readable.from([l2]), d2, { compression: 'none', parents: [d1] });
    assert.equal(r2.diffId, sha(l2));

    const tool = await lstat(join(d1, 'bin/tool'));
    assert.equal(tool.mode & 0o7777, 0o4755);
    assert.equal(await readlink(join(d1, 'bin/alias')), '/bin/tool');
    assert.equal((await lstat(join(d1, 'bin/hard'))).ino, tool.ino);
    assert.equal((await lstat(join(d1, 'tmp'))).mode & 0o7777, 0o1777);
    const gone = await lstat(join(d1, 'gone'));
    assert.equal(gone.uid, 1000);
    assert.equal(gone.gid, 1001);
    assert.equal(gone.mtime.toISOString(), '2024-01-01T00:00:00.000Z');

    // Layer 2: a 0/0 char device for the whiteout, the opaque xattr, copied-up hardlink target.
    const wh = await lstat(join(d2, 'gone'));
    assert.ok(wh.isCharacterDevice());
    assert.equal(wh.rdev, 0);
    const xattr = execFileSync('getfattr', ['--only-values', '-n', 'trusted.overlay.opaque', join(d2, 'd')]).toString();
    assert.equal(xattr, 'y');
    assert.equal((await lstat(join(d2, 'tmp'))).mode & 0o7777, 0o1777, 'implied dir takes the lower attributes');
    assert.equal(await readFile(join(d2, 'etc/link-to-lower'), 'utf8'), 'shared');
    assert.equal((await lstat(join(d2, 'etc/link-to-lower'))).ino, (await lstat(join(d2, 'etc/shared'))).ino);
    assert.equal((await lstat(join(d2, 'etc/shared'))).mode & 0o777, 0o600);

    // What a container sees through overlayfs.
    const merged = join(dir, 'merged');
    await mkdir(merged);
    execFileSync('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${d2}:${d1}`, merged]);
    try {
      assert.deepEqual((await readdir(merged)).sort(), ['bin', 'd', 'etc', 'tmp']);
      assert.deepEqual(await readdir(join(merged, 'd')), ['c']);
      assert.deepEqual((await readdir(join(merged, 'tmp'))).sort(), ['x']);
      assert.equal(await readFile(join(merged, 'bin/tool'), 'utf8'), '#!/bin/sh\necho hi\n');
    } finally {
      execFileSync('umount', [merged]);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('refuses entries escaping the snapshot', async () => {
  assert.throws(() => cleanEntryPath('../evil'), LayerPathError);
  assert.throws(() => cleanEntryPath('a/../../evil'), LayerPathError);
  assert.equal(cleanEntryPath('/abs/ok'), 'abs/ok');
  assert.equal(cleanEntryPath('./a/./b/'), 'a/b');
  assert.equal(cleanEntryPath('./'), undefined);
  const dir = await tmp();
  const outside = join(dir, 'outside');
  const snap = join(dir, 'snap');
  await mkdir(outside);
  try {
    const cases = [
      [{ name: '../evil', data: 'x' }],
      [{ name: 'esc', type: 'symlink' as const, linkname: outside }, { name: 'esc/pwned', data: 'x' }],
      [{ name: 'rel', type: 'symlink' as const, linkname: '../outside' }, { name: 'rel/pwned', data: 'x' }],
      [{ name: 'h', type: 'link' as const, linkname: '../outside/f' }],
    ];
    for (const entries of cases) {
      await rm(snap, { recursive: true, force: true });
      await mkdir(snap);
      const t = await packTar(entries);
      await assert.rejects(applyLayer(Readable.from([t]), snap, { compression: 'none' }), LayerPathError);
      assert.deepEqual(await readdir(outside), []);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('corrupt gzip fails cleanly', async () => {
  const dir = await tmp();
  try {
    await assert.rejects(applyLayer(Readable.from([Buffer.from('not gzip at all')]), dir, { compression: 'gzip' }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
