// One sync of a pod that should be running (kuberuntime_manager.go SyncPod):
// compute the actions, kill what must go, (re)create the sandbox, set up the
// volumes and /etc files, then start the next init container or the app
// containers. Returns the runtime view after the sync for the status manager.
import { computePodActions, containersToRemove } from './compute-actions.js';
import type { AgentContext } from './context.js';
import { podRef } from './events.js';
import { killContainer, killPod, podGracePeriod } from './kill.js';
import { memoSource } from './object-source.js';
import { getRuntimePodStatus, type RuntimePodStatus } from './runtime-state.js';
import { sandboxConfig, writePodEtcFiles } from './sandbox.js';
import { startContainer } from './start-container.js';
import type { Pod } from './types.js';

export interface SyncResult {
  rt: RuntimePodStatus;
  /** Something is waiting (back-off, failed step): sync again after this long. */
  retryAfterMs?: number;
}

export function sandboxIPs(rt: RuntimePodStatus): string[] {
  const s = rt.sandboxes.find((x) => x.state === 'SANDBOX_READY');
  if (!s?.network?.ip) return [];
  return [s.network.ip, ...(s.network.additionalIps ?? [])];
}

export async function syncPod(ctx: AgentContext, pod: Pod): Promise<SyncResult> {
  const uid = pod.metadata?.uid ?? '';
  let rt = await getRuntimePodStatus(ctx.runtime, uid);
  const actions = computePodActions(pod, rt, ctx.prober ? { liveness: (id) => ctx.prober!.liveness(id), startup: (id) => ctx.prober!.startup(id) } : {});
  let retryAfterMs: number | undefined;
  const retryIn = (ms: number): void => {
    retryAfterMs = retryAfterMs === undefined ? ms : Math.min(retryAfterMs, ms);
  };
  if (actions.killPod) {
    if (actions.createSandbox && rt.sandboxes.length) {
      ctx.recorder.event(podRef(pod), 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
    }
    await killPod(ctx, pod, rt, podGracePeriod(pod));
  } else {
    const podIP = sandboxIPs(rt)[0] ?? '';
    for (const k of actions.containersToKill) {
      const status = rt.containers.find((c) => c.id === k.id)!;
      await killContainer(ctx, pod, status, podIP, pod.spec?.terminationGracePeriodSeconds ?? 30, k.message);
    }
  }
  if (actions.killPod && !actions.createSandbox) return { rt: await getRuntimePodStatus(ctx.runtime, uid) };
  let sandboxId = actions.sandboxId ?? '';
  const sbConfig = sandboxConfig(ctx, pod, actions.attempt);
  if (actions.createSandbox) {
    try {
      sandboxId = ctx.startLimiter ? await ctx.startLimiter.run(uid, () => ctx.runtime.runPodSandbox(sbConfig)) : await ctx.runtime.runPodSandbox(sbConfig);
    } catch (e) {
      ctx.recorder.event(podRef(pod), 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${(e as Error).message}`);
      return { rt: await getRuntimePodStatus(ctx.runtime, uid), retryAfterMs: ctx.errorBackoffMs };
    }
    rt = await getRuntimePodStatus(ctx.runtime, uid);
  }
  const podIPs = sandboxIPs(rt);
  writePodEtcFiles(ctx, pod, podIPs);
  const source = memoSource(ctx.source);
  const vols = await ctx.volumes.setUp({ pod, source, node: ctx.node, podIPs, hostIPs: ctx.hostIPs });
  if (vols.errors.length) {
    for (const e of vols.errors) ctx.recorder.event(podRef(pod), 'Warning', 'FailedMount', e.message);
    return { rt, retryAfterMs: ctx.errorBackoffMs };
  }
  const base = { pod, rt, sandboxId, sandbox: sbConfig, podIPs, volumes: vols.paths, source };
  for (const i of actions.initToStart) {
    const r = await startContainer(ctx, { ...base, container: pod.spec!.initContainers![i]!, kind: 'init' });
    if ('retryAfterMs' in r) retryIn(r.retryAfterMs);
  }
  if (actions.nextInit !== undefined) {
    const c = pod.spec!.initContainers![actions.nextInit];
    const r = await startContainer(ctx, { ...base, container: c, kind: 'init' });
    if ('retryAfterMs' in r) retryIn(r.retryAfterMs);
  } else if (actions.initDone) {
    for (const i of actions.containersToStart) {
      const c = pod.spec!.containers[i];
      const r = await startContainer(ctx, { ...base, container: c, kind: 'app' });
      if ('retryAfterMs' in r) retryIn(r.retryAfterMs);
    }
  }
  rt = await getRuntimePodStatus(ctx.runtime, uid);
  for (const id of containersToRemove(pod, rt)) await ctx.runtime.removeContainer(id).catch(() => {});
  return { rt, retryAfterMs };
}

/** The pod is being deleted or is finished: stop everything it runs (grace period from the pod). */
export async function terminatePod(ctx: AgentContext, pod: Pod, gracePeriod = podGracePeriod(pod)): Promise<RuntimePodStatus> {
  const uid = pod.metadata?.uid ?? '';
  const rt = await getRuntimePodStatus(ctx.runtime, uid);
  await killPod(ctx, pod, rt, gracePeriod);
  return getRuntimePodStatus(ctx.runtime, uid);
}

/** Removes every runtime object and the on-disk state of a pod that is gone. */
export async function cleanupPod(ctx: AgentContext, uid: string): Promise<void> {
  const rt = await getRuntimePodStatus(ctx.runtime, uid);
  for (const c of rt.containers) {
    if (c.state === 'CONTAINER_RUNNING' || c.state === 'CONTAINER_CREATED') await ctx.runtime.stopContainer(c.id, 0).catch(() => {});
    await ctx.runtime.removeContainer(c.id).catch(() => {});
    ctx.prober?.forgetContainer(c.id);
  }
  for (const s of rt.sandboxes) {
    await ctx.runtime.stopPodSandbox(s.id).catch(() => {});
    await ctx.runtime.removePodSandbox(s.id).catch(() => {});
  }
  await ctx.volumes.tearDown(uid);
  ctx.reasons.forget(uid);
}
