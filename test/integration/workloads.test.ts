// Workloads on real containers: `skiff up` with the controller manager, the
// scheduler and the node agent (runc under conmon, CNI), images from a
// docker-registry on loopback, all driven by the real kubectl. Deployments
// (rollout, update, undo, scale, cascading deletes), a StatefulSet whose pods
// keep their volumes, a DaemonSet, and a drain held back by a
// PodDisruptionBudget.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Cluster, kubectl, kubectlOk } from '../helpers/cluster.js';
import { isReady, waitFor as poll } from '../helpers/pods.js';
import { type RealCluster, startRealCluster } from '../helpers/real-cluster.js';

let real: RealCluster;
let c: Cluster;
let img1: string;
let img2: string;

const k = (args: string[], input?: string): string => kubectlOk(c, args, { input });
const waitFor = <T>(what: string, fn: () => T | undefined | false, ms = 60000): Promise<T> => poll(() => c, what, fn, ms);
const json = (args: string[]): any => JSON.parse(k([...args, '-o', 'json']));
const podsOf = (selector: string): any[] => json(['get', 'pods', '-l', selector]).items;
const readyPods = (selector: string): any[] => podsOf(selector).filter((p) => isReady(p) && !p.metadata.deletionTimestamp);

describe('workloads on real containers (as root)', () => {
  before(async () => {
    real = await startRealCluster({ tags: ['1', '2'], start: { controllers: true } });
    c = real.c;
    img1 = real.image('1');
    img2 = real.image('2');
    await waitFor('node Ready', () => /\sReady\s/.test(kubectl(c, ['get', 'nodes']).stdout));
  });

  after(async () => {
    await real?.stop();
  });

  it('a Deployment rolls out, updates its image, rolls back, scales to 10 and to 0', async () => {
    k(['create', 'deployment', 'web', `--image=${img1}`, '--replicas=2', '--', 'sleep', '3600']);
    k(['patch', 'deployment', 'web', '--type=merge', '-p', '{"spec":{"template":{"spec":{"terminationGracePeriodSeconds":1}}}}']);
    k(['rollout', 'status', 'deployment/web', '--timeout=90s']);
    const images = (): string[] => [...new Set(readyPods('app=web').map((p) => p.spec.containers[0].image))];
    assert.deepEqual(images(), [img1]);

    k(['set', 'image', 'deployment/web', `busybox=${img2}`]);
    k(['rollout', 'status', 'deployment/web', '--timeout=90s']);
    await waitFor('only new pods', () => podsOf('app=web').length === 2 && images().join() === img2);
    assert.equal(json(['get', 'rs', '-l', 'app=web']).items.length, 3, 'one ReplicaSet per template: the first, the patched one and the new image');
    assert.match(k(['rollout', 'history', 'deployment/web']), /\n3\s/);

    k(['rollout', 'undo', 'deployment/web']);
    k(['rollout', 'status', 'deployment/web', '--timeout=90s']);
    await waitFor('the old image back', () => podsOf('app=web').length === 2 && images().join() === img1);

    k(['scale', 'deployment/web', '--replicas=10']);
    k(['rollout', 'status', 'deployment/web', '--timeout=120s']);
    assert.equal(readyPods('app=web').length, 10);
    const d = json(['get', 'deployment', 'web']);
    assert.equal(d.status.availableReplicas, 10);
    assert.equal(d.status.observedGeneration, d.metadata.generation);

    k(['scale', 'deployment/web', '--replicas=0']);
    await waitFor('no pods', () => podsOf('app=web').length === 0);
  });

  it('deleting a Deployment removes its ReplicaSets and pods; --cascade=orphan leaves them', async () => {
    k(['delete', 'deployment', 'web', '--wait=true', '--timeout=60s']);
    await waitFor('ReplicaSets gone', () => json(['get', 'rs', '-l', 'app=web']).items.length === 0);

    k(['create', 'deployment', 'keep', `--image=${img1}`, '--replicas=2', '--', 'sleep', '3600']);
    k(['rollout', 'status', 'deployment/keep', '--timeout=90s']);
    const before = podsOf('app=keep').map((p) => p.metadata.name).sort();
    k(['delete', 'deployment', 'keep', '--cascade=orphan']);
    await waitFor('the deployment gone', () => kubectl(c, ['get', 'deployment', 'keep']).code !== 0);
    await new Promise((r) => setTimeout(r, 2000));
    const rs = json(['get', 'rs', '-l', 'app=keep']).items;
    assert.equal(rs.length, 1, 'the ReplicaSet stays');
    assert.equal(rs[0].metadata.ownerReferences, undefined, 'and is orphaned');
    assert.deepEqual(podsOf('app=keep').map((p) => p.metadata.name).sort(), before, 'its pods keep running');
    k(['delete', 'rs', '-l', 'app=keep', '--wait=false']);
  });

  it('a StatefulSet starts web-0..2 in order, and each pod keeps its volume across deletion', async () => {
    k(['apply', '-f', '-'], JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { clusterIP: 'None', selector: { app: 'sts' }, ports: [{ port: 80 }] } },
        {
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          metadata: { name: 'web' },
          spec: {
            serviceName: 'web',
            replicas: 3,
            selector: { matchLabels: { app: 'sts' } },
            template: {
              metadata: { labels: { app: 'sts' } },
              spec: {
                terminationGracePeriodSeconds: 1,
                containers: [{ name: 'c', image: img1, command: ['sh', '-c', 'hostname >> /data/log; exec sleep 3600'], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
              },
            },
            volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Mi' } } } }],
          },
        },
      ],
    }));
    k(['rollout', 'status', 'statefulset/web', '--timeout=120s']);
    const pods = podsOf('app=sts').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    assert.deepEqual(pods.map((p) => p.metadata.name), ['web-0', 'web-1', 'web-2']);
    const started = pods.map((p) => Date.parse(p.status.containerStatuses[0].state.running.startedAt));
    assert.ok(started[0]! <= started[1]! && started[1]! <= started[2]!, `started in order: ${started}`);
    const claims = json(['get', 'pvc']).items.filter((x: any) => x.metadata.name.startsWith('data-web-'));
    assert.deepEqual(claims.map((x: any) => `${x.metadata.name}:${x.status.phase}`).sort(), ['data-web-0:Bound', 'data-web-1:Bound', 'data-web-2:Bound']);

    const uid = json(['get', 'pod', 'web-1']).metadata.uid;
    k(['delete', 'pod', 'web-1', '--wait=false']);
    await waitFor('web-1 back and Ready', () => {
      const p = kubectl(c, ['get', 'pod', 'web-1', '-o', 'json']);
      if (p.code !== 0) return false;
      const o = JSON.parse(p.stdout);
      return o.metadata.uid !== uid && isReady(o);
    }, 90000);
    await waitFor('the volume to hold both runs', () => k(['exec', 'web-1', '--', 'cat', '/data/log']).trim() === 'web-1\nweb-1');
    assert.equal(k(['exec', 'web-0', '--', 'cat', '/data/log']).trim(), 'web-0', 'each pod its own claim');
  });

  it('a DaemonSet runs on the node; a drain evicts pods only as far as their PodDisruptionBudget allows', async () => {
    const node = k(['get', 'nodes', '-o', 'jsonpath={.items[0].metadata.name}']);
    k(['apply', '-f', '-'], JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: { selector: { matchLabels: { app: 'ds' } }, template: { metadata: { labels: { app: 'ds' } }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: img1, command: ['sleep', '3600'] }] } } },
    }));
    k(['rollout', 'status', 'daemonset/agent', '--timeout=90s']);
    const ds = readyPods('app=ds');
    assert.equal(ds.length, 1);
    assert.equal(ds[0].spec.nodeName, node);

    k(['create', 'deployment', 'guarded', `--image=${img1}`, '--replicas=2', '--', 'sleep', '3600']);
    k(['rollout', 'status', 'deployment/guarded', '--timeout=90s']);
    k(['create', 'pdb', 'guarded', '--selector=app=guarded', '--min-available=1']);
    await waitFor('the budget to allow one disruption', () => json(['get', 'pdb', 'guarded']).status?.disruptionsAllowed === 1);
    // One node: evicted pods cannot come back, so the budget stops the second eviction.
    const drain = kubectl(c, ['drain', node, '--ignore-daemonsets', '--timeout=15s'], { timeoutMs: 60000 });
    assert.notEqual(drain.code, 0, 'the drain cannot finish');
    assert.match(drain.stdout + drain.stderr, /disruption budget/);
    assert.equal(json(['get', 'node', node]).spec.unschedulable, true, 'cordoned');
    // The ReplicaSet replaces the evicted pod, but the replacement cannot be scheduled on the cordoned node.
    await waitFor('one guarded pod left running', () => podsOf('app=guarded').filter((p) => p.spec.nodeName && !p.metadata.deletionTimestamp).length === 1);
    assert.equal(podsOf('app=guarded').filter((p) => !p.spec.nodeName).length, 1, 'its replacement waits unscheduled');
    assert.equal(readyPods('app=ds').length, 1, 'the DaemonSet pod stays');
    k(['uncordon', node]);
    k(['rollout', 'status', 'deployment/guarded', '--timeout=90s']);
    k(['delete', 'pdb', 'guarded']);
  });

  it('bad specs are rejected with 422', () => {
    const bad = (obj: object): string => {
      const r = kubectl(c, ['create', '-f', '-', '-v=6'], { input: JSON.stringify(obj) });
      assert.notEqual(r.code, 0);
      return r.stdout + r.stderr;
    };
    const template = { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: img1 }] } };
    assert.match(bad({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'mismatch' }, spec: { selector: { matchLabels: { app: 'b' } }, template } }), /422[\s\S]*`selector` does not match template `labels`/);
    assert.match(bad({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'negative' }, spec: { replicas: -1, selector: { matchLabels: { app: 'a' } }, template } }), /422[\s\S]*spec.replicas: Invalid value: -1/);
    assert.match(bad({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cron' }, spec: { schedule: 'every minute', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: img1 }] } } } } } }), /422[\s\S]*spec.schedule: Invalid value: "every minute"/);
  });
});
