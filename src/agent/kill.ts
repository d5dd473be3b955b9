// Stopping containers and pods (kuberuntime's killContainer/killPodWithSyncResult):
// the Killing event, the preStop hook within the grace period, then the
// runtime's SIGTERM → grace → SIGKILL; the sandbox goes last.
import type { ContainerStatus } from '../cri/types.js';
import type { AgentContext } from './context.js';
import { podRef } from './events.js';
import { runLifecycleHandler } from './hooks.js';
import { containerName, isInit, type RuntimePodStatus } from './runtime-state.js';
import type { Pod } from './types.js';

export const MIN_GRACE_SECONDS = 2;

export function podGracePeriod(pod: Pod): number {
  return pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
}

export async function killContainer(
  ctx: AgentContext,
  pod: Pod,
  status: ContainerStatus,
  podIP: string,
  gracePeriod: number,
  message?: string,
): Promise<void> {
  const name = containerName(status);
  const kind = isInit(status) ? 'init' : 'app';
  const spec = (kind === 'init' ? pod.spec?.initContainers : pod.spec?.containers)?.find((c) => c.name === name);
  ctx.recorder.event(podRef(pod, { name, kind }), 'Normal', 'Killing', message ?? `Stopping container ${name}`);
  let grace = gracePeriod;
  const preStop = spec?.lifecycle?.preStop;
  if (preStop && status.state === 'CONTAINER_RUNNING' && grace > 0) {
    const started = Date.now();
    const failure = await runLifecycleHandler(preStop, { runtime: ctx.runtime, pod, container: spec!, containerId: status.id, podIP, timeoutSeconds: grace });
    if (failure) ctx.recorder.event(podRef(pod, { name, kind }), 'Warning', 'FailedPreStopHook', failure);
    grace -= Math.floor((Date.now() - started) / 1000);
  }
  grace = Math.max(grace, MIN_GRACE_SECONDS);
  if (gracePeriod === 0) grace = 0;
  await ctx.runtime.stopContainer(status.id, grace);
  ctx.prober?.forgetContainer(status.id);
}

/** Stops every active container in parallel, then every sandbox. */
export async function killPod(ctx: AgentContext, pod: Pod, rt: RuntimePodStatus, gracePeriod: number): Promise<void> {
  const podIP = rt.sandboxes[0]?.network?.ip ?? '';
  const active = rt.containers.filter((c) => c.state === 'CONTAINER_RUNNING' || c.state === 'CONTAINER_CREATED');
  // App containers first; then sidecars (and any init container) one by one, the last declared first.
  const inits = (pod.spec?.initContainers ?? []).map((c) => c.name);
  await Promise.all(active.filter((c) => !isInit(c)).map((c) => killContainer(ctx, pod, c, podIP, gracePeriod)));
  const initOrder = (c: ContainerStatus): number => inits.indexOf(containerName(c));
  for (const c of active.filter(isInit).sort((a, b) => initOrder(b) - initOrder(a))) await killContainer(ctx, pod, c, podIP, gracePeriod);
  for (const s of rt.sandboxes) if (s.state === 'SANDBOX_READY') await ctx.runtime.stopPodSandbox(s.id);
}
