// @kubernetes/client-node: an informer sees add/update/delete and carries on
// across a server restart.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { type Cluster, startSkiff } from '../helpers/cluster.js';

function waitFor(cond: () => boolean, timeoutMs = 15000): Promise<void> {
  return new Promise((resolve, reject) => {
    const end = Date.now() + timeoutMs;
    const t = setInterval(() => {
      if (cond()) {
        clearInterval(t);
        resolve();
      } else if (Date.now() > end) {
        clearInterval(t);
        reject(new Error('condition not met in time'));
      }
    }, 25);
  });
}

describe('client-node informer', () => {
  let c: Cluster;
  let port: number;
  before(async () => {
    c = await startSkiff();
    port = c.port;
  });
  after(async () => {
    await c.stop();
    c.cleanup();
  });

  it('sees add, update and delete, and resumes after a restart', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(c.kubeconfig);
    const api = kc.makeApiClient(k8s.CoreV1Api);
    const events: string[] = [];
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/configmaps', () => api.listNamespacedConfigMap({ namespace: 'default' }));
    informer.on('add', (o: k8s.V1ConfigMap) => events.push(`add ${o.metadata?.name}`));
    informer.on('update', (o: k8s.V1ConfigMap) => events.push(`update ${o.metadata?.name} ${o.data?.v}`));
    informer.on('delete', (o: k8s.V1ConfigMap) => events.push(`delete ${o.metadata?.name}`));
    let stopped = false;
    informer.on('error', () => {
      // client-node's informer stops on a broken watch; restarting it is the documented pattern
      setTimeout(() => {
        if (!stopped) void informer.start();
      }, 300);
    });
    await informer.start();
    try {
      await api.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'one' }, data: { v: '1' } } });
      await waitFor(() => events.includes('add one'));
      await api.replaceNamespacedConfigMap({ name: 'one', namespace: 'default', body: { metadata: { name: 'one' }, data: { v: '2' } } });
      await waitFor(() => events.includes('update one 2'));
      await api.deleteNamespacedConfigMap({ name: 'one', namespace: 'default' });
      await waitFor(() => events.includes('delete one'));

      await c.stop();
      c = await startSkiff({ dataDir: c.dataDir, port });
      await api.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'two' }, data: { v: '1' } } });
      await waitFor(() => events.includes('add two'), 30000);
      assert.equal(events.filter((e) => e === 'add one').length, 1, `events: ${events.join(', ')}`);
    } finally {
      stopped = true;
      await informer.stop();
    }
  });
});
