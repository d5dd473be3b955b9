// Starting one container (kuberuntime's startContainer): crash-loop back-off,
// image pull, config, create, start, postStart hook. Failures become the
// container's waiting reason and events, as upstream reports them.
import { CreateContainerError, type PodSandboxConfig } from '../cri/types.js';
import { generateContainerConfig } from './container-config.js';
import type { AgentContext } from './context.js';
import { CreateContainerConfigError, ImageNeverPullError } from './errors.js';
import { podRef } from './events.js';
import { hashContainer } from './hash.js';
import { podDescription, runLifecycleHandler } from './hooks.js';
import { killContainer } from './kill.js';
import { ensureImage, ErrImagePull, ImagePullBackOffError, pullBackoffLeft } from './pull.js';
import { goDuration } from './reasons.js';
import { instancesOf, latestOf, nsToMs, restartCountOf, type RuntimePodStatus } from './runtime-state.js';
import type { ObjectSource } from './object-source.js';
import type { Pod, V1Container } from './types.js';

export interface StartInput {
  pod: Pod;
  container: V1Container;
  kind: 'init' | 'app';
  rt: RuntimePodStatus;
  sandboxId: string;
  sandbox: PodSandboxConfig;
  podIPs: string[];
  volumes: ReadonlyMap<string, string>;
  source: ObjectSource;
}

export const crashBackoffKey = (pod: Pod, c: V1Container): string =>
  `${pod.metadata?.name}_${pod.metadata?.namespace}_${pod.metadata?.uid}_${c.name}_${hashContainer(c)}`;

/**
 * kubelet's doBackOff: the newest *exited* instance of the container decides
 * (not the newest one: a container killed by its liveness probe in this very
 * sync is still running in the view the sync started from). Returns the time
 * left in the CrashLoopBackOff window (and sets the waiting reason), or 0.
 */
function crashBackoffLeft(ctx: AgentContext, input: StartInput): number {
  const { pod, container: c, kind } = input;
  const exited = instancesOf(input.rt, c.name, kind).find((x) => x.state === 'CONTAINER_EXITED');
  if (!exited) return 0;
  const key = crashBackoffKey(pod, c);
  const finished = nsToMs(exited.finishedAt || exited.createdAt);
  if (ctx.crashBackoff.isInBackOffSince(key, finished)) {
    const delay = goDuration(ctx.crashBackoff.get(key));
    ctx.reasons.set(pod.metadata?.uid ?? '', kind, c.name, {
      reason: 'CrashLoopBackOff',
      message: `back-off ${delay} restarting failed container=${c.name} pod=${podDescription(pod)}`,
    });
    ctx.recorder.event(podRef(pod, { name: c.name, kind }), 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${podDescription(pod)}`);
    return Math.max(1, ctx.crashBackoff.remaining(key, finished));
  }
  ctx.crashBackoff.next(key, finished);
  return 0;
}

/** What a start attempt did: the new container's id, or when to try again. */
export type StartOutcome = { id: string } | { retryAfterMs: number };

/**
 * Starts the container. When it cannot, the waiting reason is set and the
 * outcome says when to sync again: at the end of the crash back-off window, at
 * the end of the image pull back-off, else after the agent's error back-off
 * (kubelet requeues a pod whose sync failed after 10 s).
 */
export async function startContainer(ctx: AgentContext, input: StartInput): Promise<StartOutcome> {
  const { pod, container: c, kind } = input;
  const uid = pod.metadata?.uid ?? '';
  const ref = podRef(pod, { name: c.name, kind });
  const latest = latestOf(input.rt, c.name, kind);
  const backoffLeft = crashBackoffLeft(ctx, input);
  if (backoffLeft > 0) return { retryAfterMs: backoffLeft };
  const restartCount = latest ? restartCountOf(latest) + 1 : 0;
  const setReason = (reason: string, message: string, retryAfterMs = ctx.errorBackoffMs): StartOutcome => {
    ctx.reasons.set(uid, kind, c.name, { reason, message });
    return { retryAfterMs };
  };
  let image;
  try {
    image = await ensureImage({ images: ctx.images, backoff: ctx.pullBackoff, recorder: ctx.recorder, source: input.source }, pod, c, kind, input.sandbox);
  } catch (e) {
    const pullRetry = Math.max(1, Math.min(ctx.errorBackoffMs, pullBackoffLeft(ctx, pod, c)));
    if (e instanceof ImagePullBackOffError) return setReason('ImagePullBackOff', e.message, pullRetry);
    if (e instanceof ImageNeverPullError) return setReason('ErrImageNeverPull', e.message);
    if (e instanceof ErrImagePull) return setReason('ErrImagePull', e.message, pullRetry);
    throw e;
  }
  let config;
  try {
    config = await generateContainerConfig({
      pod,
      container: c,
      kind,
      restartCount,
      image,
      dataDir: ctx.dataDir,
      memoryCapacity: ctx.memoryCapacity,
      volumes: input.volumes,
      podIPs: input.podIPs,
      hostIPs: ctx.hostIPs,
      node: ctx.node,
      source: input.source,
      onInvalidKeys: (m) => ctx.recorder.event(podRef(pod), 'Warning', 'InvalidEnvironmentVariableNames', m),
    });
  } catch (e) {
    const msg = (e as Error).message;
    ctx.recorder.event(ref, 'Warning', 'Failed', `Error: ${msg}`);
    if (e instanceof CreateContainerConfigError || (e as Error).name === 'UnsupportedFieldPathError') return setReason('CreateContainerConfigError', msg);
    throw e;
  }
  const limit = <T>(fn: () => Promise<T>): Promise<T> => (ctx.startLimiter ? ctx.startLimiter.run(uid, fn) : fn());
  const created = await limit(async (): Promise<{ id: string } | { failed: StartOutcome }> => {
    let id: string;
    try {
      id = await ctx.runtime.createContainer(input.sandboxId, config, input.sandbox);
    } catch (e) {
      const msg = (e as Error).message;
      ctx.recorder.event(ref, 'Warning', 'Failed', `Error: ${msg}`);
      return { failed: setReason('CreateContainerError', msg) };
    }
    ctx.recorder.event(ref, 'Normal', 'Created', `Created container ${c.name}`);
    try {
      await ctx.runtime.startContainer(id);
    } catch (e) {
      const msg = (e as Error).message;
      ctx.recorder.event(ref, 'Warning', 'Failed', `Error: ${msg}`);
      return { failed: setReason('RunContainerError', msg) };
    }
    return { id };
  });
  if ('failed' in created) return created.failed;
  const id = created.id;
  ctx.recorder.event(ref, 'Normal', 'Started', `Started container ${c.name}`);
  ctx.reasons.clear(uid, kind, c.name);
  const postStart = c.lifecycle?.postStart;
  if (postStart) {
    const failure = await runLifecycleHandler(postStart, {
      runtime: ctx.runtime,
      pod,
      container: c,
      containerId: id,
      podIP: input.podIPs[0] ?? '',
      timeoutSeconds: pod.spec?.terminationGracePeriodSeconds ?? 30,
    });
    if (failure) {
      ctx.recorder.event(ref, 'Warning', 'FailedPostStartHook', failure);
      const status = await ctx.runtime.containerStatus(id);
      await killContainer(ctx, pod, status, input.podIPs[0] ?? '', pod.spec?.terminationGracePeriodSeconds ?? 30, 'FailedPostStartHook');
      return setReason('PostStartHookError', failure);
    }
  }
  return { id };
}
