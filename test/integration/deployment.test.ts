// The deployment controller through the real kubectl, with the controller
// manager, scheduler and simulated nodes (pods turn Ready without
// containers): create, rollout status, set image, history, undo, scale,
// pause/resume/restart, Recreate, and the ScalingReplicaSet events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kubectl, kubectlJson, kubectlOk, useSkiff, waitFor } from '../helpers/cluster.js';

const c = useSkiff({ controllers: true, scheduler: true, args: ['--simulate-nodes', '2'] });

interface RS {
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { replicas: number; selector: { matchLabels: Record<string, string> }; template: { spec: { containers: Array<{ image: string }> } } };
  status?: { replicas?: number };
}

const replicaSets = (app: string): RS[] => kubectlJson<{ items: RS[] }>(c(), ['get', 'rs', '-l', `app=${app}`]).items;
const image = (rs: RS): string => rs.spec.template.spec.containers[0]!.image;
const rev = (o: { metadata: { annotations?: Record<string, string> } }, key = 'revision'): string | undefined => o.metadata.annotations?.[`deployment.kubernetes.io/${key}`];

function rolloutStatus(name: string): string {
  return kubectlOk(c(), ['rollout', 'status', `deployment/${name}`, '--timeout=60s']);
}

test('create, rollout status, set image, history, undo', () => {
  kubectlOk(c(), ['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=3']);
  assert.match(rolloutStatus('web'), /deployment "web" successfully rolled out/);
  const [rs1] = replicaSets('web');
  const hash = rs1!.metadata.labels!['pod-template-hash']!;
  assert.match(hash, /^[4-9bcdf]+$/);
  assert.equal(rs1!.metadata.name, `web-${hash}`);
  assert.equal(rs1!.spec.selector.matchLabels['pod-template-hash'], hash);
  assert.equal(rev(rs1!), '1');
  assert.equal(rev(rs1!, 'desired-replicas'), '3');
  assert.equal(rev(rs1!, 'max-replicas'), '4');
  const pods = kubectlJson<{ items: Array<{ metadata: { labels: Record<string, string> } }> }>(c(), ['get', 'pods', '-l', 'app=web']).items;
  assert.equal(pods.length, 3);
  assert.ok(pods.every((p) => p.metadata.labels['pod-template-hash'] === hash));
  const d = kubectlJson<{ metadata: { generation: number; annotations: Record<string, string> }; status: Record<string, unknown> }>(c(), ['get', 'deployment', 'web']);
  assert.equal(rev(d), '1');
  assert.equal(d.status.observedGeneration, d.metadata.generation);
  assert.deepEqual([d.status.replicas, d.status.updatedReplicas, d.status.readyReplicas, d.status.availableReplicas], [3, 3, 3, 3]);
  const conds = d.status.conditions as Array<{ type: string; status: string; reason: string }>;
  assert.deepEqual(conds.map((x) => [x.type, x.status, x.reason]).sort(), [
    ['Available', 'True', 'MinimumReplicasAvailable'],
    ['Progressing', 'True', 'NewReplicaSetAvailable'],
  ]);

  kubectlOk(c(), ['set', 'image', 'deployment/web', 'nginx=nginx:1.26']);
  assert.match(rolloutStatus('web'), /successfully rolled out/);
  const after2 = replicaSets('web');
  assert.equal(after2.length, 2);
  const rs2 = after2.find((r) => image(r) === 'nginx:1.26')!;
  assert.equal(rs2.spec.replicas, 3);
  assert.equal(rev(rs2), '2');
  assert.equal(after2.find((r) => r.metadata.name === rs1!.metadata.name)!.spec.replicas, 0);

  const history = kubectlOk(c(), ['rollout', 'history', 'deployment/web']);
  assert.match(history, /REVISION\s+CHANGE-CAUSE\s*\n1\s+<none>\s*\n2\s+<none>/);
  assert.match(kubectlOk(c(), ['rollout', 'history', 'deployment/web', '--revision=2']), /Image:\s+nginx:1\.26/);

  kubectlOk(c(), ['rollout', 'undo', 'deployment/web']);
  assert.match(rolloutStatus('web'), /successfully rolled out/);
  const after3 = replicaSets('web');
  assert.equal(after3.length, 2, 'undo reuses the old replica set');
  const back = after3.find((r) => r.metadata.name === rs1!.metadata.name)!;
  assert.equal(back.spec.replicas, 3);
  assert.equal(rev(back), '3');
  assert.equal(rev(back, 'revision-history'), '1');
  assert.match(kubectlOk(c(), ['rollout', 'history', 'deployment/web']), /\n2\s+<none>\s*\n3\s+<none>/);

  const events = kubectlOk(c(), ['get', 'events', '--field-selector', 'involvedObject.name=web,reason=ScalingReplicaSet', '-o', 'jsonpath={range .items[*]}{.message}{"\\n"}{end}']);
  assert.match(events, new RegExp(`Scaled up replica set ${rs1!.metadata.name} to 3\\n`));
  assert.match(events, new RegExp(`Scaled up replica set ${rs2.metadata.name} to 1\\n`));
  assert.match(events, new RegExp(`Scaled down replica set ${rs1!.metadata.name} to 2 from 3`));
});

test('scale to 10 and to 0', async () => {
  kubectlOk(c(), ['create', 'deployment', 'sc', '--image=nginx:1.25', '--replicas=2']);
  rolloutStatus('sc');
  kubectlOk(c(), ['scale', 'deployment/sc', '--replicas=10']);
  assert.match(rolloutStatus('sc'), /successfully rolled out/);
  const [rs] = replicaSets('sc');
  assert.equal(rs!.spec.replicas, 10);
  assert.equal(rev(rs!, 'desired-replicas'), '10');
  assert.equal(rev(rs!, 'max-replicas'), '13');
  kubectlOk(c(), ['scale', 'deployment/sc', '--replicas=0']);
  await waitFor(c, 'pods gone', () => kubectlJson<{ items: unknown[] }>(c(), ['get', 'pods', '-l', 'app=sc']).items.length === 0);
  const d = await waitFor(c, 'status at 0', () => {
    const x = kubectlJson<{ status: { replicas?: number; availableReplicas?: number } }>(c(), ['get', 'deployment', 'sc']);
    return (x.status.replicas ?? 0) === 0 && (x.status.availableReplicas ?? 0) === 0 && x;
  });
  assert.ok(d);
  assert.match(kubectlOk(c(), ['get', 'deployment', 'sc']), /sc\s+0\/0\s+0\s+0/);
});

test('pause holds a rollout, resume performs it, restart makes a new replica set', async () => {
  kubectlOk(c(), ['create', 'deployment', 'pz', '--image=nginx:1.25', '--replicas=2']);
  rolloutStatus('pz');
  kubectlOk(c(), ['rollout', 'pause', 'deployment/pz']);
  kubectlOk(c(), ['set', 'image', 'deployment/pz', 'nginx=nginx:1.26']);
  kubectlOk(c(), ['scale', 'deployment/pz', '--replicas=3']);
  await waitFor(c, 'paused deployment still scales', () => replicaSets('pz')[0]!.spec.replicas === 3);
  const paused = kubectlJson<{ status: { conditions: Array<{ type: string; reason: string; status: string }> } }>(c(), ['get', 'deployment', 'pz']);
  assert.deepEqual(
    paused.status.conditions.filter((x) => x.type === 'Progressing').map((x) => [x.status, x.reason]),
    [['Unknown', 'DeploymentPaused']],
  );
  assert.equal(replicaSets('pz').length, 1, 'no rollout while paused');

  kubectlOk(c(), ['rollout', 'resume', 'deployment/pz']);
  assert.match(rolloutStatus('pz'), /successfully rolled out/);
  assert.deepEqual(replicaSets('pz').map((r) => [image(r), r.spec.replicas]).sort(), [
    ['nginx:1.25', 0],
    ['nginx:1.26', 3],
  ]);

  kubectlOk(c(), ['rollout', 'restart', 'deployment/pz']);
  assert.match(rolloutStatus('pz'), /successfully rolled out/);
  const all = replicaSets('pz');
  assert.equal(all.length, 3);
  const newest = all.find((r) => rev(r) === '3')!;
  assert.equal(newest.spec.replicas, 3);
  assert.ok((newest.spec.template as unknown as { metadata: { annotations: Record<string, string> } }).metadata.annotations['kubectl.kubernetes.io/restartedAt']);
});

test('Recreate replaces every pod at once', async () => {
  kubectlOk(c(), ['create', 'deployment', 'rc', '--image=nginx:1.25', '--replicas=2']);
  kubectlOk(c(), ['patch', 'deployment/rc', '--type=merge', '-p', '{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}']);
  rolloutStatus('rc');
  kubectlOk(c(), ['set', 'image', 'deployment/rc', 'nginx=nginx:1.26']);
  assert.match(rolloutStatus('rc'), /successfully rolled out/);
  const rss = replicaSets('rc');
  assert.deepEqual(rss.map((r) => [image(r), r.spec.replicas]).sort(), [
    ['nginx:1.25', 0],
    ['nginx:1.26', 2],
  ]);
  const messages = kubectlOk(c(), ['get', 'events', '--field-selector', 'involvedObject.name=rc,reason=ScalingReplicaSet', '-o', 'jsonpath={range .items[*]}{.message}{"\\n"}{end}']);
  const old = rss.find((r) => image(r) === 'nginx:1.25')!.metadata.name;
  const fresh = rss.find((r) => image(r) === 'nginx:1.26')!.metadata.name;
  assert.match(messages, new RegExp(`Scaled down replica set ${old} to 0 from 2\\n`));
  assert.match(messages, new RegExp(`Scaled up replica set ${fresh} to 2\\n`));
});

test('a rollout that cannot progress reports ProgressDeadlineExceeded and fails rollout status', () => {
  const manifest = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'stuck' },
    spec: {
      replicas: 1,
      progressDeadlineSeconds: 2,
      selector: { matchLabels: { app: 'stuck' } },
      template: { metadata: { labels: { app: 'stuck' } }, spec: { nodeSelector: { nowhere: 'true' }, containers: [{ name: 'c', image: 'nginx:1.25' }] } },
    },
  };
  kubectlOk(c(), ['apply', '-f', '-'], { input: JSON.stringify(manifest) });
  const r = kubectl(c(), ['rollout', 'status', 'deployment/stuck', '--timeout=30s']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /deployment "stuck" exceeded its progress deadline/);
  const d = kubectlJson<{ status: { conditions: Array<{ type: string; status: string; reason: string; message: string }> } }>(c(), ['get', 'deployment', 'stuck']);
  const p = d.status.conditions.find((x) => x.type === 'Progressing')!;
  assert.equal(p.status, 'False');
  assert.equal(p.reason, 'ProgressDeadlineExceeded');
  assert.match(p.message, /^ReplicaSet "stuck-[4-9bcdf]+" has timed out progressing\.$/);
});
