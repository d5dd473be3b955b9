// Every built-in kind through the real kubectl: create, get (upstream columns),
// get -o yaml (upstream defaults), describe, client- and server-side apply,
// label, annotate, the three patch types, scale, explain, delete + wait.
// Kinds run concurrently against one cluster; each kind's steps run in order.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { type Cluster, kubectlBinary, startSkiff } from '../helpers/cluster.js';
import { KINDS, type NamedFixture } from './fixtures/kinds.js';
import { assertField, headerOf, kubectlAsync, kubectlOkAsync } from './fixtures/kubectl-async.js';

type Json = Record<string, any>;

/** Kinds also driven with the older kubectl (named `<name>-k128`). */
const OLD_KUBECTL_KINDS = ['ConfigMap', 'Service', 'Deployment', 'StatefulSet', 'CronJob', 'Ingress', 'PersistentVolume', 'ClusterRole'];

let c: Cluster;

before(async () => {
  c = await startSkiff();
});
after(async () => {
  await c?.stop();
  c?.cleanup();
});

function kindSteps(f: NamedFixture, name: string, bin: string | undefined, full: boolean): void {
  const ns = f.namespaced ? ['-n', 'default'] : [];
  const k = (args: string[], input?: string): Promise<string> => kubectlOkAsync(c, [...args, ...ns], { input, bin });
  const kr = (args: string[], input?: string) => kubectlAsync(c, [...args, ...ns], { input, bin });
  const getJson = async (extra: string[] = []): Promise<Json> => JSON.parse(await k(['get', f.resource, name, '-o', 'json', ...extra]));

  it('create -f', async () => {
    const out = await k(['create', '-f', '-'], f.manifest(name, 1));
    assert.match(out, new RegExp(`/${name.replace(/\./g, '\\.')} created`));
  });

  it('get shows the upstream columns', async () => {
    const out = await k(['get', f.resource, name]);
    assert.deepEqual(headerOf(out), f.header, out);
    const row = out.split('\n')[1] ?? '';
    if (f.header[0] === 'NAME') assert.ok(row.startsWith(`${name} `), out);
    else assert.match(row, new RegExp(`/${name.split('.')[0]}\\s`), out);
  });

  it('get -o yaml shows upstream defaults', async () => {
    const obj = parseYaml(await k(['get', f.resource, name, '-o', 'yaml'])) as Json;
    assert.equal(obj.kind, f.kind.split(' ')[0]);
    assert.equal(obj.apiVersion, f.explain.version);
    assert.equal(obj.metadata.name, name);
    assertField(obj, f.changed.path, f.changed.value(1));
    for (const [path, expected] of f.defaults) assertField(obj, path, expected);
  });

  if (full) {
    it('describe', async () => {
      const out = await k(['describe', f.resource, name]);
      assert.match(out, new RegExp(`^Name:\\s+${name.replace(/\./g, '\\.')}$`, 'm'), out);
      for (const re of f.describe ?? []) assert.match(out, re, out);
    });
  }

  it('apply -f (client-side) with a change', async () => {
    const r = await kr(['apply', '-f', '-'], f.manifest(name, 2));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, / configured$/m);
    const obj = await getJson();
    assertField(obj, f.changed.path, f.changed.value(2));
    assert.ok(obj.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'], 'last-applied annotation');
  });

  it('apply --server-side with a change', async () => {
    if (f.ssaConflict) {
      const r = await kr(['apply', '--server-side', '-f', '-'], f.manifest(name, 3));
      assert.notEqual(r.code, 0, 'expected a conflict');
      assert.match(r.stderr, f.ssaConflict);
    }
    const force = f.ssaConflict ? ['--force-conflicts'] : [];
    const out = await k(['apply', '--server-side', ...force, '-f', '-'], f.manifest(name, 3));
    assert.match(out, / serverside-applied$/m);
    const obj = await getJson(['--show-managed-fields']);
    assertField(obj, f.changed.path, f.changed.value(3));
    const managers = (obj.metadata.managedFields as Json[]).map((m) => `${m.manager}/${m.operation}`);
    assert.ok(managers.includes('kubectl/Apply'), managers.join(','));
  });

  it('label and annotate', async () => {
    assert.match(await k(['label', f.resource, name, 'tier=gold']), / labeled$/m);
    assert.match(await k(['annotate', f.resource, name, 'owner=team-a']), / annotated$/m);
    const obj = await getJson();
    assert.equal(obj.metadata.labels.tier, 'gold');
    assert.equal(obj.metadata.annotations.owner, 'team-a');
    const listed = await k(['get', f.resource, '-l', 'tier=gold', '-o', 'name']);
    assert.match(listed, new RegExp(`/${name.replace(/\./g, '\\.')}$`, 'm'));
  });

  it('patch --type=merge, --type=json and strategic', async () => {
    await k(['patch', f.resource, name, '--type=merge', '-p', '{"metadata":{"labels":{"merged":"yes"}}}']);
    await k(['patch', f.resource, name, '--type=json', '-p', '[{"op":"add","path":"/metadata/annotations/json-patched","value":"yes"}]']);
    await k(['patch', f.resource, name, '-p', '{"metadata":{"labels":{"strategic":"yes"}}}']);
    if (f.strategic) await k(['patch', f.resource, name, '-p', f.strategic.patch]);
    const obj = await getJson();
    assert.equal(obj.metadata.labels.merged, 'yes');
    assert.equal(obj.metadata.labels.tier, 'gold');
    assert.equal(obj.metadata.labels.strategic, 'yes');
    assert.equal(obj.metadata.annotations['json-patched'], 'yes');
    for (const [path, expected] of f.strategic?.check ?? []) assertField(obj, path, expected);
    const bad = await kr(['patch', f.resource, name, '--type=json', '-p', '[{"op":"test","path":"/metadata/name","value":"other"}]']);
    assert.notEqual(bad.code, 0);
  });

  if (f.scalable) {
    it('scale', async () => {
      assert.match(await k(['scale', f.resource, name, '--replicas=3']), / scaled$/m);
      assert.equal((await getJson()).spec.replicas, 3);
      const scale = JSON.parse(await k(['get', f.resource, name, '--subresource=scale', '-o', 'json'])) as Json;
      assert.equal(scale.kind, 'Scale');
      assert.equal(scale.apiVersion, 'autoscaling/v1');
      assert.equal(scale.spec.replicas, 3);
    });
  }

  if (full) {
    it('explain', async () => {
      const plural = f.resource.split('.')[0]!;
      const out = await kubectlOkAsync(c, ['explain', plural, `--api-version=${f.explain.version}`], { bin });
      assert.match(out, new RegExp(`^KIND:\\s+${f.explain.kind}$`, 'm'), out);
      assert.match(out, new RegExp(`^VERSION:\\s+${f.explain.version.split('/').pop()}$`, 'm'), out);
      assert.match(out, /^FIELDS:$/m, out);
    });
  }

  it('delete, then wait --for=delete', async () => {
    assert.match(await k(['delete', f.resource, name, '--wait=false']), / deleted/);
    await k(['wait', '--for=delete', `${f.resource}/${name}`, '--timeout=20s']);
    const r = await kr(['get', f.resource, name]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /NotFound|not found/);
  });
}

describe('every built-in kind with the kubectl on PATH', { concurrency: 6 }, () => {
  for (const f of KINDS) describe(f.kind, { concurrency: 1 }, () => kindSteps(f, f.name, undefined, true));
});

describe('a subset of kinds with kubectl 1.28', { concurrency: 4 }, () => {
  const bin = kubectlBinary('1.28');
  it('kubectl 1.28 is installed', () => assert.ok(bin, 'kubectl.1.28 not found beside kubectl'));
  for (const f of KINDS.filter((x) => OLD_KUBECTL_KINDS.includes(x.kind))) {
    describe(f.kind, { concurrency: 1 }, () => kindSteps(f, `${f.name}-k128`, bin, false));
  }
});
