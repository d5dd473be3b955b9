// Payloads of the file-projecting volume types (configMap, secret,
// downwardAPI, projected): which keys become which files with which modes.
import type * as k8s from 'kubernetes-types/core/v1.js';
import { VolumeSetupError } from '../errors.js';
import { containerResourceValue, podFieldValue, type NodeAllocatable, type PodRuntimeFacts } from '../fieldpath.js';
import { configMapValue, secretValue, type ObjectSource } from '../object-source.js';
import type { Pod } from '../types.js';
import type { FileProjection } from './atomic-writer.js';

export const DEFAULT_MODE = 0o644;

export interface ProjectionContext extends PodRuntimeFacts {
  pod: Pod;
  source: ObjectSource;
  node: NodeAllocatable;
}

type Payload = Map<string, FileProjection>;
type KeyToPath = k8s.KeyToPath;

/** Keys → files: all keys, or only the listed items (a listed missing key is an error unless optional). */
function keyPayload(
  kind: 'configmap' | 'secret',
  keys: string[],
  value: (k: string) => Buffer | undefined,
  items: KeyToPath[] | undefined,
  defaultMode: number,
  optional: boolean,
): Payload {
  const out: Payload = new Map();
  if (!items?.length) {
    for (const k of keys) out.set(k, { data: value(k)!, mode: defaultMode });
    return out;
  }
  for (const it of items) {
    const v = value(it.key);
    if (v === undefined) {
      if (optional) continue;
      throw new VolumeSetupError(kind === 'configmap' ? `configmap references non-existent config key: ${it.key}` : `references non-existent secret key: ${it.key}`);
    }
    out.set(it.path, { data: v, mode: it.mode ?? defaultMode });
  }
  return out;
}

export async function configMapPayload(ctx: ProjectionContext, src: k8s.ConfigMapVolumeSource | k8s.ConfigMapProjection, defaultMode: number): Promise<Payload> {
  const ns = ctx.pod.metadata?.namespace ?? '';
  const cm = await ctx.source.getConfigMap(ns, src.name ?? '');
  if (!cm) {
    if (src.optional) return new Map();
    throw new VolumeSetupError(`configmap "${src.name}" not found`);
  }
  const keys = [...Object.keys(cm.data ?? {}), ...Object.keys(cm.binaryData ?? {})];
  return keyPayload('configmap', keys, (k) => configMapValue(cm, k), src.items, defaultMode, src.optional ?? false);
}

export async function secretPayload(ctx: ProjectionContext, name: string, items: KeyToPath[] | undefined, optional: boolean, defaultMode: number): Promise<Payload> {
  const ns = ctx.pod.metadata?.namespace ?? '';
  const s = await ctx.source.getSecret(ns, name);
  if (!s) {
    if (optional) return new Map();
    throw new VolumeSetupError(`secret "${name}" not found`);
  }
  return keyPayload('secret', Object.keys(s.data ?? {}), (k) => secretValue(s, k), items, defaultMode, optional);
}

export function downwardAPIPayload(ctx: ProjectionContext, items: k8s.DownwardAPIVolumeFile[] | undefined, defaultMode: number): Payload {
  const out: Payload = new Map();
  for (const it of items ?? []) {
    let v: string;
    if (it.fieldRef) v = podFieldValue(ctx.pod, it.fieldRef.fieldPath, ctx);
    else if (it.resourceFieldRef) {
      const c = [...(ctx.pod.spec?.containers ?? []), ...(ctx.pod.spec?.initContainers ?? [])].find((x) => x.name === it.resourceFieldRef!.containerName);
      if (!c) throw new VolumeSetupError(`container ${it.resourceFieldRef.containerName} not found in pod`);
      v = containerResourceValue({ resource: it.resourceFieldRef.resource, divisor: it.resourceFieldRef.divisor as string | undefined }, c, ctx.node);
    } else continue;
    out.set(it.path, { data: Buffer.from(v), mode: it.mode ?? defaultMode });
  }
  return out;
}

/** Projected volumes: the union of their sources (serviceAccountToken comes with the token issuer, later). */
export async function projectedPayload(ctx: ProjectionContext, src: k8s.ProjectedVolumeSource): Promise<Payload> {
  const mode = src.defaultMode ?? DEFAULT_MODE;
  const out: Payload = new Map();
  for (const s of src.sources ?? []) {
    let part: Payload = new Map();
    if (s.configMap) part = await configMapPayload(ctx, s.configMap, mode);
    else if (s.secret) part = await secretPayload(ctx, s.secret.name ?? '', s.secret.items, s.secret.optional ?? false, mode);
    else if (s.downwardAPI) part = downwardAPIPayload(ctx, s.downwardAPI.items, mode);
    // serviceAccountToken / clusterTrustBundle: not yet (needs the TokenRequest API).
    for (const [k, v] of part) out.set(k, v);
  }
  return out;
}
