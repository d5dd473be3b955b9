// Asks a child node process (started with --inspect=127.0.0.1:0) to run a full
// garbage collection and report its JS heap, over the DevTools protocol. This
// separates live memory from garbage V8 has not collected yet.
import WebSocket from 'ws';

export class InspectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InspectorError';
  }
}

/** The DevTools websocket URL node printed on stderr ("Debugger listening on ws://…"). */
export function inspectorUrl(stderr: string): string | undefined {
  return /Debugger listening on (ws:\/\/\S+)/.exec(stderr)?.[1];
}

export interface HeapUsage {
  usedMb: number;
  totalMb: number;
}

/** Full GC in the target, then its heap usage. */
export function collectGarbage(url: string, timeoutMs = 30_000): Promise<HeapUsage> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    let id = 0;
    const pending = new Map<number, (result: Record<string, unknown>) => void>();
    const call = (method: string): Promise<Record<string, unknown>> =>
      new Promise((res) => {
        pending.set(++id, res);
        ws.send(JSON.stringify({ id, method }));
      });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new InspectorError(`no answer from the inspector at ${url} within ${timeoutMs} ms`));
    }, timeoutMs);
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
      if (msg.id === undefined) return;
      if (msg.error) {
        clearTimeout(timer);
        ws.close();
        reject(new InspectorError(msg.error.message));
        return;
      }
      pending.get(msg.id)?.(msg.result ?? {});
      pending.delete(msg.id);
    });
    ws.on('error', (e) => {
      clearTimeout(timer);
      reject(new InspectorError(`inspector at ${url}: ${e.message}`));
    });
    ws.on('open', async () => {
      await call('HeapProfiler.collectGarbage');
      const usage = await call('Runtime.getHeapUsage');
      clearTimeout(timer);
      ws.close();
      resolve({ usedMb: Number(usage.usedSize) / 2 ** 20, totalMb: Number(usage.totalSize) / 2 ** 20 });
    });
  });
}
