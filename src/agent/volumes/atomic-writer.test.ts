import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAtomic, type FileProjection } from './atomic-writer.js';

const f = (s: string, mode = 0o644): FileProjection => ({ data: Buffer.from(s), mode });

test('writes the ..data layout and swaps on update', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-aw-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.equal(writeAtomic(dir, new Map([['a', f('1')], ['sub/b', f('2', 0o400)]])), true);
  assert.equal(readFileSync(join(dir, 'a'), 'utf8'), '1');
  assert.equal(readFileSync(join(dir, 'sub/b'), 'utf8'), '2');
  assert.equal(readlinkSync(join(dir, 'a')), '..data/a');
  const first = readlinkSync(join(dir, '..data'));
  assert.match(first, /^\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.\d+$/);
  assert.equal(statSync(join(dir, 'sub/b')).mode & 0o777, 0o400);
  // Same payload: nothing changes.
  assert.equal(writeAtomic(dir, new Map([['a', f('1')], ['sub/b', f('2', 0o400)]])), false);
  assert.equal(readlinkSync(join(dir, '..data')), first);
  // Update: new payload dir, removed key disappears, old dir gone.
  assert.equal(writeAtomic(dir, new Map([['a', f('changed')]])), true);
  assert.equal(readFileSync(join(dir, 'a'), 'utf8'), 'changed');
  assert.equal(existsSync(join(dir, 'sub')), false);
  assert.notEqual(readlinkSync(join(dir, '..data')), first);
  assert.equal(readdirSync(dir).filter((e) => e.startsWith('..2')).length, 1);
});

test('rejects escaping paths', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-aw-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.throws(() => writeAtomic(dir, new Map([['../x', f('1')]])), /invalid path/);
  assert.throws(() => writeAtomic(dir, new Map([['/abs', f('1')]])), /invalid path/);
});
