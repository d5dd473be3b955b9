import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { humanSize, runImage } from './image.js';
import { ociArchive } from '../images/testing/build-image.js';
import { fixture } from '../images/testing/fixtures.js';

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const ow = process.stdout.write.bind(process.stdout);
  const ew = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((c: string) => (out.push(String(c)), true)) as typeof process.stdout.write;
  process.stderr.write = ((c: string) => (err.push(String(c)), true)) as typeof process.stderr.write;
  try {
    return { code: await fn(), out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
  }
}

test('humanSize uses decimal units like crictl', () => {
  assert.equal(humanSize(999), '999B');
  assert.equal(humanSize(1_234_567), '1.23MB');
});

test('skiff image import, ls, rm', async () => {
  const f = await fixture();
  try {
    const dataDir = join(f.dir, 'data');
    const archive = join(f.dir, 'bb.tar');
    await writeFile(archive, await ociArchive(f.image, 'example.com/bb:1'));
    const imp = await capture(() => runImage(['import', archive], dataDir));
    assert.equal(imp.code, 0);
    assert.match(imp.out, /imported example\.com\/bb:1 \(sha256:/);
    const ls = await capture(() => runImage(['ls'], dataDir));
    assert.match(ls.out, /^IMAGE\s+TAG\s+IMAGE ID\s+SIZE\s+PINNED\n/);
    assert.match(ls.out, new RegExp(`example\\.com/bb\\s+1\\s+${f.image.configDigest.slice(7, 19)}\\s+\\S+MB\\s+yes\\n`));
    const q = await capture(() => runImage(['ls', '-q'], dataDir));
    assert.equal(q.out, `${f.image.configDigest}\n`);
    const missing = await capture(() => runImage(['rm', 'nothere'], dataDir));
    assert.equal(missing.code, 1);
    assert.match(missing.err, /no such image "nothere"/);
    const rm = await capture(() => runImage(['rm', 'example.com/bb:1'], dataDir));
    assert.equal(rm.code, 0);
    assert.equal((await capture(() => runImage(['ls', '-q'], dataDir))).out, '');
  } finally {
    await f.cleanup();
  }
});
