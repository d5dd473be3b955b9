// Object lifecycle over HTTP: namespaces, graceful deletion with finalizers,
// dry runs, generateName, field validation, and watch semantics (bookmarks,
// 410 Gone, resuming after a restart, selectors).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Cluster, kubectlOk, startSkiff } from '../helpers/cluster.js';

let c: Cluster;

async function call(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; json: any; headers: Headers }> {
  const r = await fetch(c.url + path, {
    method,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    headers: body === undefined ? {} : { 'Content-Type': contentType },
  });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : undefined, headers: r.headers };
}

/** Reads a watch stream until `until` says stop (or the time runs out); returns the events. */
async function watchEvents(path: string, until: (evs: any[]) => boolean, timeoutMs = 5000): Promise<any[]> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  const evs: any[] = [];
  try {
    const r = await fetch(c.url + path, { signal: ac.signal });
    if (r.status !== 200) return [{ httpStatus: r.status, body: await r.json() }];
    const reader = r.body!.getReader();
    let buf = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buf += Buffer.from(value).toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        evs.push(JSON.parse(buf.slice(0, nl)));
        buf = buf.slice(nl + 1);
      }
      if (until(evs)) break;
    }
  } catch (e) {
    if ((e as Error).name !== 'AbortError') throw e;
  } finally {
    clearTimeout(timer);
    ac.abort();
  }
  return evs;
}

describe('object lifecycle', () => {
  before(async () => {
    c = await startSkiff();
  });
  after(async () => {
    await c.stop();
    c.cleanup();
  });

  it('has the system namespaces', async () => {
    const r = await call('GET', '/api/v1/namespaces');
    const names = r.json.items.map((n: any) => n.metadata.name);
    for (const n of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) assert.ok(names.includes(n), n);
    assert.equal(r.json.items[0].status.phase, 'Active');
  });

  it('generateName, uid, creationTimestamp and dryRun', async () => {
    const dry = await call('POST', '/api/v1/namespaces/default/configmaps?dryRun=All', { metadata: { generateName: 'gen-' } });
    assert.equal(dry.status, 201);
    assert.match(dry.json.metadata.name, /^gen-[a-z0-9]{5}$/);
    const list = await call('GET', '/api/v1/namespaces/default/configmaps');
    assert.ok(!list.json.items.some((i: any) => i.metadata.name === dry.json.metadata.name), 'dry run stored nothing');
    const made = await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { generateName: 'gen-' } });
    assert.equal(made.status, 201);
    assert.match(made.json.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.match(made.json.metadata.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(Number(made.json.metadata.resourceVersion) > 0);
  });

  it('fieldValidation: Strict rejects unknown fields, Warn warns, Ignore drops', async () => {
    const body = { metadata: { name: 'fv' }, data: { a: 'b' }, bogus: 1 };
    const strict = await call('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', body);
    assert.equal(strict.status, 400);
    assert.match(strict.json.message, /unknown field "bogus"/);
    const warn = await call('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Warn', body);
    assert.equal(warn.status, 201);
    assert.match(warn.headers.get('warning') ?? '', /unknown field \\?"bogus\\?"/);
    assert.equal(warn.json.bogus, undefined);
  });

  it('finalizers hold a deleted object until they are removed', async () => {
    await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'held', finalizers: ['example.com/hold'] } });
    const del = await call('DELETE', '/api/v1/namespaces/default/configmaps/held');
    assert.equal(del.status, 200);
    assert.ok(del.json.metadata.deletionTimestamp);
    const still = await call('GET', '/api/v1/namespaces/default/configmaps/held');
    assert.equal(still.status, 200);
    const patched = await call('PATCH', '/api/v1/namespaces/default/configmaps/held', { metadata: { finalizers: null } }, 'application/merge-patch+json');
    assert.equal(patched.status, 200);
    assert.equal((await call('GET', '/api/v1/namespaces/default/configmaps/held')).status, 404);
  });

  it('propagationPolicy=Foreground adds the foregroundDeletion finalizer', async () => {
    await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'fg' } });
    const del = await call('DELETE', '/api/v1/namespaces/default/configmaps/fg', { propagationPolicy: 'Foreground' });
    assert.equal(del.status, 200);
    assert.deepEqual(del.json.metadata.finalizers, ['foregroundDeletion']);
  });

  it('unscheduled pods are deleted at once; preconditions are checked', async () => {
    const pod = { metadata: { name: 'p1' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };
    const made = await call('POST', '/api/v1/namespaces/default/pods', pod);
    assert.equal(made.status, 201, JSON.stringify(made.json));
    const bad = await call('DELETE', '/api/v1/namespaces/default/pods/p1', { preconditions: { uid: 'not-the-uid' } });
    assert.equal(bad.status, 409);
    const del = await call('DELETE', '/api/v1/namespaces/default/pods/p1');
    assert.equal(del.status, 200);
    assert.equal((await call('GET', '/api/v1/namespaces/default/pods/p1')).status, 404);
  });

  it('a deleted namespace terminates, refuses new content, then goes with its content', async () => {
    kubectlOk(c, ['create', 'namespace', 'doomed']);
    kubectlOk(c, ['-n', 'doomed', 'create', 'configmap', 'x', '--from-literal=a=b']);
    const del = await call('DELETE', '/api/v1/namespaces/doomed');
    assert.equal(del.status, 200);
    const refused = await call('POST', '/api/v1/namespaces/doomed/configmaps', { metadata: { name: 'late' } });
    if (refused.status !== 404) {
      assert.equal(refused.status, 403);
      assert.match(refused.json.message, /being terminated/);
    }
    kubectlOk(c, ['wait', '--for=delete', 'namespace/doomed', '--timeout=20s']);
    assert.equal((await call('GET', '/api/v1/namespaces/doomed/configmaps/x')).status, 404);
  });

  it('watch: initial ADDED events, selectors with transitions, bookmarks', async () => {
    await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'w1', labels: { sel: 'yes' } } });
    const pending = watchEvents('/api/v1/namespaces/default/configmaps?watch=1&labelSelector=sel%3Dyes', (evs) => evs.length >= 3);
    await new Promise((r) => setTimeout(r, 200));
    await call('PATCH', '/api/v1/namespaces/default/configmaps/w1', { data: { k: 'v' } }, 'application/merge-patch+json');
    await call('PATCH', '/api/v1/namespaces/default/configmaps/w1', { metadata: { labels: { sel: 'no' } } }, 'application/merge-patch+json');
    const evs = await pending;
    assert.deepEqual(
      evs.map((e) => `${e.type} ${e.object.metadata.name}`),
      ['ADDED w1', 'MODIFIED w1', 'DELETED w1'],
    );
  });

  it('watch: resumes from a resourceVersion', async () => {
    const first = await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'r1' } });
    const rv = first.json.metadata.resourceVersion;
    await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'r2' } });
    const evs = await watchEvents(`/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${rv}`, (e) => e.length >= 1);
    assert.equal(evs[0].type, 'ADDED');
    assert.equal(evs[0].object.metadata.name, 'r2');
  });

  it('list pagination with limit and continue', async () => {
    for (let i = 0; i < 7; i++) await call('POST', '/api/v1/namespaces/default/secrets', { metadata: { name: `page-${i}` } });
    const seen: string[] = [];
    let cont = '';
    let pages = 0;
    do {
      const r = await call('GET', `/api/v1/namespaces/default/secrets?limit=3${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
      assert.equal(r.status, 200);
      seen.push(...r.json.items.map((i: any) => i.metadata.name));
      cont = r.json.metadata.continue ?? '';
      pages++;
    } while (cont);
    assert.equal(pages, 3);
    assert.deepEqual(seen.filter((n) => n.startsWith('page-')), Array.from({ length: 7 }, (_, i) => `page-${i}`));
  });

  it('every object survives a restart, and a watch resumes across it', async () => {
    const before = await call('GET', '/api/v1/namespaces/default/configmaps');
    const rv = before.json.metadata.resourceVersion;
    const port = c.port;
    await c.stop();
    c = await startSkiff({ dataDir: c.dataDir, port });
    const afterList = await call('GET', '/api/v1/namespaces/default/configmaps');
    assert.deepEqual(
      afterList.json.items.map((i: any) => i.metadata.name),
      before.json.items.map((i: any) => i.metadata.name),
    );
    const pending = watchEvents(`/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${rv}`, (e) => e.length >= 1);
    await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'after-restart' } });
    const evs = await pending;
    assert.equal(evs[0]?.object?.metadata?.name, 'after-restart');
  });
});

describe('events in both API groups', () => {
  let ev: Cluster;
  before(async () => {
    ev = await startSkiff();
  });
  after(async () => {
    await ev.stop();
    ev.cleanup();
  });

  it('a core/v1 Event is an events.k8s.io/v1 Event and back', async () => {
    const core = {
      metadata: { name: 'e1' },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
      reason: 'Started',
      message: 'Started container',
      type: 'Normal',
      source: { component: 'kubelet' },
      count: 2,
      firstTimestamp: '2026-01-01T00:00:00Z',
      lastTimestamp: '2026-01-01T00:01:00Z',
    };
    const made = await fetch(`${ev.url}/api/v1/namespaces/default/events`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(core) });
    assert.equal(made.status, 201);
    const v1 = (await (await fetch(`${ev.url}/apis/events.k8s.io/v1/namespaces/default/events/e1`)).json()) as any;
    assert.equal(v1.apiVersion, 'events.k8s.io/v1');
    assert.equal(v1.note, 'Started container');
    assert.equal(v1.regarding.name, 'p');
    assert.equal(v1.deprecatedCount, 2);
    assert.equal(v1.message, undefined);
    const list = (await (await fetch(`${ev.url}/apis/events.k8s.io/v1/namespaces/default/events`)).json()) as any;
    assert.deepEqual(list.items.map((i: any) => i.metadata.name), ['e1']);
  });
});
