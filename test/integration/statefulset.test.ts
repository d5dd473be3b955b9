// The StatefulSet controller against a real `skiff up` with the scheduler and
// simulated nodes (pods turn Running/Ready without containers), driven by the
// real kubectl: ordered creation, claims from volumeClaimTemplates, stable
// identity across pod deletion, reverse-order scale down, rollout status and
// a partitioned rolling update. All controllers run, so the storage
// controllers bind the claims (the scheduler waits for them). A pod watch
// records the order of events.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../src/apiserver/types.js';
import { PODS } from '../../src/client/gvr.js';
import { HttpResourceClient } from '../../src/client/rest.js';
import type { WatchHandle } from '../../src/client/types.js';
import { kubectl, kubectlJson, kubectlOk, useSkiff, waitFor } from '../helpers/cluster.js';

interface Pod extends KubeObject {
  spec: { volumes?: Array<{ name: string; persistentVolumeClaim?: { claimName: string } }>; containers: Array<{ image: string }>; hostname?: string; subdomain?: string };
  status?: { phase?: string; conditions?: Array<{ type: string; status: string }> };
}

let client: HttpResourceClient;
let watch: WatchHandle | undefined;
let watching = true;
/** Pod watch events in order: `ADDED web-0 <uid>`, `DELETED web-2 <uid>`… */
const log: string[] = [];
/** For each ADDED web-N (N>0): whether web-(N-1) was Running and Ready at that moment. */
const predecessorReady: Array<[string, boolean]> = [];
const latest = new Map<string, Pod>();

const ready = (p?: Pod): boolean => p?.status?.phase === 'Running' && !!p.status.conditions?.some((x) => x.type === 'Ready' && x.status === 'True');

// Registered before useSkiff's own hook so that it runs first: the watch stops while the cluster is up.
after(() => {
  watching = false;
  watch?.stop();
  client?.close();
});

const c = useSkiff({ controllers: true, scheduler: true, args: ['--simulate-nodes', '2'] });

/** Polls like waitFor; a timeout also prints the pod watch events seen. */
const eventually = <T>(fn: () => T | undefined | false, what: string): Promise<T> => waitFor(c, () => `${what}\n--- pod watch ---\n${log.join('\n')}`, fn);

const podsByName = (): Map<string, Pod> => new Map((kubectlJson(c(), ['get', 'pods', '-l', 'app=nginx']).items as Pod[]).map((p) => [String(p.metadata?.name), p]));

const MANIFEST = `
apiVersion: v1
kind: Service
metadata: { name: nginx, labels: { app: nginx } }
spec:
  clusterIP: None
  selector: { app: nginx }
  ports: [{ port: 80, name: web }]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: web }
spec:
  serviceName: nginx
  replicas: 3
  selector: { matchLabels: { app: nginx } }
  template:
    metadata: { labels: { app: nginx } }
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.8
        volumeMounts: [{ name: www, mountPath: /usr/share/nginx/html }]
  volumeClaimTemplates:
  - metadata: { name: www }
    spec:
      accessModes: [ReadWriteOnce]
      resources: { requests: { storage: 1Gi } }
`;

// File-level before hooks start side by side: wait for the cluster useSkiff starts.
before(async () => {
  client = new HttpResourceClient((await c.started).url, { userAgent: 'statefulset-test' });
  const list = await client.list<Pod>(PODS, 'default');
  let rv = list.metadata.resourceVersion;
  const startWatch = (): void => {
    watch = client.watch<Pod>(
      PODS,
      'default',
      { resourceVersion: rv, labelSelector: 'app=nginx' },
      (ev) => {
        rv = ev.object.metadata?.resourceVersion ?? rv;
        if (ev.type === 'BOOKMARK' || ev.type === 'ERROR') return;
        const name = String(ev.object.metadata?.name);
        if (ev.type === 'ADDED' || ev.type === 'DELETED') log.push(`${ev.type} ${name} ${ev.object.metadata?.uid}`);
        if (ev.type === 'ADDED') {
          const m = /^web-(\d+)$/.exec(name);
          if (m && Number(m[1]) > 0) predecessorReady.push([name, ready(latest.get(`web-${Number(m[1]) - 1}`))]);
        }
        if (ev.type === 'DELETED') latest.delete(name);
        else latest.set(name, ev.object);
      },
      // A watch that ends is resumed from the last version seen, so no event is missed.
      () => void (watching && setTimeout(startWatch, 50)),
    );
  };
  startWatch();
});

test('pods are created in order, each after the previous is Ready, with claims', async () => {
  kubectlOk(c(), ['apply', '-f', '-'], { input: MANIFEST });
  await eventually(() => {
    const pods = podsByName();
    return pods.size === 3 && [...pods.values()].every(ready);
  }, 'three ready pods');
  assert.deepEqual(log.filter((l) => l.startsWith('ADDED')).map((l) => l.split(' ')[1]), ['web-0', 'web-1', 'web-2']);
  assert.deepEqual(predecessorReady, [['web-1', true], ['web-2', true]], 'each pod was created only after its predecessor was Running and Ready');

  const pods = podsByName();
  for (const i of [0, 1, 2]) {
    const p = pods.get(`web-${i}`)!;
    assert.equal(p.spec.hostname, `web-${i}`);
    assert.equal(p.spec.subdomain, 'nginx');
    assert.equal(p.metadata?.labels?.['statefulset.kubernetes.io/pod-name'], `web-${i}`);
    assert.equal(p.metadata?.labels?.['apps.kubernetes.io/pod-index'], String(i));
    assert.ok(p.metadata?.labels?.['controller-revision-hash']);
    assert.equal(p.spec.volumes?.find((v) => v.name === 'www')?.persistentVolumeClaim?.claimName, `www-web-${i}`);
  }
  const claims = kubectlOk(c(), ['get', 'pvc', '-o', 'jsonpath={.items[*].metadata.name}']).trim().split(' ').sort();
  assert.deepEqual(claims, ['www-web-0', 'www-web-1', 'www-web-2']);

  const status = kubectl(c(), ['rollout', 'status', 'statefulset/web', '--timeout=60s']);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /partitioned roll out complete: 3 new pods have been updated|rolling update complete/);
  const events = kubectlOk(c(), ['get', 'events', '--field-selector', 'involvedObject.kind=StatefulSet', '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}']);
  assert.match(events, /SuccessfulCreate: create Pod web-0 in StatefulSet web successful/);
  assert.match(events, /SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success/);
});

test('a deleted pod comes back with the same name and the same claim', async () => {
  const before = podsByName().get('web-1')!;
  const claimUid = kubectlJson(c(), ['get', 'pvc', 'www-web-1']).metadata.uid;
  // --wait=false: simulated nodes confirm deletions within milliseconds, and kubectl's
  // delete-wait can miss a pod that is gone between its GET and its LIST.
  kubectlOk(c(), ['delete', 'pod', 'web-1', '--wait=false']);
  const after = await eventually(() => {
    const p = podsByName().get('web-1');
    return p && p.metadata?.uid !== before.metadata?.uid && ready(p) ? p : undefined;
  }, 'web-1 recreated');
  assert.equal(after.spec.volumes?.find((v) => v.name === 'www')?.persistentVolumeClaim?.claimName, 'www-web-1');
  assert.equal(kubectlJson(c(), ['get', 'pvc', 'www-web-1']).metadata.uid, claimUid, 'the same claim, not a new one');
});

test('a partitioned rolling update only replaces ordinals at or above the partition', async () => {
  kubectlOk(c(), ['patch', 'statefulset', 'web', '-p', '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}}}']);
  kubectlOk(c(), ['set', 'image', 'statefulset/web', 'nginx=registry.k8s.io/nginx-slim:0.9']);
  const status = kubectl(c(), ['rollout', 'status', 'statefulset/web', '--timeout=60s']);
  assert.equal(status.code, 0, status.stderr + status.stdout);
  assert.match(status.stdout, /partitioned roll out complete: 1 new pods have been updated/);
  const pods = await eventually(() => {
    const p = podsByName();
    return p.size === 3 && [...p.values()].every(ready) ? p : undefined;
  }, 'three ready pods after the update');
  assert.equal(pods.get('web-2')!.spec.containers[0]!.image, 'registry.k8s.io/nginx-slim:0.9');
  assert.equal(pods.get('web-1')!.spec.containers[0]!.image, 'registry.k8s.io/nginx-slim:0.8');
  assert.equal(pods.get('web-0')!.spec.containers[0]!.image, 'registry.k8s.io/nginx-slim:0.8');
  const sts = kubectlJson(c(), ['get', 'statefulset', 'web']);
  assert.notEqual(sts.status.currentRevision, sts.status.updateRevision);
  assert.equal(sts.status.updatedReplicas, 1);
  assert.equal(pods.get('web-2')!.metadata?.labels?.['controller-revision-hash'], sts.status.updateRevision);
  assert.equal(pods.get('web-0')!.metadata?.labels?.['controller-revision-hash'], sts.status.currentRevision);
  const revisions = kubectlOk(c(), ['get', 'controllerrevisions', '-o', 'jsonpath={.items[*].metadata.name}']).trim().split(' ');
  assert.equal(revisions.length, 2);
});

test('scale down removes the highest ordinal first', async () => {
  // The watch may lag behind kubectl: pick this test's deletions out by the pods' UIDs.
  const uids = new Set([...podsByName().values()].map((p) => String(p.metadata?.uid)));
  kubectlOk(c(), ['scale', 'statefulset', 'web', '--replicas=1']);
  await eventually(() => podsByName().size === 1, 'one pod left');
  const deleted = await eventually(() => {
    const d = log.map((l) => l.split(' ')).filter(([type, , uid]) => type === 'DELETED' && uids.has(String(uid)));
    return d.length >= 2 && d.map(([, name]) => name);
  }, 'the watch to see two deletions');
  assert.deepEqual(deleted, ['web-2', 'web-1']);
  assert.deepEqual([...podsByName().keys()], ['web-0']);
  const claims = kubectlOk(c(), ['get', 'pvc', '-o', 'jsonpath={.items[*].metadata.name}']).trim().split(' ');
  assert.equal(claims.length, 3, 'claims are retained by default');
  await eventually(() => kubectlJson(c(), ['get', 'statefulset', 'web']).status.replicas === 1, 'status.replicas 1');
});
