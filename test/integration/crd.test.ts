// A CustomResourceDefinition (upstream's CronTab example) through the real
// kubectl: establishment, discovery, schema defaults and validation, printer
// columns, patches, the status and scale subresources, server-side apply,
// explain, watch, and what deleting the CRD does to its resources.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { type Cluster, kubectl, kubectlOk, startSkiff } from '../helpers/cluster.js';
import { CRD_NAME, CRONTAB_CRD, cronTab } from './fixtures/crontab.js';
import { headerOf, waitFor } from './fixtures/kubectl-async.js';

type Json = Record<string, any>;

describe('CustomResourceDefinition: CronTab', () => {
  let c: Cluster;
  const k = (args: string[], input?: string): string => kubectlOk(c, args, { input });
  const kr = (args: string[], input?: string) => kubectl(c, args, { input });
  const get = (name: string, extra: string[] = []): Json => JSON.parse(k(['get', 'crontab', name, '-o', 'json', ...extra]));

  before(async () => {
    c = await startSkiff();
  });
  after(async () => {
    await c?.stop();
    c?.cleanup();
  });

  it('apply the CRD and wait until it is established', () => {
    assert.match(k(['apply', '-f', '-'], CRONTAB_CRD), new RegExp(`customresourcedefinition.apiextensions.k8s.io/${CRD_NAME} created`));
    assert.match(k(['wait', '--for', 'condition=established', `crd/${CRD_NAME}`, '--timeout=20s']), /condition met/);
    const crd = JSON.parse(k(['get', 'crd', CRD_NAME, '-o', 'json'])) as Json;
    const established = (crd.status.conditions as Json[]).find((x) => x.type === 'Established');
    assert.equal(established?.status, 'True');
    assert.deepEqual(crd.status.acceptedNames.shortNames, ['ct']);
    assert.deepEqual(crd.status.storedVersions, ['v1']);
  });

  it('api-resources lists crontabs with its short name', () => {
    const out = k(['api-resources', '--api-group=stable.example.com']);
    assert.match(out, /^crontabs\s+ct\s+stable\.example\.com\/v1\s+true\s+CronTab$/m);
  });

  it('create a CronTab: printer columns, defaulted replicas', () => {
    assert.match(k(['create', '-f', '-'], cronTab('my-new-cron-object')), /crontab.stable.example.com\/my-new-cron-object created/);
    const table = k(['get', 'crontabs']);
    assert.deepEqual(headerOf(table), ['NAME', 'SPEC', 'REPLICAS', 'AGE']);
    assert.match(table, /^my-new-cron-object\s+\* \* \* \* \*\/5\s+1\s+\d+s$/m);
    const obj = get('my-new-cron-object');
    assert.equal(obj.spec.replicas, 1);
    assert.equal(obj.metadata.generation, 1);
    assert.equal(obj.status, undefined);
  });

  it('an invalid CronTab is rejected with 422 and the upstream message', () => {
    const r = kr(['create', '-v=6', '-f', '-'], cronTab('bad', { replicas: 20 }));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /POST http:\/\/127\.0\.0\.1:\d+\/apis\/stable\.example\.com\/v1\/namespaces\/default\/crontabs\S* 422 Unprocessable Entity/);
    assert.match(r.stderr, /The CronTab "bad" is invalid: spec\.replicas: Invalid value: 20: spec\.replicas in body should be less than or equal to 10/);
    const both = kr(['create', '-f', '-'], cronTab('bad', { replicas: 0, cronSpec: '* * * *' }));
    assert.match(both.stderr, /spec\.cronSpec: Invalid value: "\* \* \* \*": spec\.cronSpec in body should match '\^\(\\d\+\|\\\*\)/);
    assert.match(both.stderr, /spec\.replicas: Invalid value: 0: spec\.replicas in body should be greater than or equal to 1/);
    assert.notEqual(kr(['get', 'ct', 'bad']).code, 0);
  });

  it('unknown fields: rejected under --validate=strict (kubectl\'s default), warned about and pruned under warn', () => {
    for (const flags of [['--validate=strict'], []]) {
      const strict = kr(['create', ...flags, '-f', '-'], cronTab('strict', { extra: '  color: blue' }));
      assert.notEqual(strict.code, 0);
      assert.match(strict.stderr, /Error from server \(BadRequest\): error when creating "STDIN": strict decoding error: unknown field "spec\.color"/);
    }
    const warn = kr(['create', '--validate=warn', '-f', '-'], cronTab('lenient', { extra: '  color: blue' }));
    assert.equal(warn.code, 0, warn.stderr);
    assert.match(warn.stderr, /Warning: unknown field "spec\.color"/);
    assert.equal(get('lenient').spec.color, undefined);
  });

  it('kubectl get by short name and -o name', () => {
    assert.match(k(['get', 'ct']), /^my-new-cron-object\s/m);
    assert.match(k(['get', 'ct', '-o', 'name']), /^crontab\.stable\.example\.com\/my-new-cron-object$/m);
  });

  it('patch: merge and json work, and are validated', () => {
    k(['patch', 'ct', 'my-new-cron-object', '--type=merge', '-p', '{"spec":{"image":"cron:2"}}']);
    k(['patch', 'ct', 'my-new-cron-object', '--type=json', '-p', '[{"op":"replace","path":"/spec/cronSpec","value":"*/10 * * * *"}]']);
    const obj = get('my-new-cron-object');
    assert.equal(obj.spec.image, 'cron:2');
    assert.equal(obj.spec.cronSpec, '*/10 * * * *');
    assert.equal(obj.metadata.generation, 3);
    const bad = kr(['patch', 'ct', 'my-new-cron-object', '--type=merge', '-p', '{"spec":{"replicas":11}}']);
    assert.match(bad.stderr, /spec\.replicas in body should be less than or equal to 10/);
  });

  it('a strategic merge patch (kubectl patch\'s default) is refused with 415 and the accepted types', () => {
    const smp = kr(['patch', 'ct', 'my-new-cron-object', '-v=6', '-p', '{"spec":{"image":"cron:3"}}']);
    assert.notEqual(smp.code, 0);
    assert.match(smp.stderr, /PATCH http:\S+\/crontabs\/my-new-cron-object\S* 415 Unsupported Media Type/);
    // kubectl wraps the server's message; the accepted types are upstream's list for custom resources.
    assert.match(
      smp.stderr,
      /error: application\/strategic-merge-patch\+json is not supported by stable\.example\.com\/v1, Kind=CronTab: the body of the request was in an unknown format - accepted media types include: application\/json-patch\+json, application\/merge-patch\+json, application\/apply-patch\+yaml$/m,
    );
    assert.equal(get('my-new-cron-object').spec.image, 'cron:2');
  });

  it('client-side apply, label and annotate use merge patches for custom resources', () => {
    k(['apply', '-f', '-'], cronTab('applied'));
    assert.match(k(['apply', '-f', '-'], cronTab('applied', { image: 'cron:4', replicas: 2 })), /configured/);
    k(['label', 'ct', 'applied', 'team=blue']);
    k(['annotate', 'ct', 'applied', 'note=hi']);
    const obj = get('applied');
    assert.equal(obj.spec.image, 'cron:4');
    assert.equal(obj.spec.replicas, 2);
    assert.equal(obj.metadata.labels.team, 'blue');
    assert.equal(obj.metadata.annotations.note, 'hi');
    assert.match(k(['get', 'ct', '-l', 'team=blue', '-o', 'name']), /crontab\.stable\.example\.com\/applied/);
  });

  it('status subresource: status only changes through /status', () => {
    k(['patch', 'ct', 'applied', '--type=merge', '-p', '{"status":{"replicas":5}}']);
    assert.equal(get('applied').status, undefined);
    k(['patch', 'ct', 'applied', '--subresource=status', '--type=merge', '-p', '{"status":{"replicas":2,"labelSelector":"app=cron"},"spec":{"image":"ignored"}}']);
    const obj = get('applied');
    assert.equal(obj.status.replicas, 2);
    assert.equal(obj.spec.image, 'cron:4');
  });

  it('scale subresource', () => {
    assert.match(k(['scale', 'ct/applied', '--replicas=3']), /crontab\.stable\.example\.com\/applied scaled/);
    assert.equal(get('applied').spec.replicas, 3);
    const scale = JSON.parse(k(['get', 'ct', 'applied', '--subresource=scale', '-o', 'json'])) as Json;
    assert.equal(scale.kind, 'Scale');
    assert.equal(scale.apiVersion, 'autoscaling/v1');
    assert.equal(scale.spec.replicas, 3);
    assert.equal(scale.status.replicas, 2);
    assert.equal(scale.status.selector, 'app=cron');
    const tooMany = kr(['scale', 'ct/applied', '--replicas=11']);
    assert.notEqual(tooMany.code, 0);
    assert.match(tooMany.stderr, /spec\.replicas in body should be less than or equal to 10/);
  });

  it('apply --server-side with a change', () => {
    assert.match(k(['apply', '--server-side', '-f', '-'], cronTab('ssa', { replicas: 2 })), /serverside-applied/);
    assert.match(k(['apply', '--server-side', '-f', '-'], cronTab('ssa', { image: 'cron:5', replicas: 4 })), /serverside-applied/);
    const obj = get('ssa', ['--show-managed-fields']);
    assert.equal(obj.spec.image, 'cron:5');
    assert.equal(obj.spec.replicas, 4);
    const mf = (obj.metadata.managedFields as Json[]).find((m) => m.manager === 'kubectl' && m.operation === 'Apply');
    assert.ok(mf?.fieldsV1?.['f:spec']?.['f:image'], JSON.stringify(obj.metadata.managedFields));
    const conflict = kr(['apply', '--server-side', '--field-manager=other', '-f', '-'], cronTab('ssa', { image: 'cron:6' }));
    assert.notEqual(conflict.code, 0);
    assert.match(conflict.stderr, /conflict with "kubectl": \.spec\.image/);
  });

  it('explain uses the CRD schema', () => {
    const out = k(['explain', 'crontab.spec']);
    assert.match(out, /^KIND:\s+CronTab$/m);
    assert.match(out, /^GROUP:\s+stable\.example\.com$/m);
    assert.match(out, /What to run and when\./);
    assert.match(out, /^\s+cronSpec\s+<string>$/m);
    assert.match(out, /^\s+replicas\s+<integer>$/m);
  });

  it('explain shows upstream\'s descriptions of apiVersion, kind and metadata', () => {
    // kubectl wraps descriptions to its terminal width; compare the words.
    const out = k(['explain', 'crontab']).replace(/\n {4}/g, ' ');
    assert.match(out, /^ {2}apiVersion\t<string> APIVersion defines the versioned schema of this representation of an object\. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values\./m);
    assert.match(out, /^ {2}kind\t<string> Kind is a string value representing the REST resource this object represents\. Servers may infer this from the endpoint the client submits requests to\./m);
    assert.match(out, /^ {2}metadata\t<ObjectMeta> Standard object's metadata\. More info:/m);
  });

  it('get -w streams changes to custom resources', async () => {
    const child = spawn('kubectl', ['get', 'ct', '-w', '--no-headers'], { env: { ...process.env, KUBECONFIG: c.kubeconfig } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await waitFor(() => /^ssa\s/m.test(out));
      k(['create', '-f', '-'], cronTab('watched', { cronSpec: '0 * * * *' }));
      await waitFor(() => /^watched\s+0 \* \* \* \*\s+1\s/m.test(out));
      k(['patch', 'ct', 'watched', '--type=merge', '-p', '{"spec":{"replicas":7}}']);
      await waitFor(() => /^watched\s+0 \* \* \* \*\s+7\s/m.test(out));
    } finally {
      child.kill();
    }
  });

  it('delete a CronTab and wait for it', () => {
    k(['delete', 'ct', 'watched', '--wait=false']);
    k(['wait', '--for=delete', 'ct/watched', '--timeout=20s']);
    assert.match(kr(['get', 'ct', 'watched']).stderr, /NotFound/);
  });

  it('deleting the CRD removes its resources and stops serving them', async () => {
    k(['delete', 'crd', CRD_NAME, '--timeout=30s']);
    const list = kr(['get', '--raw', '/apis/stable.example.com/v1/namespaces/default/crontabs']);
    assert.notEqual(list.code, 0);
    assert.match(list.stderr, /NotFound|not found/);
    // kubectl may still hold crontabs in its discovery cache: then the list itself is a 404.
    const r = kr(['get', 'crontabs']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /the server doesn't have a resource type "crontabs"|Error from server \(NotFound\): Unable to list "stable\.example\.com\/v1, Resource=crontabs": the server could not find the requested resource/);
    assert.doesNotMatch(k(['api-resources']), /crontabs/);
    // Re-creating the CRD must not bring the old objects back.
    k(['apply', '-f', '-'], CRONTAB_CRD);
    k(['wait', '--for', 'condition=established', `crd/${CRD_NAME}`, '--timeout=20s']);
    await waitFor(() => kr(['get', 'crontabs']).code === 0);
    assert.match(kr(['get', 'crontabs']).stderr, /No resources found/);
  });
});
