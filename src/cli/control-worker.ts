// Worker-thread entry: runs the scheduler and the controller manager beside
// the API server of `skiff up`, on their own event loop (the second core), and
// talks to the API server over HTTP like any client.
import { parentPort, workerData } from 'node:worker_threads';
import type { ControllerOptions } from '../controllers/types.js';

export interface ControlWorkerData {
  apiUrl: string;
  scheduler: boolean;
  /** Controller names ('*' for all); undefined: no controller manager. */
  controllers?: string[];
  controllerOptions: ControllerOptions;
}

const port = parentPort!;
const data = workerData as ControlWorkerData;
const log = (line: string): void => port.postMessage({ type: 'log', line });
const stops: Array<() => Promise<void>> = [];

async function main(): Promise<void> {
  const { HttpResourceClient } = await import('../client/rest.js');
  if (data.scheduler) {
    const { startScheduler } = await import('../scheduler/index.js');
    const client = new HttpResourceClient(data.apiUrl, { userAgent: 'skiff-scheduler' });
    const sched = startScheduler(client, { log });
    stops.push(async () => (await sched.stop(), client.close()));
  }
  if (data.controllers) {
    const { startControllerManager } = await import('../controllers/index.js');
    const client = new HttpResourceClient(data.apiUrl, { userAgent: 'skiff-controller-manager' });
    const cm = await startControllerManager(client, { ...data.controllerOptions, log, controllers: data.controllers });
    stops.push(async () => (await cm.stop(), client.close()));
  }
  port.postMessage({ type: 'started' });
}

port.on('message', (m: { type: string }) => {
  if (m.type !== 'stop') return;
  void (async () => {
    for (const s of stops.reverse()) await s().catch((e: unknown) => log(`stopping: ${String(e)}`));
    port.postMessage({ type: 'stopped' });
    port.close();
  })();
});

process.on('unhandledRejection', (e) => log(`unhandled rejection in the control worker: ${(e as Error)?.stack ?? String(e)}`));
main().catch((e: unknown) => {
  log(`control worker failed: ${(e as Error).stack ?? String(e)}`);
  port.postMessage({ type: 'failed' });
});
