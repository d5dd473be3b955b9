// Storage end to end: the default `local-path` class, a claim provisioned
// under the data dir once a pod uses it (WaitForFirstConsumer), data that
// outlives the pod, and the volume and its directory deleted with the claim.
// Real kubectl, real containers (busybox-static image from a loopback registry).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Cluster, kubectl, kubectlOk } from '../helpers/cluster.js';
import { waitFor as poll } from '../helpers/pods.js';
import { type RealCluster, startRealCluster } from '../helpers/real-cluster.js';

let real: RealCluster;
let c: Cluster;
let image: string;

const k = (args: string[], input?: string): string => kubectlOk(c, args, { input });

function json(args: string[]): any {
  const r = kubectl(c, [...args, '-o', 'json']);
  return r.code === 0 ? JSON.parse(r.stdout) : undefined;
}

const waitFor = <T>(what: string | (() => string), fn: () => T | undefined | false, timeoutMs = 60000): Promise<T> => poll(() => c, what, fn, timeoutMs);

const events = (): string => kubectl(c, ['get', 'events', '-A']).stdout;

function podUsingClaim(name: string, script: string): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  restartPolicy: Never
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${image}
    command: ["sh", "-c", ${JSON.stringify(script)}]
    volumeMounts: [{name: data, mountPath: /data}]
  volumes:
  - name: data
    persistentVolumeClaim: {claimName: data}
`;
}

const succeeded = (name: string): boolean | undefined => json(['get', 'pod', name])?.status?.phase === 'Succeeded' || undefined;

describe('storage: local-path volumes on real containers (as root)', () => {
  before(async () => {
    real = await startRealCluster({ start: { controllers: true } });
    c = real.c;
    image = real.image();
  });

  after(async () => {
    await real?.stop();
  });

  it('has a default local-path StorageClass', async () => {
    await waitFor(() => 'the local-path class', () => json(['get', 'storageclass', 'local-path']));
    const sc = json(['get', 'storageclass', 'local-path']);
    assert.equal(sc.provisioner, 'skiff.dev/local-path');
    assert.equal(sc.volumeBindingMode, 'WaitForFirstConsumer');
    assert.equal(sc.reclaimPolicy, 'Delete');
    assert.match(k(['get', 'storageclass']), /local-path \(default\)/);
  });

  it('provisions a claim for its first pod, keeps the data across pods, deletes it with the claim', async () => {
    await waitFor(() => 'node Ready', () => /\sReady\s/.test(kubectl(c, ['get', 'nodes']).stdout) || undefined);
    k(['apply', '-f', '-'], 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 64Mi}}\n');
    await waitFor(() => `WaitForFirstConsumer: ${events()}`, () => /WaitForFirstConsumer/.test(events()) || undefined);
    assert.equal(json(['get', 'pvc', 'data']).status.phase, 'Pending');

    k(['apply', '-f', '-'], podUsingClaim('writer', 'echo persisted > /data/file'));
    await waitFor(() => `writer Succeeded: ${JSON.stringify(json(['get', 'pod', 'writer'])?.status)}\n${events()}`, () => succeeded('writer'));
    const pvc = json(['get', 'pvc', 'data']);
    assert.equal(pvc.status.phase, 'Bound');
    assert.equal(pvc.spec.volumeName, `pvc-${pvc.metadata.uid}`);
    assert.equal(pvc.metadata.annotations['volume.kubernetes.io/selected-node'], json(['get', 'pod', 'writer']).spec.nodeName);
    const pv = json(['get', 'pv', pvc.spec.volumeName]);
    const dir = join(c.dataDir, 'storage', `pvc-${pvc.metadata.uid}_default_data`);
    assert.equal(pv.spec.hostPath.path, dir);
    assert.equal(pv.status.phase, 'Bound');
    assert.equal(readFileSync(join(dir, 'file'), 'utf8'), 'persisted\n');
    assert.match(events(), /ProvisioningSucceeded/);

    k(['delete', 'pod', 'writer', '--wait=true']);
    k(['apply', '-f', '-'], podUsingClaim('reader', 'cat /data/file'));
    await waitFor(() => `reader Succeeded: ${JSON.stringify(json(['get', 'pod', 'reader'])?.status)}\n${events()}`, () => succeeded('reader'));
    assert.equal(k(['logs', 'reader']), 'persisted\n');
    k(['delete', 'pod', 'reader', '--wait=true']);

    k(['delete', 'pvc', 'data', '--wait=true']);
    await waitFor(() => `PV ${pv.metadata.name} deleted: ${k(['get', 'pv'])}`, () => kubectl(c, ['get', 'pv', pv.metadata.name]).code !== 0 || undefined);
    await waitFor(() => `${dir} removed`, () => !existsSync(dir) || undefined);
  });
});
