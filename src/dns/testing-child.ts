// A ClusterDns in a child process (for tests that need it inside another
// network namespace: `ip netns exec NS node … testing-child.js HOST PORT`),
// serving a ClusterIP service (web.default → 10.43.0.20) and a headless one
// with 40 endpoints (big.default: more than a 512-byte UDP answer holds).
// Prints "ready" once serving; exits when its stdin closes.
import { FakeResourceClient } from '../client/fake.js';
import { InformerFactory } from '../controllers/informers.js';
import { clusterIPService, headlessService, namespace, slice } from './fixtures.js';
import { ClusterDns } from './server.js';
import { ENDPOINTSLICES, NAMESPACES, SERVICES } from './types.js';

async function main(): Promise<void> {
  const [host = '127.0.0.1', port = '53'] = process.argv.slice(2);
  const client = new FakeResourceClient();
  await client.create(NAMESPACES, '', namespace('default'));
  await client.create(SERVICES, 'default', clusterIPService('default', 'web', '10.43.0.20'));
  await client.create(SERVICES, 'default', headlessService('default', 'big'));
  await client.create(ENDPOINTSLICES, 'default', slice('default', 'big', 'big-1', Array.from({ length: 40 }, (_, i) => ({ ip: `10.42.7.${i + 1}` }))));
  const informers = new InformerFactory(client);
  const dns = new ClusterDns({ informers, listen: { host, port: Number(port) }, upstreams: [], log: (l) => void process.stderr.write(`${l}\n`) });
  await dns.start();
  await informers.start();
  await dns.waitForSync();
  process.stdout.write('ready\n');
  process.stdin.resume();
  process.stdin.on('end', () => void dns.stop().then(() => process.exit(0)));
}

void main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
