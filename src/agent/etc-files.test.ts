import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostsFile, podDNSConfig, podUpstreamResolvConf, resolvConfText } from './etc-files.js';
import type { Pod } from './types.js';

const pod: Pod = {
  metadata: { name: 'web-0', namespace: 'shop' },
  spec: { containers: [], hostname: 'web-0', subdomain: 'web', hostAliases: [{ ip: '1.2.3.4', hostnames: ['foo', 'bar'] }] },
};
const host = 'nameserver 192.168.0.1\nsearch lan\noptions edns0\n';

test('hosts file with pod IP, FQDN and host aliases', () => {
  const text = hostsFile(pod, ['10.0.0.9']);
  assert.match(text, /^# Kubernetes-managed hosts file\.\n127\.0\.0\.1\tlocalhost\n/);
  assert.ok(text.includes('10.0.0.9\tweb-0.web.shop.svc.cluster.local\tweb-0\n'));
  assert.ok(text.endsWith('\n# Entries added by HostAliases.\n1.2.3.4\tfoo\tbar\n'));
});

test('resolv.conf per dnsPolicy', () => {
  const cf = podDNSConfig(pod, { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', hostResolvConf: host });
  assert.equal(resolvConfText(cf), 'search shop.svc.cluster.local svc.cluster.local cluster.local lan\nnameserver 10.96.0.10\noptions ndots:5\n');
  const fallback = podDNSConfig(pod, { clusterDNS: [], clusterDomain: 'cluster.local', hostResolvConf: host });
  assert.deepEqual(fallback, { servers: ['192.168.0.1'], searches: ['lan'], options: ['edns0'] });
  const none = podDNSConfig({ ...pod, spec: { ...pod.spec!, dnsPolicy: 'None', dnsConfig: { nameservers: ['8.8.8.8'], options: [{ name: 'ndots', value: '2' }] } } },
    { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', hostResolvConf: host });
  assert.deepEqual(none, { servers: ['8.8.8.8'], searches: [], options: ['ndots:2'] });
});

test('a host resolv.conf naming only a loopback stub is replaced by the real upstream list when there is one', () => {
  const stub = 'nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch lan\n';
  const real = 'nameserver 192.0.2.53\nsearch lan\n';
  assert.equal(podUpstreamResolvConf(stub, () => real), real);
  assert.equal(podUpstreamResolvConf(stub, () => undefined), stub, 'no alternative: keep it');
  assert.equal(podUpstreamResolvConf(real, () => 'nameserver 203.0.113.1\n'), real, 'a usable one is kept');
});
