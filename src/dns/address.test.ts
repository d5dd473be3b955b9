import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCommand } from '../network/exec.js';
import { createNetns, deleteNetns, execInNetns } from '../network/netns.js';
import { ensureDnsAddress, removeDnsAddress } from './address.js';

const here = dirname(fileURLToPath(import.meta.url));
const childScript = join(here, `testing-child${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`);

describe('ensureDnsAddress in a throwaway network namespace', () => {
  const ns = `skiff-t-${randomBytes(4).toString('hex')}`;
  const link = `skdt${randomBytes(3).toString('hex')}`;
  let child: ChildProcess | undefined;
  const hadNetnsEtc = existsSync('/etc/netns');

  before(async () => {
    await createNetns(ns);
    // `ip netns exec` bind-mounts /etc/netns/<ns>/resolv.conf over /etc/resolv.conf: a pod's ClusterFirst view.
    mkdirSync(`/etc/netns/${ns}`, { recursive: true });
    writeFileSync(`/etc/netns/${ns}/resolv.conf`, 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.43.0.10\noptions ndots:5\n');
    await execInNetns(ns, ['ip', 'link', 'set', 'lo', 'up']);
  });
  after(async () => {
    child?.stdin?.end();
    child?.kill('SIGKILL');
    await deleteNetns(ns);
    rmSync(`/etc/netns/${ns}`, { recursive: true, force: true });
    if (!hadNetnsEtc) {
      try {
        rmdirSync('/etc/netns');
      } catch {
        // another test's namespace is using it
      }
    }
  });

  it('adds the dummy link with the /32 address, idempotently', async () => {
    await ensureDnsAddress(link, '10.43.0.10', { netns: ns });
    await ensureDnsAddress(link, '10.43.0.10', { netns: ns });
    const r = await runCommand('ip', ['-n', ns, '-o', 'addr', 'show', 'dev', link]);
    assert.match(r.stdout, /inet 10\.43\.0\.10\/32/);
    assert.equal((r.stdout.match(/inet /g) ?? []).length, 1);
    const l = await runCommand('ip', ['-n', ns, '-o', 'link', 'show', 'dev', link]);
    assert.match(l.stdout, /<[^>]*UP[^>]*>/);
  });

  it('serves DNS on that address to a client inside the namespace (busybox nslookup)', async () => {
    child = spawn('ip', ['netns', 'exec', ns, process.execPath, ...process.execArgv.filter((a) => !a.startsWith('--test')), childScript, '10.43.0.10', '53'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`child DNS server did not start: ${err}`)), 20_000);
      child!.stdout!.on('data', (b: Buffer) => b.toString().includes('ready') && (clearTimeout(t), resolve()));
      child!.once('exit', (code) => (clearTimeout(t), reject(new Error(`child exited ${code}: ${err}`))));
    });
    const r = await execInNetns(ns, ['/bin/busybox', 'nslookup', 'web.default.svc.cluster.local', '10.43.0.10'], 10_000);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /10\.43\.0\.20/);
    const nx = await execInNetns(ns, ['/bin/busybox', 'nslookup', 'nope.default.svc.cluster.local', '10.43.0.10'], 10_000);
    assert.match(nx.stdout + nx.stderr, /NXDOMAIN|can't find/);
  });

  it('resolves for glibc through the search path, with TCP fallback for a large answer (getent)', async () => {
    const short = await execInNetns(ns, ['getent', 'hosts', 'web'], 10_000);
    assert.equal(short.code, 0, short.stderr);
    assert.match(short.stdout, /^10\.43\.0\.20\s+web\.default\.svc\.cluster\.local/);
    const big = await execInNetns(ns, ['getent', 'ahostsv4', 'big'], 10_000);
    assert.equal(big.code, 0, big.stderr);
    const ips = new Set(big.stdout.split('\n').filter(Boolean).map((l) => l.split(/\s+/)[0]));
    assert.equal(ips.size, 40);
  });

  it('removes the link, idempotently', async () => {
    await removeDnsAddress(link, { netns: ns });
    await removeDnsAddress(link, { netns: ns });
    const r = await runCommand('ip', ['-n', ns, 'link', 'show', 'dev', link]);
    assert.notEqual(r.code, 0);
  });
});
