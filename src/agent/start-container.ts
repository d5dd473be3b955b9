// Starting one container (kuberuntime's startContainer): crash-loop back-off,
// image pull, config, create, start, postStart hook. Failures become the
// container's waiting reason and events, as upstream reports them.
import { CreateContainerError, type ContainerStatus, type PodSandboxConfig } from '../cri/types.js';
import { generateContainerConfig } from './container-config.js';
import type { AgentContext } from './context.js';
import { CreateContainerConfigError, ImageNeverPullError } from './errors.js';
import { podRef } from './events.js';
import { hashContainer } from './hash.js';
import { podDescription, runLifecycleHandler } from './hooks.js';
import { killContainer } from './kill.js';
import { ensureImage, ErrImagePull, ImagePullBackOffError } from './pull.js';
import { goDuration } from './reasons.js';
import { latestOf, nsToMs, restartCountOf, type RuntimePodStatus } from './runtime-state.js';
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

/** Whether the container is inside its CrashLoopBackOff window (sets the waiting reason if so). */
function inCrashBackoff(ctx: AgentContext, input: StartInput, latest: ContainerStatus | undefined): boolean {
  if (!latest || latest.state !== 'CONTAINER_EXITED') return false;
  const { pod, container: c, kind } = input;
  const key = crashBackoffKey(pod, c);
  const finished = nsToMs(latest.finishedAt || latest.createdAt);
  if (ctx.crashBackoff.isInBackOffSince(key, finished)) {
    const delay = goDuration(ctx.crashBackoff.get(key));
    ctx.reasons.set(pod.metadata?.uid ?? '', kind, c.name, {
      reason: 'CrashLoopBackOff',
      message: `back-off ${delay} restarting failed container=${c.name} pod=${podDescription(pod)}`,
    });
    ctx.recorder.event(podRef(pod, { name: c.name, kind }), 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${podDescription(pod)}`);
    return true;
  }
  ctx.crashBackoff.next(key, finished);
  return false;
}

/** Returns the new container's id, or undefined when it did not start. */
export async function startContainer(ctx: AgentContext, input: StartInput): Promise<string | undefined> {
  const { pod, container: c, kind } = input;
  const uid = pod.metadata?.uid ?? '';
  const ref = podRef(pod, { name: c.name, kind });
  const latest = latestOf(input.rt, c.name, kind);
  if (inCrashBackoff(ctx, input, latest)) return undefined;
  const restartCount = latest ? restartCountOf(latest) + 1 : 0;
  const setReason = (reason: string, message: string): undefined => {
    ctx.reasons.set(uid, kind, c.name, { reason, message });
    return undefined;
  };
  let image;
  try {
    image = await ensureImage({ images: ctx.images, backoff: ctx.pullBackoff, recorder: ctx.recorder, source: input.source }, pod, c, kind, input.sandbox);
  } catch (e) {
    if (e instanceof ImagePullBackOffError) return setReason('ImagePullBackOff', e.message);
    if (e instanceof ImageNeverPullError) return setReason('ErrImageNeverPull', e.message);
    if (e instanceof ErrImagePull) return setReason('ErrImagePull', e.message);
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
  let id: string;
  try {
    id = await ctx.runtime.createContainer(input.sandboxId, config, input.sandbox);
  } catch (e) {
    const msg = (e as Error).message;
    ctx.recorder.event(ref, 'Warning', 'Failed', `Error: ${msg}`);
    if (e instanceof CreateContainerError || e instanceof Error) return setReason('CreateContainerError', msg);
    throw e;
  }
  ctx.recorder.event(ref, 'Normal', 'Created', `Created container ${c.name}`);
  try {
    await ctx.runtime.startContainer(id);
  } catch (e) {
    const msg = (e as Error).message;
    ctx.recorder.event(ref, 'Warning', 'Failed', `Error: ${msg}`);
    return setReason('RunContainerError', msg);
  }
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
  return id;
}
