// Starts the control worker (scheduler + controller manager in a worker
// thread) for `skiff up` and stops it cleanly.
import { Worker } from 'node:worker_threads';
import type { ControlWorkerData } from './control-worker.js';

export class ControlWorkerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ControlWorkerError';
  }
}

export interface ControlPlane {
  stop(): Promise<void>;
}

export async function startControlWorker(data: ControlWorkerData, log: (line: string) => void): Promise<ControlPlane> {
  const worker = new Worker(new URL('./control-worker.js', import.meta.url), { workerData: data });
  let exited = false;
  const exit = new Promise<void>((r) => worker.once('exit', () => ((exited = true), r())));
  const started = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: { type: string; line?: string }) => {
      if (m.type === 'log') log(m.line ?? '');
      else if (m.type === 'started') resolve();
      else if (m.type === 'failed') reject(new ControlWorkerError('the control worker failed to start'));
    });
    worker.once('error', (e) => (log(`control worker: ${e.stack ?? String(e)}`), reject(e)));
    void exit.then(() => reject(new ControlWorkerError('the control worker exited')));
  });
  await started;
  return {
    async stop() {
      if (exited) return;
      const stopped = new Promise<void>((r) => worker.on('message', (m: { type: string }) => m.type === 'stopped' && r()));
      worker.postMessage({ type: 'stop' });
      const timer = setTimeout(() => void worker.terminate(), 15_000);
      await Promise.race([stopped.then(() => exit), exit]);
      clearTimeout(timer);
    },
  };
}
