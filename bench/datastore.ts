// Datastore micro-benchmark: creates/s, gets/s and the time to list 10,000 keys, per backend.
// Run: node dist/bench/datastore.js [--etcd] [--no-etcd] [--n=20000]
// etcd runs when --etcd is given or an etcd binary is installed (a private one is started).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Backend } from '../src/datastore/backend.js';
import { EtcdBackend } from '../src/datastore/etcd.js';
import { MemoryBackend } from '../src/datastore/memory.js';
import { SqliteBackend } from '../src/datastore/sqlite.js';
import { findEtcdBinary, startEtcd } from '../src/datastore/testing/etcd-server.js';

const args = process.argv.slice(2);
const nArg = args.find((a) => a.startsWith('--n='));
const N = nArg ? Number(nArg.slice(4)) : 20_000;
const LIST_KEYS = 10_000;

interface Row {
  backend: string;
  creates: number;
  parallelCreates: number;
  gets: number;
  listMs: number;
}

const perSec = (n: number, ms: number) => Math.round((n * 1000) / ms);

async function bench(name: string, b: Backend, n: number): Promise<Row> {
  await b.start();
  const value = Buffer.from(JSON.stringify({ kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' }, data: { a: 'b'.repeat(200) } }));
  // Sequential creates (each awaited): the latency-bound rate one client sees.
  let t = performance.now();
  for (let i = 0; i < n; i++) await b.create(`/registry/configmaps/seq/k${i}`, value);
  const creates = perSec(n, performance.now() - t);
  // 64 creates in flight at a time, like many API clients.
  t = performance.now();
  for (let i = 0; i < n; i += 64) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + 64); j++) batch.push(b.create(`/registry/configmaps/par/k${j}`, value));
    await Promise.all(batch);
  }
  const parallelCreates = perSec(n, performance.now() - t);
  t = performance.now();
  for (let i = 0; i < n; i++) await b.get(`/registry/configmaps/seq/k${(i * 7919) % n}`);
  const gets = perSec(n, performance.now() - t);
  // The list: exactly LIST_KEYS keys under one prefix.
  const listPrefix = '/registry/configmaps/list/';
  for (let i = 0; i < LIST_KEYS; i += 100) {
    const batch = [];
    for (let j = i; j < i + 100; j++) batch.push(b.create(`${listPrefix}k${j}`, value));
    await Promise.all(batch);
  }
  t = performance.now();
  const res = await b.list(listPrefix);
  const listMs = Math.round(performance.now() - t);
  if (res.kvs.length !== LIST_KEYS) throw new Error(`${name}: listed ${res.kvs.length} keys`);
  await b.close();
  return { backend: name, creates, parallelCreates, gets, listMs };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  rows.push(await bench('memory', new MemoryBackend(), N));
  const dir = mkdtempSync(join(tmpdir(), 'skiff-bench-'));
  try {
    rows.push(await bench('sqlite', new SqliteBackend(join(dir, 'state.db')), N));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const wantEtcd = args.includes('--etcd') || (!args.includes('--no-etcd') && findEtcdBinary() !== undefined);
  if (wantEtcd) {
    const server = await startEtcd();
    try {
      rows.push(await bench('etcd', new EtcdBackend([server.endpoint]), Math.min(N, 2000)));
    } finally {
      await server.stop();
    }
  }
  console.log('| backend | creates/s (sequential) | creates/s (64 in flight) | gets/s | list 10,000 keys (ms) |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(`| ${r.backend} | ${r.creates} | ${r.parallelCreates} | ${r.gets} | ${r.listMs} |`);
  }
}

await main();
