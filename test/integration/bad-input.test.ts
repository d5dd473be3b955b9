// Bad input gets the matching Status, stores nothing, and the server keeps serving.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Cluster, startSkiff } from '../helpers/cluster.js';

let c: Cluster;

async function req(method: string, path: string, body?: string | Buffer, contentType = 'application/json'): Promise<{ status: number; json: any }> {
  const r = await fetch(c.url + path, { method, body, headers: body !== undefined ? { 'Content-Type': contentType } : {} });
  const text = await r.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: r.status, json };
}

function assertStatus(r: { status: number; json: any }, code: number, reason: string): void {
  assert.equal(r.status, code, JSON.stringify(r.json));
  assert.equal(r.json.kind, 'Status');
  assert.equal(r.json.status, 'Failure');
  assert.equal(r.json.code, code);
  assert.equal(r.json.reason, reason);
}

async function configMapNames(): Promise<string[]> {
  const r = await req('GET', '/api/v1/namespaces/default/configmaps');
  return r.json.items.map((i: any) => i.metadata.name);
}

describe('bad input', () => {
  before(async () => {
    c = await startSkiff();
  });
  after(async () => {
    await c.stop();
    c.cleanup();
  });

  it('malformed JSON → 400 BadRequest', async () => {
    assertStatus(await req('POST', '/api/v1/namespaces/default/configmaps', '{"metadata": {'), 400, 'BadRequest');
  });

  it('malformed YAML → 400 BadRequest', async () => {
    assertStatus(await req('POST', '/api/v1/namespaces/default/configmaps', 'metadata: [a, b\n  x: :', 'application/yaml'), 400, 'BadRequest');
  });

  it('YAML bodies are accepted', async () => {
    const r = await req('POST', '/api/v1/namespaces/default/configmaps', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  a: "1"\n', 'application/yaml');
    assert.equal(r.status, 201, JSON.stringify(r.json));
    assert.equal(r.json.data.a, '1');
  });

  it('unknown resource → 404 NotFound', async () => {
    assertStatus(await req('GET', '/api/v1/namespaces/default/widgets'), 404, 'NotFound');
    assertStatus(await req('GET', '/apis/nope.example.com/v1/things'), 404, 'NotFound');
  });

  it('a body of another kind → 400 BadRequest', async () => {
    const body = JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'wrong-kind' } });
    assertStatus(await req('POST', '/api/v1/namespaces/default/configmaps', body), 400, 'BadRequest');
    assert.ok(!(await configMapNames()).includes('wrong-kind'));
  });

  it('a wrong apiVersion → 400 BadRequest', async () => {
    const body = JSON.stringify({ apiVersion: 'apps/v1', kind: 'ConfigMap', metadata: { name: 'wrong-version' } });
    assertStatus(await req('POST', '/api/v1/namespaces/default/configmaps', body), 400, 'BadRequest');
    assert.ok(!(await configMapNames()).includes('wrong-version'));
  });

  it('fields of the wrong JSON type → 400 BadRequest naming the Go field, as decoding does', async () => {
    const r = await req('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ metadata: { name: 'typed', finalizers: 'x' } }));
    assertStatus(r, 400, 'BadRequest');
    assert.match(r.json.message, /cannot unmarshal string into Go struct field ObjectMeta.metadata.finalizers of type \[\]string/);
    const p = await req('POST', '/api/v1/namespaces/default/pods', JSON.stringify({ metadata: { name: 'typed' }, spec: { containers: 'nope' } }));
    assertStatus(p, 400, 'BadRequest');
    assert.ok(!(await configMapNames()).includes('typed'));
  });

  it('a malformed URL path → 400 BadRequest', async () => {
    assertStatus(await req('GET', '/api/v1/namespaces/%zz/configmaps'), 400, 'BadRequest');
  });

  it('a Table in an unsupported version → 406 NotAcceptable', async () => {
    const r = await fetch(c.url + '/api/v1/namespaces/default/configmaps', { headers: { Accept: 'application/json;as=Table;v=v2;g=meta.k8s.io' } });
    assert.equal(r.status, 406);
  });

  it('a body over 3 MiB → 413 RequestEntityTooLarge', async () => {
    const big = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { a: 'x'.repeat(3 * 1024 * 1024 + 10) } });
    assertStatus(await req('POST', '/api/v1/namespaces/default/configmaps', big), 413, 'RequestEntityTooLarge');
    assert.ok(!(await configMapNames()).includes('big'));
  });

  it('an invalid name → 422 Invalid with a cause on metadata.name', async () => {
    const r = await req('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ metadata: { name: 'Not_Valid' } }));
    assertStatus(r, 422, 'Invalid');
    assert.ok(r.json.details.causes.some((x: any) => x.field === 'metadata.name' && x.reason === 'FieldValueInvalid'));
    assert.ok(!(await configMapNames()).includes('Not_Valid'));
  });

  it('a stale resourceVersion → 409 Conflict, and the object keeps its value', async () => {
    const created = await req('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ metadata: { name: 'stale' }, data: { v: '1' } }));
    assert.equal(created.status, 201);
    const rv = created.json.metadata.resourceVersion;
    const upd = await req('PUT', '/api/v1/namespaces/default/configmaps/stale', JSON.stringify({ metadata: { name: 'stale', resourceVersion: rv }, data: { v: '2' } }));
    assert.equal(upd.status, 200);
    const stale = await req('PUT', '/api/v1/namespaces/default/configmaps/stale', JSON.stringify({ metadata: { name: 'stale', resourceVersion: rv }, data: { v: '3' } }));
    assertStatus(stale, 409, 'Conflict');
    const now = await req('GET', '/api/v1/namespaces/default/configmaps/stale');
    assert.equal(now.json.data.v, '2');
  });

  it('creating an existing object → 409 AlreadyExists', async () => {
    const body = JSON.stringify({ metadata: { name: 'twice' } });
    assert.equal((await req('POST', '/api/v1/namespaces/default/configmaps', body)).status, 201);
    assertStatus(await req('POST', '/api/v1/namespaces/default/configmaps', body), 409, 'AlreadyExists');
  });

  it('creating in a missing namespace → 404 NotFound', async () => {
    assertStatus(await req('POST', '/api/v1/namespaces/does-not-exist/configmaps', JSON.stringify({ metadata: { name: 'x' } })), 404, 'NotFound');
  });

  it('a watch from a resourceVersion that was never valid → 400', async () => {
    assertStatus(await req('GET', '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=abc'), 400, 'BadRequest');
  });

  it('an unsupported method → 405 MethodNotAllowed', async () => {
    assertStatus(await req('POST', '/api/v1/namespaces/default/configmaps/twice', '{}'), 405, 'MethodNotAllowed');
  });

  it('an unsupported body media type → 415 UnsupportedMediaType', async () => {
    assertStatus(await req('POST', '/api/v1/namespaces/default/configmaps', '<xml/>', 'application/xml'), 415, 'UnsupportedMediaType');
  });

  it('an unacceptable response type → 406 NotAcceptable', async () => {
    const r = await fetch(c.url + '/api/v1/namespaces/default/configmaps', { headers: { Accept: 'application/vnd.kubernetes.protobuf' } });
    assert.equal(r.status, 406);
    assert.equal(((await r.json()) as any).reason, 'NotAcceptable');
  });

  it('the server is still healthy after all of it', async () => {
    const r = await fetch(c.url + '/readyz');
    assert.equal(r.status, 200);
  });
});
