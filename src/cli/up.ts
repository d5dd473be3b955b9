// `skiff up`: the whole cluster in one process (for now: the API server on the
// embedded datastore), a kubeconfig in the data dir, clean shutdown on SIGTERM.
import { mkdirSync, writeFileSync } from 'node:fs';
import { defaultDataDir } from './data-dir.js';
import { startIdleGc } from './idle-gc.js';
import { join, resolve } from 'node:path';
import { openBackend } from '../datastore/factory.js';
import { createApiServer } from '../apiserver/index.js';
import { parseFlags, UsageError } from './args.js';
import { CONTROLLER_FLAGS, controllerList, controllerOptions } from './controller-flags.js';
import { DEFAULT_SERVICE_CIDR, validateClusterCidrs } from '../network/cidr.js';
import { kubeconfigYaml } from './kubeconfig.js';
import { SERVICE_FLAGS, serviceLayerFlags } from './service-flags.js';


export { defaultDataDir };

/** Runs until SIGTERM/SIGINT; returns -1 to keep the process's exit code as set. */
export async function runUp(argv: string[]): Promise<number> {
  const { flags } = parseFlags(argv, {
    'data-dir': 'string',
    'api-port': 'number',
    'bind-address': 'string',
    datastore: 'string',
    'node-name': 'string',
    'cluster-cidr': 'string',
    'service-cidr': 'string',
    'disable-agent': 'boolean',
    'disable-scheduler': 'boolean',
    'disable-controllers': 'boolean',
    controllers: 'string',
    'simulate-nodes': 'number',
    ...CONTROLLER_FLAGS,
    ...SERVICE_FLAGS,
  });
  const dataDir = resolve(String(flags['data-dir'] ?? defaultDataDir()));
  const port = Number(flags['api-port'] ?? 6443);
  const host = String(flags['bind-address'] ?? '127.0.0.1');
  // Both ranges are checked up front; the service range is used by the service layer (Service IPs).
  const clusterCidr = String(flags['cluster-cidr'] ?? '10.42.0.0/16');
  const serviceCidr = String(flags['service-cidr'] ?? DEFAULT_SERVICE_CIDR);
  try {
    validateClusterCidrs(clusterCidr, serviceCidr);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const services = serviceLayerFlags(flags, serviceCidr);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const backend = openBackend(String(flags.datastore ?? 'sqlite'), dataDir);
  const log = (line: string): void => void process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  // A stray rejection must never take the cluster down: log it and keep serving.
  process.on('unhandledRejection', (e) => log(`unhandled rejection: ${(e as Error)?.stack ?? String(e)}`));
  const server = createApiServer({ backend, host, port, log, serviceCidr, clusterDns: services.disabled.has('dns') ? false : services.clusterDns });
  await server.start();
  const apiUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${server.port}`;
  const components: Array<{ name: string; stop(): Promise<void> }> = [];
  // The scheduler and the controller manager run in a worker thread (their own event loop, the
  // second core); the node side is loaded only when it runs (a control-plane-only server stays small).
  const controllers = flags['disable-controllers'] ? undefined : [...controllerList(flags), ...(services.disabled.has('servicelb') ? ['-servicelb'] : [])];
  if (!flags['disable-scheduler'] || controllers) {
    const { startControlWorker } = await import('./control-plane.js');
    const control = await startControlWorker(
      { apiUrl, scheduler: !flags['disable-scheduler'], controllers, controllerOptions: { ...controllerOptions(flags), storageDir: join(dataDir, 'storage') } },
      log,
    );
    components.push({ name: 'scheduler and controller manager', stop: () => control.stop() });
  }
  if (flags['simulate-nodes'] !== undefined) {
    const count = Number(flags['simulate-nodes']);
    if (!Number.isInteger(count) || count < 1 || count > 5000) throw new UsageError('--simulate-nodes N needs a whole number of nodes from 1 to 5000');
    const { HttpResourceClient } = await import('../client/rest.js');
    const { SimulatedNodes } = await import('../simulator/index.js');
    const client = new HttpResourceClient(apiUrl, { userAgent: 'skiff-simulated-nodes' });
    const sim = new SimulatedNodes(client, { count, clusterCidr, log });
    await sim.start();
    components.push({ name: 'simulated-nodes', stop: async () => (await sim.stop(), client.close()) });
  }
  if (!flags['disable-agent']) {
    try {
      const { startNode } = await import('../node/start.js');
      const node = await startNode({
        apiUrl,
        dataDir,
        nodeName: flags['node-name'] as string | undefined,
        clusterCidr,
        services,
        log,
      });
      components.push({ name: 'agent', stop: () => node.stop() });
      log(`node agent up: node ${node.nodeName}, pod CIDR ${node.podCidr}`);
    } catch (e) {
      log(`node agent failed to start (pods will not run on this node): ${(e as Error).stack ?? String(e)}`);
    }
  }
  const kubeconfig = join(dataDir, 'kubeconfig.yaml');
  writeFileSync(kubeconfig, kubeconfigYaml(`http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${server.port}`), { mode: 0o600 });
  startIdleGc();
  process.stdout.write(
    `Skiff is up: API server on http://${host}:${server.port} (datastore: ${backend.name}, data dir: ${dataDir})\n` +
      `Point kubectl at it with:\n\n  export KUBECONFIG=${kubeconfig}\n\nthen try: kubectl get namespaces\n`,
  );
  let stopping = false;
  const stop = (sig: string): void => {
    if (stopping) return;
    stopping = true;
    log(`received ${sig}, shutting down`);
    const stopAll = async (): Promise<void> => {
      for (const c of components.reverse()) {
        try {
          await c.stop();
        } catch (e) {
          log(`stopping ${c.name}: ${String(e)}`);
        }
      }
      await server.stop();
    };
    stopAll().then(
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
