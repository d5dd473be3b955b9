// Lifecycle hooks (pkg/kubelet/lifecycle/handlers.go): exec, httpGet and sleep
// handlers for postStart and preStop. Returns upstream's failure message, or
// undefined on success.
import type { RuntimeService } from '../cri/types.js';
import { execProbe, httpProbe, resolvePort } from './prober/handlers.js';
import type { Pod, V1Container, V1LifecycleHandler } from './types.js';

export interface HookContext {
  runtime: RuntimeService;
  pod: Pod;
  container: V1Container;
  containerId: string;
  podIP: string;
  /** Time budget for the hook. */
  timeoutSeconds: number;
}

export const podDescription = (pod: Pod): string => `${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid})`;

export async function runLifecycleHandler(h: V1LifecycleHandler, ctx: HookContext): Promise<string | undefined> {
  const who = `for Container "${ctx.container.name}" in Pod "${podDescription(ctx.pod)}"`;
  if (h.exec) {
    const cmd = h.exec.command ?? [];
    const r = await execProbe(ctx.runtime, ctx.containerId, cmd, ctx.timeoutSeconds);
    if (r.ok) return undefined;
    return `Exec lifecycle hook (${JSON.stringify(cmd)}) ${who} failed - error: command '${cmd.join(' ')}' exited with non-zero status, message: ${JSON.stringify(r.output)}`;
  }
  if (h.httpGet) {
    const g = h.httpGet;
    const port = resolvePort(g.port as number | string, ctx.container);
    const host = g.host || ctx.podIP;
    if (port === undefined) return `HTTP lifecycle hook (${g.path ?? ''}) ${who} failed - error: invalid port ${String(g.port)}`;
    const r = await httpProbe(
      { scheme: g.scheme, host, port, path: g.path, headers: g.httpHeaders?.map((x) => ({ name: x.name, value: x.value })) },
      ctx.timeoutSeconds * 1000,
    );
    return r.ok ? undefined : `HTTP lifecycle hook (${g.path ?? ''}) ${who} failed - error: ${r.output}`;
  }
  const sleep = (h as { sleep?: { seconds: number } }).sleep;
  if (sleep) {
    await new Promise((r) => setTimeout(r, Math.min(sleep.seconds, ctx.timeoutSeconds) * 1000));
    return undefined;
  }
  return `lifecycle hook ${who} has no handler`;
}
