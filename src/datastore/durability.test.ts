// Durability: every write a backend acknowledged survives kill -9 of the writing process.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import type { Backend } from './backend.js';
import { EtcdBackend } from './etcd.js';
import { SqliteBackend } from './sqlite.js';
import { startEtcd, type EtcdServer } from './testing/etcd-server.js';

const WRITER = fileURLToPath(new URL('./testing/durability-writer.js', import.meta.url));

/**
 * Runs the writer child until it has acknowledged `count` keys, then kill -9s it mid-stream.
 * Returns every acknowledged key (complete stdout lines only).
 */
async function writeThenKill(spec: string, prefix: string, count: number): Promise<string[]> {
  const child = spawn(process.execPath, [WRITER, spec, prefix, '8'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acked: string[] = [];
  let buffered = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const l of lines) if (l !== 'READY') acked.push(l);
      if (acked.length >= count && child.exitCode === null && !child.killed) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    void exited.then(() => reject(new Error(`writer exited early: ${stderr}`)));
  });
  assert.equal(await exited, 'SIGKILL');
  // Lines that arrived after the kill signal were acknowledged too.
  return acked;
}

async function assertAllPresent(b: Backend, prefix: string, acked: string[]): Promise<string> {
  const { kvs } = await b.list(prefix);
  const stored = new Map(kvs.map((kv) => [kv.key, kv.value.toString()]));
  const missing = acked.filter((k) => stored.get(k) !== `value of ${k}`);
  assert.deepEqual(missing, [], `${missing.length} of ${acked.length} acknowledged writes lost`);
  assert.ok(stored.size >= acked.length);
  return `${acked.length} acknowledged, ${stored.size} stored`;
}

describe('durability after kill -9 of the writer', () => {
  const dirs: string[] = [];
  let etcd: EtcdServer | undefined;
  after(async () => {
    await etcd?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('sqlite keeps every acknowledged write', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'skiff-durable-'));
    dirs.push(dir);
    const file = join(dir, 'state.db');
    const prefix = '/registry/durable/';
    const acked = await writeThenKill(`sqlite://${file}`, prefix, 3000);
    assert.ok(acked.length >= 3000);
    const b = new SqliteBackend(file);
    await b.start();
    try {
      t.diagnostic(await assertAllPresent(b, prefix, acked));
      // The reopened store keeps working with fresh revisions.
      const rev = await b.currentRevision();
      assert.ok((await b.create(prefix + 'after-restart', Buffer.from('x'))) > rev);
    } finally {
      await b.close();
    }
  });

  it('etcd keeps every acknowledged write (server keeps running)', async (t) => {
    etcd = await startEtcd();
    const prefix = '/registry/durable-etcd/';
    const acked = await writeThenKill(`etcd://${etcd.endpoint}`, prefix, 200);
    const b = new EtcdBackend([etcd.endpoint]);
    try {
      await b.start();
      t.diagnostic(await assertAllPresent(b, prefix, acked));
    } finally {
      await b.close();
    }
  });
});
