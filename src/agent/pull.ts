// Image pulls per imagePullPolicy (kubelet's images.imageManager.EnsureImageExists):
// Never → ErrImageNeverPull when absent; IfNotPresent pulls only when absent;
// Always pulls every time. Failed pulls enter back-off (ErrImagePull, then
// ImagePullBackOff until the window passes).
import type { AuthConfig, Image, ImageService, PodSandboxConfig } from '../cri/types.js';
import { AgentError, ImageNeverPullError } from './errors.js';
import type { Backoff } from './backoff.js';
import { podRef, type Recorder } from './events.js';
import type { ObjectSource } from './object-source.js';
import { credentialsFor } from './pull-secrets.js';
import type { Pod, Secret, V1Container } from './types.js';

export class ErrImagePull extends AgentError {}
export class ImagePullBackOffError extends AgentError {}

export function pullPolicy(c: V1Container): 'Always' | 'IfNotPresent' | 'Never' {
  if (c.imagePullPolicy) return c.imagePullPolicy as 'Always' | 'IfNotPresent' | 'Never';
  const image = c.image ?? '';
  if (image.includes('@')) return 'IfNotPresent';
  const last = image.split('/').pop() ?? '';
  const tag = last.includes(':') ? last.split(':').pop() : undefined;
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

export interface PullContext {
  images: ImageService;
  backoff: Backoff;
  recorder: Recorder;
  source: ObjectSource;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(3).replace(/\.?0+$/, '')}s`;

async function pullSecrets(pod: Pod, source: ObjectSource): Promise<Secret[]> {
  const out: Secret[] = [];
  for (const ref of pod.spec?.imagePullSecrets ?? []) {
    const s = ref.name ? await source.getSecret(pod.metadata?.namespace ?? '', ref.name) : undefined;
    if (s) out.push(s);
  }
  return out;
}

const pullBackoffKey = (pod: Pod, image: string): string => `${pod.metadata?.uid}_${image}`;

/** Milliseconds left in the image pull back-off of the container's image (0 when none). */
export function pullBackoffLeft(ctx: { pullBackoff: Backoff }, pod: Pod, c: V1Container): number {
  return ctx.pullBackoff.remainingSinceUpdate(pullBackoffKey(pod, c.image ?? ''));
}

/** Makes sure the container's image is present; returns it. */
export async function ensureImage(ctx: PullContext, pod: Pod, c: V1Container, kind: 'init' | 'app', sandbox: PodSandboxConfig): Promise<Image> {
  const image = c.image ?? '';
  const ref = podRef(pod, { name: c.name, kind });
  const policy = pullPolicy(c);
  const present = await ctx.images.imageStatus({ image });
  if (policy === 'Never' || (policy === 'IfNotPresent' && present)) {
    if (present) {
      ctx.recorder.event(ref, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
      return present;
    }
    const msg = `Container image "${image}" is not present with pull policy of Never`;
    ctx.recorder.event(ref, 'Warning', 'ErrImageNeverPull', msg);
    throw new ImageNeverPullError(msg);
  }
  const key = pullBackoffKey(pod, image);
  if (ctx.backoff.isInBackOffSinceUpdate(key)) {
    const msg = `Back-off pulling image "${image}"`;
    ctx.recorder.event(ref, 'Normal', 'BackOff', msg);
    // kuberuntime's startContainer reports every EnsureImageExists error as "Error: <reason>".
    ctx.recorder.event(ref, 'Warning', 'Failed', 'Error: ImagePullBackOff');
    throw new ImagePullBackOffError(msg);
  }
  ctx.recorder.event(ref, 'Normal', 'Pulling', `Pulling image "${image}"`);
  const started = Date.now();
  const creds: Array<AuthConfig | undefined> = credentialsFor(image, await pullSecrets(pod, ctx.source));
  if (creds.length === 0) creds.push(undefined);
  let lastErr: unknown;
  for (const auth of creds) {
    try {
      await ctx.images.pullImage({ image }, auth, sandbox);
      const pulled = await ctx.images.imageStatus({ image });
      if (!pulled) throw new Error(`image "${image}" not found after pull`);
      const took = seconds(Date.now() - started);
      ctx.recorder.event(ref, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${pulled.size} bytes.`);
      ctx.backoff.reset(key);
      return pulled;
    } catch (e) {
      lastErr = e;
    }
  }
  ctx.backoff.next(key, Date.now());
  const detail = lastErr instanceof Error ? lastErr.message : String(lastErr);
  ctx.recorder.event(ref, 'Warning', 'Failed', `Failed to pull image "${image}": ${detail}`);
  ctx.recorder.event(ref, 'Warning', 'Failed', 'Error: ErrImagePull');
  throw new ErrImagePull(`failed to pull and unpack image "${image}": ${detail}`);
}
