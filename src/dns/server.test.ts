import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeResourceClient } from '../client/fake.js';
import { InformerFactory } from '../controllers/informers.js';
import { until } from '../controllers/testing.js';
import { clusterIPService, headlessService, namespace, service, slice } from './fixtures.js';
import { ClusterDns } from './server.js';
import { answerData, askTcp, askUdp, queryPacket, udpRaw } from './testing.js';
import { ENDPOINTSLICES, NAMESPACES, SERVICES } from './types.js';

describe('ClusterDns over UDP and TCP', () => {
  const client = new FakeResourceClient();
  const informers = new InformerFactory(client);
  const logs: string[] = [];
  // No upstreams: forwarding is tested in forward.test.ts.
  const dns = new ClusterDns({ informers, listen: { host: '127.0.0.1', port: 0 }, upstreams: [], nameserverIPs: ['10.43.0.10'], log: (l) => void logs.push(l) });
  let port = 0;

  before(async () => {
    await client.create(NAMESPACES, '', namespace('default'));
    await client.create(NAMESPACES, '', namespace('db'));
    await client.create(SERVICES, 'default', clusterIPService('default', 'web', '10.43.0.20'));
    await client.create(SERVICES, 'db', headlessService('db', 'pg', [{ name: 'pg', port: 5432, protocol: 'TCP' }]));
    await client.create(ENDPOINTSLICES, 'db', slice('db', 'pg', 'pg-abc', [{ ip: '10.42.0.5', hostname: 'pg-0' }, { ip: '10.42.0.6', hostname: 'pg-1' }], [{ name: 'pg', port: 5432, protocol: 'TCP' }]));
    await client.create(SERVICES, 'default', service('default', 'ext', { type: 'ExternalName', externalName: 'web.default.svc.cluster.local' }));
    // 60 endpoints: more than 512 bytes of A records.
    await client.create(SERVICES, 'default', headlessService('default', 'big'));
    await client.create(ENDPOINTSLICES, 'default', slice('default', 'big', 'big-1', Array.from({ length: 60 }, (_, i) => ({ ip: `10.42.3.${i + 1}` }))));
    await dns.start();
    port = dns.port;
    await informers.start();
    await dns.waitForSync();
  });
  after(async () => {
    await dns.stop();
    informers.stop();
  });

  it('answers A for a ClusterIP service, authoritative, with the question echoed in its case', async () => {
    const r = await askUdp(port, 'Web.Default.SVC.cluster.local', 'A', { id: 4242 });
    assert.equal(r.id, 4242);
    assert.equal(r.rcode, 'NOERROR');
    assert.equal(r.flag_aa, true);
    assert.equal(r.questions?.[0]?.name, 'Web.Default.SVC.cluster.local');
    assert.deepEqual(answerData(r), ['10.43.0.20']);
    assert.equal(r.answers?.[0] && 'ttl' in r.answers[0] ? r.answers[0].ttl : -1, 5);
    // The second time comes from the answer cache, patched for the new query.
    const again = await askUdp(port, 'wEB.default.svc.cluster.local', 'A', { id: 7 });
    assert.equal(again.id, 7);
    assert.equal(again.questions?.[0]?.name, 'wEB.default.svc.cluster.local');
    assert.deepEqual(answerData(again), ['10.43.0.20']);
    assert.ok(dns.stats().answerCache.hits >= 1);
  });

  it('answers headless services (addresses rotating per query), hostnames, SRV with additionals, pods and PTR', async () => {
    const first = answerData(await askUdp(port, 'pg.db.svc.cluster.local', 'A'));
    const second = answerData(await askUdp(port, 'pg.db.svc.cluster.local', 'A'));
    assert.deepEqual([...first].sort(), ['10.42.0.5', '10.42.0.6']);
    assert.deepEqual([...second].sort(), ['10.42.0.5', '10.42.0.6']);
    assert.notDeepEqual(first, second);
    assert.deepEqual(answerData(await askUdp(port, 'pg-1.pg.db.svc.cluster.local', 'A')), ['10.42.0.6']);
    const srv = await askUdp(port, '_pg._tcp.pg.db.svc.cluster.local', 'SRV');
    assert.deepEqual((srv.answers ?? []).map((a) => (a as { data: { target: string; port: number } }).data.target), ['pg-0.pg.db.svc.cluster.local', 'pg-1.pg.db.svc.cluster.local']);
    assert.deepEqual((srv.additionals ?? []).map((a) => [a.name, (a as { data: unknown }).data]), [['pg-0.pg.db.svc.cluster.local', '10.42.0.5'], ['pg-1.pg.db.svc.cluster.local', '10.42.0.6']]);
    assert.deepEqual(answerData(await askUdp(port, '10-42-0-77.db.pod.cluster.local', 'A')), ['10.42.0.77']);
    assert.deepEqual(answerData(await askUdp(port, '20.0.43.10.in-addr.arpa', 'PTR')), ['web.default.svc.cluster.local']);
    assert.deepEqual(answerData(await askUdp(port, '6.0.42.10.in-addr.arpa', 'PTR')), ['pg-1.pg.db.svc.cluster.local']);
  });

  it('answers an ExternalName with the CNAME and its target chased inside the zone', async () => {
    const r = await askUdp(port, 'ext.default.svc.cluster.local', 'A');
    assert.deepEqual((r.answers ?? []).map((a) => a.type), ['CNAME', 'A']);
    assert.deepEqual(answerData(r), ['web.default.svc.cluster.local', '10.43.0.20']);
  });

  it('tells NXDOMAIN from NODATA, both with the SOA', async () => {
    const nx = await askUdp(port, 'nope.default.svc.cluster.local', 'A');
    assert.equal(nx.rcode, 'NXDOMAIN');
    assert.equal(nx.authorities?.[0]?.type, 'SOA');
    const nodata = await askUdp(port, 'web.default.svc.cluster.local', 'AAAA');
    assert.equal(nodata.rcode, 'NOERROR');
    assert.equal(nodata.answers?.length, 0);
    assert.equal(nodata.authorities?.[0]?.type, 'SOA');
    const ns = await askUdp(port, 'cluster.local', 'NS');
    assert.deepEqual(answerData(ns), ['ns.dns.cluster.local']);
  });

  it('follows changes: a new service appears, a deleted one goes, even after being cached', async () => {
    assert.equal((await askUdp(port, 'late.default.svc.cluster.local', 'A')).rcode, 'NXDOMAIN');
    await client.create(SERVICES, 'default', clusterIPService('default', 'late', '10.43.0.99'));
    await until(async () => answerData(await askUdp(port, 'late.default.svc.cluster.local', 'A'))[0] === '10.43.0.99', 3000, 'new service answered');
    await client.delete(SERVICES, 'default', 'late');
    await until(async () => (await askUdp(port, 'late.default.svc.cluster.local', 'A')).rcode === 'NXDOMAIN', 3000, 'deleted service gone');
  });

  it('truncates large UDP answers with TC and gives the full answer over TCP', async () => {
    const udp = await askUdp(port, 'big.default.svc.cluster.local', 'A');
    assert.equal(udp.flag_tc, true);
    assert.ok(udp.size <= 512, `udp answer of ${udp.size} bytes`);
    assert.ok((udp.answers?.length ?? 0) < 60);
    const withEdns = await askUdp(port, 'big.default.svc.cluster.local', 'A', { edns: 4096 });
    assert.equal(withEdns.flag_tc, false);
    assert.equal(withEdns.answers?.length, 60);
    const [tcp] = await askTcp(port, [queryPacket('big.default.svc.cluster.local', 'A')]);
    assert.equal(tcp?.flag_tc, false);
    assert.equal(tcp?.answers?.length, 60);
  });

  it('answers several queries on one TCP connection', async () => {
    const replies = await askTcp(port, [queryPacket('web.default.svc.cluster.local', 'A', { id: 1 }), queryPacket('pg.db.svc.cluster.local', 'A', { id: 2 }), queryPacket('nope.db.svc.cluster.local', 'A', { id: 3 })]);
    const byId = new Map(replies.map((r) => [r.id, r]));
    assert.deepEqual(answerData(byId.get(1)!), ['10.43.0.20']);
    assert.equal(byId.get(2)?.answers?.length, 2);
    assert.equal(byId.get(3)?.rcode, 'NXDOMAIN');
  });

  it('survives malformed packets: FORMERR when a header is readable, silence otherwise', async () => {
    assert.equal(await udpRaw(port, Buffer.from([1, 2, 3]), { timeoutMs: 200 }), undefined);
    const garbage = Buffer.from([0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0x3f, 0x61]);
    const r = await udpRaw(port, garbage);
    assert.ok(r);
    assert.equal(r.readUInt16BE(0), 0x1234);
    assert.equal(r[3]! & 0x0f, 1);
    // Still serving.
    assert.deepEqual(answerData(await askUdp(port, 'web.default.svc.cluster.local', 'A')), ['10.43.0.20']);
    assert.ok(dns.stats().malformed >= 2);
  });

  it('answers SERVFAIL for names outside the cluster when there is no upstream', async () => {
    assert.equal((await askUdp(port, 'example.com', 'A')).rcode, 'SERVFAIL');
  });
});

describe('ClusterDns before its informers have synced', () => {
  it('answers SERVFAIL for cluster names (never a false NXDOMAIN), then real answers', async () => {
    const client = new FakeResourceClient();
    await client.create(NAMESPACES, '', namespace('default'));
    await client.create(SERVICES, 'default', clusterIPService('default', 'web', '10.43.0.20'));
    const informers = new InformerFactory(client);
    const dns = new ClusterDns({ informers, listen: { host: '127.0.0.1', port: 0 }, upstreams: [], log: () => {} });
    await dns.start();
    try {
      assert.equal((await askUdp(dns.port, 'web.default.svc.cluster.local', 'A')).rcode, 'SERVFAIL');
      assert.equal(dns.stats().synced, false);
      await informers.start();
      await dns.waitForSync();
      assert.deepEqual(answerData(await askUdp(dns.port, 'web.default.svc.cluster.local', 'A')), ['10.43.0.20']);
    } finally {
      await dns.stop();
      informers.stop();
    }
  });

  it('stops promptly with an idle TCP client connected', async () => {
    const informers = new InformerFactory(new FakeResourceClient());
    const dns = new ClusterDns({ informers, listen: { host: '127.0.0.1', port: 0 }, upstreams: [], log: () => {} });
    await dns.start();
    const { connect } = await import('node:net');
    const sock = connect({ host: '127.0.0.1', port: dns.port });
    await new Promise((r) => sock.once('connect', r));
    sock.on('error', () => {});
    const t0 = Date.now();
    await dns.stop();
    assert.ok(Date.now() - t0 < 1000);
    sock.destroy();
  });
});
