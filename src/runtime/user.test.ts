import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveImageUser, deviceNumbers, resolveDevices, UserLookupError } from './user.js';

test('resolves image users against the rootfs', async () => {
  const root = await mkdtemp(join(tmpdir(), 'skiff-user-'));
  try {
    await mkdir(join(root, 'etc'));
    await writeFile(join(root, 'etc/passwd'), 'root:x:0:0::/root:/bin/sh\nwww:x:33:33::/var/www:/bin/sh\n');
    await writeFile(join(root, 'etc/group'), 'root:x:0:\nwww:x:33:\nstaff:x:50:www,bob\n');
    assert.deepEqual(await resolveImageUser(root, undefined), { uid: 0, gid: 0 });
    assert.deepEqual(await resolveImageUser(root, 'www'), { uid: 33, gid: 33, additionalGids: [50] });
    assert.deepEqual(await resolveImageUser(root, '1000'), { uid: 1000, gid: 0 });
    assert.deepEqual(await resolveImageUser(root, '33:50'), { uid: 33, gid: 50 });
    assert.deepEqual(await resolveImageUser(root, 'www:root'), { uid: 33, gid: 0, additionalGids: [50] });
    await assert.rejects(resolveImageUser(root, 'nobody'), UserLookupError);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('device numbers', async () => {
  assert.deepEqual(deviceNumbers((1 << 8) | 3), { major: 1, minor: 3 });
  const [null_] = await resolveDevices([{ containerPath: '/dev/xnull', hostPath: '/dev/null', permissions: 'rwm' }]);
  assert.deepEqual({ type: null_!.type, major: null_!.major, minor: null_!.minor }, { type: 'c', major: 1, minor: 3 });
});
