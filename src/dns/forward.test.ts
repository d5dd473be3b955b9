import assert from 'node:assert/strict';
import type { Answer } from 'dns-packet';
import { after, before, describe, it } from 'node:test';
import { FakeResourceClient } from '../client/fake.js';
import { InformerFactory } from '../controllers/informers.js';
import { namespace, service } from './fixtures.js';
import { ForwardCache } from './forward-cache.js';
import { ClusterDns } from './server.js';
import { answerData, askTcp, askUdp, queryPacket, startFakeUpstream, type FakeUpstream } from './testing.js';
import { NAMESPACES, SERVICES } from './types.js';

const a = (name: string, ip: string, ttl = 60): Answer => ({ type: 'A', name, ttl, class: 'IN', data: ip });
const soa: Answer = { type: 'SOA', name: 'example', ttl: 600, class: 'IN', data: { mname: 'ns.example', rname: 'h.example', serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 20 } };

describe('forwarding to upstreams', () => {
  let up: FakeUpstream;
  let dead: FakeUpstream;
  let dns: ClusterDns;
  let lonely: ClusterDns;
  const client = new FakeResourceClient();
  const informers = new InformerFactory(client);

  before(async () => {
    up = await startFakeUpstream((name) => {
      if (name === 'nothing.example') return { rcode: 3, authorities: [soa] };
      if (name === 'many.example') return { answers: Array.from({ length: 50 }, (_, i) => a(name, `192.0.2.${i + 1}`)) };
      if (name === 'broken.example') return { rcode: 2 };
      return { answers: [a(name, '192.0.2.7')] };
    });
    dead = await startFakeUpstream(() => ({ silent: true }));
    await client.create(NAMESPACES, '', namespace('default'));
    await client.create(SERVICES, 'default', service('default', 'ext', { type: 'ExternalName', externalName: 'target.example' }));
    dns = new ClusterDns({ informers, listen: { host: '127.0.0.1', port: 0 }, upstreams: [`127.0.0.1:${dead.port}`, `127.0.0.1:${up.port}`], upstreamTimeoutMs: 150, log: () => {} });
    lonely = new ClusterDns({ informers, listen: { host: '127.0.0.1', port: 0 }, upstreams: [`127.0.0.1:${dead.port}`], upstreamTimeoutMs: 100, log: () => {} });
    await dns.start();
    await lonely.start();
    await informers.start();
    await dns.waitForSync();
  });
  after(async () => {
    await dns.stop();
    await lonely.stop();
    informers.stop();
    await up.close();
    await dead.close();
  });

  it('forwards, moving on from a silent upstream, and answers the second time from the cache', async () => {
    const r1 = await askUdp(dns.port, 'www.example', 'A');
    assert.deepEqual(answerData(r1), ['192.0.2.7']);
    assert.equal(r1.flag_aa, false);
    const r2 = await askUdp(dns.port, 'WWW.example', 'A');
    assert.deepEqual(answerData(r2), ['192.0.2.7']);
    assert.equal(r2.questions?.[0]?.name, 'WWW.example');
    assert.deepEqual(up.seen.filter((s) => s === 'www.example A'), ['www.example A']);
    assert.ok(dead.seen.includes('www.example A'));
    assert.ok(dns.stats().forwardCache.hits >= 1);
  });

  it('caches negative answers by the SOA minimum', async () => {
    assert.equal((await askUdp(dns.port, 'nothing.example', 'A')).rcode, 'NXDOMAIN');
    assert.equal((await askUdp(dns.port, 'nothing.example', 'A')).rcode, 'NXDOMAIN');
    assert.equal(up.seen.filter((s) => s === 'nothing.example A').length, 1);
  });

  it('retries over TCP when the upstream truncates, and truncates for the client in turn', async () => {
    const viaTcp = await askTcp(dns.port, [queryPacket('many.example', 'A')]);
    assert.equal(viaTcp[0]?.answers?.length, 50);
    assert.equal(up.tcpSeen.filter((s) => s === 'many.example A').length, 1);
    const viaUdp = await askUdp(dns.port, 'many.example', 'A');
    assert.equal(viaUdp.flag_tc, true);
    assert.ok(viaUdp.size <= 512);
  });

  it('answers SERVFAIL when every upstream fails, and passes upstream SERVFAIL on as failure', async () => {
    assert.equal((await askUdp(lonely.port, 'www.example', 'A')).rcode, 'SERVFAIL');
    assert.equal((await askUdp(dns.port, 'broken.example', 'A')).rcode, 'SERVFAIL');
  });

  it('chases an ExternalName target upstream, or gives the CNAME alone when upstream fails', async () => {
    const r = await askUdp(dns.port, 'ext.default.svc.cluster.local', 'A');
    assert.deepEqual(answerData(r), ['target.example', '192.0.2.7']);
    const alone = await askUdp(lonely.port, 'ext.default.svc.cluster.local', 'A');
    assert.equal(alone.rcode, 'NOERROR');
    assert.deepEqual(answerData(alone), ['target.example']);
  });

  it('forwards reverse lookups of addresses it does not know', async () => {
    await askUdp(dns.port, '9.2.0.192.in-addr.arpa', 'PTR');
    assert.ok(up.seen.includes('9.2.0.192.in-addr.arpa PTR'));
  });
});

describe('ForwardCache', () => {
  it('ages TTLs, expires entries, caps TTLs and skips errors', () => {
    let now = 1_000_000;
    const c = new ForwardCache({ now: () => now, maxTtl: 30, maxEntries: 2 });
    const body = { rcode: 'NOERROR' as const, authoritative: false, answers: [a('x', '192.0.2.1', 300)], authorities: [], additionals: [] };
    c.set('x|A|IN', body);
    now += 10_000;
    const got = c.get('x|A|IN');
    assert.equal(got && 'ttl' in got.answers[0]! ? got.answers[0].ttl : -1, 20, 'served TTL never exceeds the capped lifetime');
    now += 21_000;
    assert.equal(c.get('x|A|IN'), undefined, 'capped at 30 s');
    c.set('e|A|IN', { ...body, rcode: 'SERVFAIL' });
    assert.equal(c.get('e|A|IN'), undefined);
    for (const k of ['a', 'b', 'c']) c.set(k, body);
    assert.equal(c.size, 2);
    assert.equal(c.get('a'), undefined);
  });
});
