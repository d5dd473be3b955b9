// `skiff controller-manager`: the controller manager alone against an
// existing API server (`skiff up --disable-controllers` runs the rest), e.g. to
// measure it on its own or run it beside another server.
import { join, resolve } from 'node:path';
import { parseFlags, UsageError } from './args.js';
import { CONTROLLER_FLAGS, controllerList, controllerOptions } from './controller-flags.js';
import { defaultDataDir } from './data-dir.js';
import { startIdleGc } from './idle-gc.js';

export async function runControllerManager(argv: string[]): Promise<number> {
  const { flags } = parseFlags(argv, { server: 'string', controllers: 'string', 'data-dir': 'string', identity: 'string', ...CONTROLLER_FLAGS });
  const server = flags.server as string | undefined;
  if (!server) throw new UsageError('--server URL is required (the API server, e.g. http://127.0.0.1:6443)');
  const log = (line: string): void => void process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  process.on('unhandledRejection', (e) => log(`unhandled rejection: ${(e as Error)?.stack ?? String(e)}`));
  const { HttpResourceClient } = await import('../client/rest.js');
  const { startControllerManager } = await import('../controllers/index.js');
  const client = new HttpResourceClient(server, { userAgent: 'skiff-controller-manager' });
  const controllers = controllerList(flags);
  const dataDir = resolve(String(flags['data-dir'] ?? defaultDataDir()));
  const cm = await startControllerManager(client, { ...controllerOptions(flags), log, controllers, storageDir: join(dataDir, 'storage'), identity: flags.identity as string | undefined });
  await cm.ready;
  startIdleGc();
  process.stdout.write(`Skiff controller manager is up against ${server}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    cm.stop().then(
      () => (client.close(), process.exit(0)),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return -1;
}
