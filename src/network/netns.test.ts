import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { networkNames } from './config.js';
import { NetnsError } from './errors.js';
import { createNetns, deleteNetns, execInNetns, listNetns, netnsName, netnsPath } from './netns.js';

test('creates, lists and deletes named namespaces scoped to a data dir', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-netns-test-'));
  const prefix = networkNames(dataDir).netnsPrefix;
  const names = [netnsName(dataDir, 'sb1'), netnsName(dataDir, 'sb2')];
  try {
    assert.ok(names.every((n) => n.startsWith(prefix)));
    assert.notEqual(netnsName(join(dataDir, 'other'), 'sb1'), names[0]);
    for (const n of names) assert.equal(await createNetns(n), netnsPath(n));
    assert.deepEqual(listNetns(prefix), [...names].sort());
    await assert.rejects(createNetns(names[0]!), NetnsError, 'a name is created once');
    const r = await execInNetns(names[0]!, ['ip', '-br', 'link']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^lo\s/m);
    assert.doesNotMatch(r.stdout, /eth0/, 'a fresh namespace has only loopback');
    for (const n of names) await deleteNetns(n);
    await deleteNetns(names[0]!); // already gone: fine
    assert.deepEqual(listNetns(prefix), []);
    assert.ok(names.every((n) => !existsSync(netnsPath(n))));
    assert.throws(() => netnsName(dataDir, '../x'), NetnsError);
  } finally {
    for (const n of names) await deleteNetns(n).catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }
});
