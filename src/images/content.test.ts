import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { BlobNotFoundError, ContentStore, DigestMismatchError, InvalidDigestFormatError, sha256Digest } from './content.js';

async function withStore(fn: (s: ContentStore, dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-content-'));
  try {
    await fn(new ContentStore(dir), dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('write, read, size, list, delete', () =>
  withStore(async (s, dir) => {
    const data = Buffer.from('hello blob');
    const d = sha256Digest(data);
    const info = await s.write(Readable.from([data.subarray(0, 3), data.subarray(3)]));
    assert.deepEqual(info, { digest: d, size: data.length });
    assert.equal(s.path(d), join(dir, 'blobs', 'sha256', d.slice(7)));
    assert.deepEqual(await s.read(d), data);
    assert.equal(await s.size(d), data.length);
    assert.deepEqual(await s.list(), [info]);
    assert.equal(await s.delete(d), true);
    assert.equal(await s.delete(d), false);
    await assert.rejects(s.read(d), BlobNotFoundError);
    await assert.rejects(s.size(d), BlobNotFoundError);
  }));

test('verified writes reject wrong digests and sizes and leave nothing behind', () =>
  withStore(async (s, dir) => {
    const data = Buffer.from('payload');
    const wrong = sha256Digest('other');
    await assert.rejects(s.write(data, { digest: wrong }), DigestMismatchError);
    await assert.rejects(s.write(data, { digest: sha256Digest(data), size: 3 }), DigestMismatchError);
    assert.equal(await s.has(wrong), false);
    assert.equal(await s.has(sha256Digest(data)), false);
    assert.deepEqual(await readdir(join(dir, 'ingest')), []);
    const ok = await s.write(data, { digest: sha256Digest(data), size: data.length });
    assert.equal(ok.digest, sha256Digest(data));
    // An existing blob short-circuits the write.
    const again = await s.write(Readable.from([Buffer.from('ignored')]), { digest: ok.digest });
    assert.deepEqual(again, ok);
  }));

test('malformed digests are refused', () =>
  withStore(async (s) => {
    assert.throws(() => s.path('md5:abc'), InvalidDigestFormatError);
    assert.throws(() => s.path('sha256:../../etc/passwd'), InvalidDigestFormatError);
  }));
