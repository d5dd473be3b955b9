import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIGMAPS, NAMESPACES } from '../../client/gvr.js';
import { harness, until } from '../testing.js';
import { createRootCaPublisher, DESCRIPTION, ROOT_CA_CONFIGMAP } from './root-ca-publisher.js';
import { createServiceAccountsController, SERVICEACCOUNTS } from './serviceaccounts.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a default ServiceAccount in every active namespace, re-created when deleted; none in terminating ones', async () => {
  const h = harness();
  await h.client.create(NAMESPACES, '', { metadata: { name: 'a' }, status: { phase: 'Active' } });
  await h.client.create(NAMESPACES, '', { metadata: { name: 'gone' }, status: { phase: 'Terminating' } });
  await h.run(createServiceAccountsController);
  try {
    const names = (): string[] => h.client.objects(SERVICEACCOUNTS).map((s) => `${s.metadata?.namespace}/${s.metadata?.name}`).sort();
    await until(() => names().includes('a/default'), 3000, 'default SA in a');
    await h.client.create(NAMESPACES, '', { metadata: { name: 'b' }, status: { phase: 'Active' } });
    await until(() => names().includes('b/default'), 3000, 'default SA in a new namespace');
    await h.client.delete(SERVICEACCOUNTS, 'a', 'default');
    await until(() => names().includes('a/default'), 3000, 're-created');
    await sleep(50);
    assert.deepEqual(names(), ['a/default', 'b/default']);
  } finally {
    await h.stop();
  }
});

test('root-ca-cert-publisher publishes and restores kube-root-ca.crt when given a CA file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-ca-'));
  const file = join(dir, 'ca.crt');
  writeFileSync(file, '-----BEGIN CERTIFICATE-----\nTEST\n-----END CERTIFICATE-----\n');
  const h = harness({ rootCaFile: file } as object);
  await h.client.create(NAMESPACES, '', { metadata: { name: 'a' }, status: { phase: 'Active' } });
  await h.run(createRootCaPublisher);
  try {
    const get = () => h.client.objects<{ data?: Record<string, string> } & import('../../apiserver/types.js').KubeObject>(CONFIGMAPS).find((c) => c.metadata?.name === ROOT_CA_CONFIGMAP);
    const cm = await until(get, 3000, 'configmap published');
    assert.match(cm.data!['ca.crt']!, /TEST/);
    assert.equal(cm.metadata?.annotations?.['kubernetes.io/description'], DESCRIPTION);
    await h.client.patch(CONFIGMAPS, 'a', ROOT_CA_CONFIGMAP, 'merge', { data: { 'ca.crt': 'tampered' } });
    await until(() => /TEST/.test(get()?.data?.['ca.crt'] ?? ''), 3000, 'restored after edit');
    await h.client.delete(CONFIGMAPS, 'a', ROOT_CA_CONFIGMAP);
    await until(get, 3000, 're-created after delete');
  } finally {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('root-ca-cert-publisher does nothing without a CA', async () => {
  const h = harness();
  await h.client.create(NAMESPACES, '', { metadata: { name: 'a' }, status: { phase: 'Active' } });
  await h.run(createRootCaPublisher);
  try {
    await sleep(100);
    assert.equal(h.client.objects(CONFIGMAPS).length, 0);
    assert.ok(h.logs.some((l) => l.includes('no rootCaFile')));
  } finally {
    await h.stop();
  }
});
