// The real kubectl (the one on PATH and an older one) through the everyday verbs.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { type Cluster, kubectl, kubectlBinary, kubectlOk, startSkiff } from '../helpers/cluster.js';

const DEPLOYMENT = (name: string, image = 'nginx:1.25', replicas = 2): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - name: web
        image: ${image}
        ports: [{containerPort: 80}]
`;

const versions: Array<{ label: string; bin: string | undefined }> = [
  { label: 'kubectl (PATH)', bin: kubectlBinary() },
  { label: 'kubectl 1.28', bin: kubectlBinary('1.28') },
];

for (const v of versions) {
  describe(`${v.label}: everyday verbs`, () => {
    let c: Cluster;
    const k = (args: string[], input?: string): string => kubectlOk(c, args, { input, bin: v.bin });
    const kr = (args: string[], input?: string) => kubectl(c, args, { input, bin: v.bin });

    before(async () => {
      assert.ok(v.bin, `${v.label} binary not found`);
      c = await startSkiff();
    });
    after(async () => {
      await c.stop();
      c.cleanup();
    });

    it('api-resources and api-versions list the built-in kinds', () => {
      const res = k(['api-resources']);
      for (const r of ['pods', 'deployments', 'cronjobs', 'leases', 'endpointslices', 'ingresses', 'poddisruptionbudgets', 'storageclasses', 'clusterroles', 'customresourcedefinitions'])
        assert.match(res, new RegExp(`^${r}\\s`, 'm'));
      const vers = k(['api-versions']);
      for (const gv of ['v1', 'apps/v1', 'batch/v1', 'rbac.authorization.k8s.io/v1', 'apiextensions.k8s.io/v1']) assert.match(vers, new RegExp(`^${gv.replace('.', '\\.')}$`, 'm'));
    });

    it('create, get (table and -o json), describe', () => {
      k(['create', '-f', '-'], DEPLOYMENT('web'));
      const table = k(['get', 'deployments']);
      assert.match(table, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/m);
      assert.match(table, /^web\s+0\/2\s+0\s+0\s+/m);
      const obj = JSON.parse(k(['get', 'deployment', 'web', '-o', 'json']));
      assert.equal(obj.spec.replicas, 2);
      assert.equal(obj.spec.strategy.type, 'RollingUpdate');
      assert.equal(obj.metadata.generation, 1);
      assert.match(k(['describe', 'deployment', 'web']), /Replicas:\s+2 desired/);
    });

    it('create configmap and secret (protobuf bodies)', () => {
      k(['create', 'configmap', 'cfg', '--from-literal=a=b']);
      k(['create', 'secret', 'generic', 'sec', '--from-literal=k=v']);
      assert.equal(JSON.parse(k(['get', 'cm', 'cfg', '-o', 'json'])).data.a, 'b');
      assert.equal(Buffer.from(JSON.parse(k(['get', 'secret', 'sec', '-o', 'json'])).data.k, 'base64').toString(), 'v');
    });

    it('apply (client-side), re-apply with a change, diff', () => {
      k(['apply', '-f', '-'], DEPLOYMENT('applied'));
      k(['apply', '-f', '-'], DEPLOYMENT('applied', 'nginx:1.26'));
      const obj = JSON.parse(k(['get', 'deploy', 'applied', '-o', 'json']));
      assert.equal(obj.spec.template.spec.containers[0].image, 'nginx:1.26');
      assert.equal(obj.metadata.generation, 2);
      const d = kr(['diff', '-f', '-'], DEPLOYMENT('applied', 'nginx:1.27'));
      assert.equal(d.code, 1, d.stderr);
      assert.match(d.stdout, /^-\s+- image: nginx:1.26$/m);
      assert.match(d.stdout, /^\+\s+- image: nginx:1.27$/m);
    });

    it('apply --server-side, with managedFields and conflicts', () => {
      k(['apply', '--server-side', '-f', '-'], DEPLOYMENT('ssa'));
      const obj = JSON.parse(k(['get', 'deploy', 'ssa', '-o', 'json', '--show-managed-fields']));
      assert.ok(obj.metadata.managedFields.some((m: any) => m.manager === 'kubectl' && m.operation === 'Apply'));
      const conflict = kr(['apply', '--server-side', '--field-manager=other', '-f', '-'], DEPLOYMENT('ssa', 'nginx:1.26', 5));
      assert.notEqual(conflict.code, 0);
      assert.match(conflict.stderr, /conflict/i);
      k(['apply', '--server-side', '--force-conflicts', '--field-manager=other', '-f', '-'], DEPLOYMENT('ssa', 'nginx:1.26', 5));
      assert.equal(JSON.parse(k(['get', 'deploy', 'ssa', '-o', 'json'])).spec.replicas, 5);
    });

    it('patch: strategic, merge and json', () => {
      k(['patch', 'deploy', 'web', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"side","image":"busybox"}]}}}}']);
      let obj = JSON.parse(k(['get', 'deploy', 'web', '-o', 'json']));
      assert.deepEqual(obj.spec.template.spec.containers.map((x: any) => x.name).sort(), ['side', 'web']);
      k(['patch', 'deploy', 'web', '--type=merge', '-p', '{"metadata":{"labels":{"tier":"front"}}}']);
      k(['patch', 'deploy', 'web', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":4}]']);
      obj = JSON.parse(k(['get', 'deploy', 'web', '-o', 'json']));
      assert.equal(obj.metadata.labels.tier, 'front');
      assert.equal(obj.spec.replicas, 4);
    });

    it('label, annotate, scale, selectors', () => {
      k(['label', 'cm', 'cfg', 'team=blue']);
      k(['annotate', 'cm', 'cfg', 'note=hello']);
      assert.match(k(['get', 'cm', '-l', 'team=blue', '-o', 'name']), /configmap\/cfg/);
      assert.doesNotMatch(k(['get', 'cm', '-l', 'team!=blue', '-o', 'name']), /configmap\/cfg/);
      assert.match(k(['get', 'cm', '--field-selector', 'metadata.name=cfg', '-o', 'name']), /configmap\/cfg/);
      k(['scale', 'deploy', 'web', '--replicas=7']);
      assert.equal(JSON.parse(k(['get', 'deploy', 'web', '-o', 'json'])).spec.replicas, 7);
    });

    it('get -w streams changes', async () => {
      const child = spawn(v.bin!, ['get', 'cm', '-w', '--no-headers'], { env: { ...process.env, KUBECONFIG: c.kubeconfig } });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      try {
        await waitFor(() => /^cfg\s/m.test(out));
        k(['create', 'configmap', 'watched', '--from-literal=x=y']);
        await waitFor(() => /^watched\s/m.test(out));
      } finally {
        child.kill();
      }
    });

    it('delete and wait --for=delete', () => {
      k(['delete', 'deploy', 'applied']);
      k(['wait', '--for=delete', 'deploy/applied', '--timeout=10s']);
      assert.notEqual(kr(['get', 'deploy', 'applied']).code, 0);
    });

    it('explain uses the OpenAPI documents', () => {
      assert.match(k(['explain', 'deployment.spec.replicas']), /replicas/);
      assert.match(k(['explain', 'pods.spec.containers']), /FIELDS:/);
    });
  });
}

async function waitFor(cond: () => boolean, timeoutMs = 10000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
