// `skiff agent`: the node side alone (image service, runtime, CNI, node agent)
// against an existing API server, e.g. a second node of a cluster.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startNode } from '../node/start.js';
import { parseFlags, UsageError } from './args.js';
import { defaultDataDir } from './data-dir.js';
import { startIdleGc } from './idle-gc.js';
import { SERVICE_FLAGS, serviceLayerFlags } from './service-flags.js';
import { DEFAULT_SERVICE_CIDR } from '../network/cidr.js';

export async function runAgent(argv: string[]): Promise<number> {
  const { flags } = parseFlags(argv, {
    server: 'string',
    'data-dir': 'string',
    'node-name': 'string',
    'cluster-cidr': 'string',
    'node-index': 'number',
    simulate: 'number',
    'service-cidr': 'string',
    ...SERVICE_FLAGS,
  });
  const server = flags.server as string | undefined;
  if (!server) throw new UsageError('--server URL is required (the API server, e.g. http://127.0.0.1:6443)');
  if (flags.simulate !== undefined) return runSimulated(server, Number(flags.simulate), flags['node-name'] as string | undefined, flags['cluster-cidr'] as string | undefined);
  const services = serviceLayerFlags(flags, String(flags['service-cidr'] ?? DEFAULT_SERVICE_CIDR));
  const dataDir = resolve(String(flags['data-dir'] ?? join(defaultDataDir(), 'agent')));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const log = (line: string): void => void process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  process.on('unhandledRejection', (e) => log(`unhandled rejection: ${(e as Error)?.stack ?? String(e)}`));
  const node = await startNode({
    apiUrl: server,
    dataDir,
    nodeName: flags['node-name'] as string | undefined,
    clusterCidr: flags['cluster-cidr'] as string | undefined,
    nodeIndex: flags['node-index'] as number | undefined,
    services,
    log,
  });
  startIdleGc();
  process.stdout.write(`Skiff agent is up: node ${node.nodeName}, pod CIDR ${node.podCidr}, API server ${server}\n`);
  let stopping = false;
  const stop = (sig: string): void => {
    if (stopping) return;
    stopping = true;
    log(`received ${sig}, stopping the agent (containers keep running)`);
    node.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        log(`shutdown failed: ${String(e)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  return -1;
}

/** `skiff agent --simulate N`: N simulated nodes (no containers), until SIGTERM/SIGINT. */
async function runSimulated(server: string, count: number, prefix: string | undefined, clusterCidr: string | undefined): Promise<number> {
  if (!Number.isInteger(count) || count < 1 || count > 5000) throw new UsageError('--simulate N needs a whole number of nodes from 1 to 5000');
  const log = (line: string): void => void process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  const { HttpResourceClient } = await import('../client/rest.js');
  const { SimulatedNodes } = await import('../simulator/index.js');
  const client = new HttpResourceClient(server, { userAgent: 'skiff-simulated-nodes' });
  const sim = new SimulatedNodes(client, { count, prefix, clusterCidr, log });
  await sim.start();
  process.stdout.write(`Skiff simulated nodes are up: ${count} nodes (${sim.nodeNames[0]} …), API server ${server}\n`);
  const stop = (): void => {
    sim.stop().then(
      () => (client.close(), process.exit(0)),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return -1;
}
