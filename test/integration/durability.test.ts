// kill -9 of Skiff during a stream of writes loses no acknowledged write,
// on the embedded SQLite datastore and on a real etcd.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startEtcd, type EtcdServer } from '../../src/datastore/testing/etcd-server.js';
import { startSkiff } from '../helpers/cluster.js';

async function writeUntilKilled(url: string, kill: () => void): Promise<string[]> {
  const acked: string[] = [];
  let i = 0;
  const writers = Array.from({ length: 8 }, async () => {
    for (;;) {
      const name = `cm-${i++}`;
      try {
        const r = await fetch(`${url}/api/v1/namespaces/default/configmaps`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ metadata: { name }, data: { n: name } }),
        });
        if (r.status === 201) acked.push(name);
        else await r.text();
      } catch {
        return; // the server is gone
      }
    }
  });
  setTimeout(kill, 1500);
  await Promise.all(writers);
  return acked;
}

for (const store of ['sqlite', 'etcd'] as const) {
  describe(`kill -9 with the ${store} datastore`, () => {
    let etcd: EtcdServer | undefined;
    after(async () => {
      await etcd?.stop();
    });

    it('keeps every acknowledged write', async () => {
      let datastore: string | undefined;
      if (store === 'etcd') {
        etcd = await startEtcd();
        datastore = `etcd://${etcd.endpoint}`;
      }
      const first = await startSkiff({ datastore });
      const acked = await writeUntilKilled(first.url, () => void first.kill9());
      assert.ok(acked.length > 50, `only ${acked.length} writes acknowledged before the kill`);
      const second = await startSkiff({ datastore, dataDir: first.dataDir });
      try {
        const r = await fetch(`${second.url}/api/v1/namespaces/default/configmaps`);
        const names = new Set(((await r.json()) as any).items.map((x: any) => x.metadata.name));
        const lost = acked.filter((n) => !names.has(n));
        assert.deepEqual(lost, [], `${lost.length} of ${acked.length} acknowledged writes lost`);
      } finally {
        await second.stop();
        second.cleanup();
      }
    });
  });
}
