import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterIPService, headlessService, namespace, service, slice } from './fixtures.js';
import { lookup } from './lookup.js';
import { RecordIndex } from './record-index.js';
import type { LookupResult } from './types.js';
import type { ZoneConfig } from './zone.js';

const cfg: ZoneConfig = { zone: 'cluster.local', ttl: 5, serial: 1, nameserverIPs: ['10.43.0.10'] };

function fresh(): RecordIndex {
  const idx = new RecordIndex('cluster.local');
  idx.setNamespace(namespace('default'));
  idx.setNamespace(namespace('db'));
  idx.setService(clusterIPService('default', 'web', '10.43.0.20', [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP' }]));
  idx.setService(headlessService('db', 'pg', [{ name: 'pg', port: 5432, protocol: 'TCP' }]));
  idx.setSlice(slice('db', 'pg', 'pg-a', [{ ip: '10.42.0.5', hostname: 'pg-0' }, { ip: '10.42.0.6', hostname: 'pg-1' }, { ip: '10.42.0.7', ready: false }], [{ name: 'pg', port: 5432, protocol: 'TCP' }]));
  idx.setSlice(slice('db', 'pg', 'pg-b', [{ ip: '10.42.1.9' }], [{ name: 'pg', port: 5432, protocol: 'TCP' }]));
  return idx;
}

const q = (idx: RecordIndex, name: string, type = 'A'): LookupResult => lookup(idx, cfg, name, type);
function answer(r: LookupResult) {
  assert.equal(r.kind, 'answer');
  return r as Extract<LookupResult, { kind: 'answer' }>;
}
const data = (r: LookupResult): unknown[] => answer(r).answers.map((a) => (a as { data: unknown }).data);

describe('lookup', () => {
  it('answers a ClusterIP service with its cluster IP, NODATA for AAAA', () => {
    const idx = fresh();
    assert.deepEqual(data(q(idx, 'web.default.svc.cluster.local')), ['10.43.0.20']);
    const aaaa = answer(q(idx, 'web.default.svc.cluster.local', 'AAAA'));
    assert.equal(aaaa.rcode, 'NOERROR');
    assert.equal(aaaa.answers.length, 0);
    assert.equal(aaaa.authorities[0]?.type, 'SOA');
  });

  it('answers a headless service with its ready endpoints only', () => {
    assert.deepEqual(data(q(fresh(), 'pg.db.svc.cluster.local')), ['10.42.0.5', '10.42.0.6', '10.42.1.9']);
  });

  it('includes not-ready endpoints with publishNotReadyAddresses', () => {
    const idx = fresh();
    idx.setService(headlessService('db', 'pg', [{ name: 'pg', port: 5432, protocol: 'TCP' }], true));
    assert.deepEqual(data(q(idx, 'pg.db.svc.cluster.local')), ['10.42.0.5', '10.42.0.6', '10.42.0.7', '10.42.1.9']);
  });

  it('serves endpoint hostnames and dashed addresses of unnamed endpoints', () => {
    const idx = fresh();
    assert.deepEqual(data(q(idx, 'pg-1.pg.db.svc.cluster.local')), ['10.42.0.6']);
    assert.deepEqual(data(q(idx, '10-42-1-9.pg.db.svc.cluster.local')), ['10.42.1.9']);
    assert.equal(answer(q(idx, 'pg-7.pg.db.svc.cluster.local')).rcode, 'NXDOMAIN');
  });

  it('answers SRV for named ports: the service name for ClusterIP, endpoints for headless', () => {
    const idx = fresh();
    const web = answer(q(idx, '_http._tcp.web.default.svc.cluster.local', 'SRV'));
    assert.deepEqual(web.answers.map((a) => (a as { data: unknown }).data), [{ priority: 0, weight: 100, port: 80, target: 'web.default.svc.cluster.local' }]);
    assert.deepEqual(web.additionals.map((a) => [a.name, (a as { data: unknown }).data]), [['web.default.svc.cluster.local', '10.43.0.20']]);
    assert.equal(answer(q(idx, '_dns._udp.web.default.svc.cluster.local', 'SRV')).answers.length, 1);
    assert.equal(answer(q(idx, '_dns._tcp.web.default.svc.cluster.local', 'SRV')).rcode, 'NXDOMAIN');
    const pg = answer(q(idx, '_pg._tcp.pg.db.svc.cluster.local', 'SRV'));
    assert.deepEqual(pg.answers.map((a) => (a as { data: { target: string } }).data.target).sort(), ['10-42-1-9.pg.db.svc.cluster.local', 'pg-0.pg.db.svc.cluster.local', 'pg-1.pg.db.svc.cluster.local']);
    assert.equal(pg.additionals.length, 3);
  });

  it('answers pod A records for existing namespaces (pods insecure)', () => {
    const idx = fresh();
    assert.deepEqual(data(q(idx, '10-42-0-9.default.pod.cluster.local')), ['10.42.0.9']);
    assert.equal(answer(q(idx, '10-42-0-9.nowhere.pod.cluster.local')).rcode, 'NXDOMAIN');
    assert.equal(answer(q(idx, 'not-an-ip.default.pod.cluster.local')).rcode, 'NXDOMAIN');
  });

  it('answers PTR for cluster IPs and endpoint addresses, forwards unknown ones', () => {
    const idx = fresh();
    assert.deepEqual(data(q(idx, '20.0.43.10.in-addr.arpa', 'PTR')), ['web.default.svc.cluster.local']);
    assert.deepEqual(data(q(idx, '5.0.42.10.in-addr.arpa', 'PTR')), ['pg-0.pg.db.svc.cluster.local']);
    assert.equal(q(idx, '99.0.42.10.in-addr.arpa', 'PTR').kind, 'forward');
  });

  it('returns a CNAME for ExternalName services', () => {
    const idx = fresh();
    idx.setService(service('default', 'ext', { type: 'ExternalName', externalName: 'example.org.' }));
    const r = q(idx, 'ext.default.svc.cluster.local');
    assert.equal(r.kind, 'cname');
    assert.equal(r.kind === 'cname' && r.target, 'example.org');
    assert.deepEqual(data(q(idx, 'ext.default.svc.cluster.local', 'CNAME')), ['example.org']);
    idx.setService(service('default', 'ext-ip', { type: 'ExternalName', externalName: '192.0.2.1' }));
    assert.equal(answer(q(idx, 'ext-ip.default.svc.cluster.local')).rcode, 'NXDOMAIN');
  });

  it('tells NXDOMAIN from NODATA', () => {
    const idx = fresh();
    assert.equal(answer(q(idx, 'nope.default.svc.cluster.local')).rcode, 'NXDOMAIN');
    assert.equal(answer(q(idx, 'example.com.default.svc.cluster.local')).rcode, 'NXDOMAIN');
    assert.equal(answer(q(idx, 'foo.cluster.local')).rcode, 'NXDOMAIN');
    assert.equal(answer(q(idx, 'default.svc.cluster.local')).rcode, 'NOERROR');
    assert.equal(answer(q(idx, 'nowhere.svc.cluster.local')).rcode, 'NXDOMAIN');
    assert.equal(answer(q(idx, 'web.default.svc.cluster.local', 'TXT')).rcode, 'NOERROR');
    assert.equal(answer(q(idx, 'cluster.local', 'SOA')).answers[0]?.type, 'SOA');
    assert.deepEqual(answer(q(idx, 'cluster.local', 'NS')).additionals.map((a) => (a as { data: unknown }).data), ['10.43.0.10']);
    assert.equal(q(idx, 'example.com').kind, 'forward');
  });

  it('updates on slice and service changes and bumps generations of what changed', () => {
    const idx = fresh();
    const g = idx.generation('svc:db/pg');
    const gWeb = idx.generation('svc:default/web');
    idx.setSlice(slice('db', 'pg', 'pg-b', [{ ip: '10.42.1.10' }], [{ name: 'pg', port: 5432, protocol: 'TCP' }]));
    assert.ok(idx.generation('svc:db/pg') > g);
    assert.equal(idx.generation('svc:default/web'), gWeb);
    assert.ok(idx.generation('ptr:10.42.1.9') > 0);
    assert.equal(q(idx, '9.1.42.10.in-addr.arpa', 'PTR').kind, 'forward');
    assert.deepEqual(data(q(idx, 'pg.db.svc.cluster.local')), ['10.42.0.5', '10.42.0.6', '10.42.1.10']);
    idx.deleteSlice(slice('db', 'pg', 'pg-a', []));
    idx.deleteSlice(slice('db', 'pg', 'pg-b', []));
    assert.equal(answer(q(idx, 'pg.db.svc.cluster.local')).rcode, 'NXDOMAIN');
    idx.deleteService(clusterIPService('default', 'web', '10.43.0.20'));
    assert.equal(answer(q(idx, 'web.default.svc.cluster.local')).rcode, 'NXDOMAIN');
    assert.equal(q(idx, '20.0.43.10.in-addr.arpa', 'PTR').kind, 'forward');
  });

  it('serves IPv6 addresses as AAAA and ip6.arpa PTRs', () => {
    const idx = fresh();
    idx.setService(clusterIPService('default', 'v6', 'fd00:43::14'));
    assert.deepEqual(data(q(idx, 'v6.default.svc.cluster.local', 'AAAA')), ['fd00:43::14']);
    assert.equal(answer(q(idx, 'v6.default.svc.cluster.local', 'A')).answers.length, 0);
    const rev = '4.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.4.0.0.0.0.d.f.ip6.arpa';
    assert.deepEqual(data(q(idx, rev, 'PTR')), ['v6.default.svc.cluster.local']);
  });
});
