// A container's environment (kubelet's makeEnvironmentVariables): envFrom
// sources first, then env entries in order, then the service variables not
// already defined (service-env.ts); literal values are `$(VAR)`-expanded
// against what is defined so far and the service variables; references to
// missing ConfigMaps, Secrets or keys fail with CreateContainerConfigError
// unless marked optional.
import { CreateContainerConfigError } from './errors.js';
import { expand, mappingFor } from './expand.js';
import { containerResourceValue, podFieldValue, type NodeAllocatable, type PodRuntimeFacts } from './fieldpath.js';
import type { ObjectSource } from './object-source.js';
import { serviceEnvMap } from './service-env.js';
import type { Pod, V1Container } from './types.js';

const envVarName = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export function isEnvVarName(name: string): boolean {
  return envVarName.test(name);
}

export interface EnvContext extends PodRuntimeFacts {
  pod: Pod;
  container: V1Container;
  node: NodeAllocatable;
  source: ObjectSource;
  /** Called with upstream's InvalidEnvironmentVariableNames event message. */
  onInvalidKeys?(message: string): void;
}

/** Name → value, in definition order. */
export async function makeEnvironment(ctx: EnvContext): Promise<Map<string, string>> {
  const env = new Map<string, string>();
  const ns = ctx.pod.metadata?.namespace ?? '';
  for (const from of ctx.container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    let entries: Array<[string, string]> = [];
    let kind = '';
    let name = '';
    if (from.configMapRef) {
      kind = 'configMap';
      name = from.configMapRef.name ?? '';
      const cm = await ctx.source.getConfigMap(ns, name);
      if (!cm) {
        if (from.configMapRef.optional) continue;
        throw new CreateContainerConfigError(`configmap "${name}" not found`);
      }
      entries = Object.entries(cm.data ?? {});
    } else if (from.secretRef) {
      kind = 'secret';
      name = from.secretRef.name ?? '';
      const s = await ctx.source.getSecret(ns, name);
      if (!s) {
        if (from.secretRef.optional) continue;
        throw new CreateContainerConfigError(`secret "${name}" not found`);
      }
      entries = Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]);
    }
    const invalid: string[] = [];
    for (const [k, v] of entries) {
      const key = prefix + k;
      if (!isEnvVarName(key)) invalid.push(key);
      else env.set(key, v);
    }
    if (invalid.length) {
      invalid.sort();
      ctx.onInvalidKeys?.(
        `Keys [${invalid.join(', ')}] from the EnvFrom ${kind} ${ns}/${name} were skipped since they are considered invalid environment variable names.`,
      );
    }
  }
  // Service variables: `$(VAR)` can use them, declared variables win, the rest come last.
  const services = serviceEnvMap(ctx.pod, (await ctx.source.listServices?.()) ?? []);
  for (const e of ctx.container.env ?? []) {
    const v = await envValue(ctx, e, env, ns, services);
    if (v !== undefined) env.set(e.name, v);
  }
  for (const name of [...services.keys()].sort()) if (!env.has(name)) env.set(name, services.get(name)!);
  return env;
}

async function envValue(
  ctx: EnvContext,
  e: NonNullable<V1Container['env']>[number],
  env: Map<string, string>,
  ns: string,
  services: ReadonlyMap<string, string>,
): Promise<string | undefined> {
  if (e.value) return expand(e.value, mappingFor(env, services));
  const from = e.valueFrom;
  if (!from) return '';
  if (from.fieldRef) return podFieldValue(ctx.pod, from.fieldRef.fieldPath, ctx);
  if (from.resourceFieldRef) {
    return containerResourceValue(
      { resource: from.resourceFieldRef.resource, divisor: from.resourceFieldRef.divisor as string | undefined },
      ctx.container,
      ctx.node,
    );
  }
  if (from.configMapKeyRef) {
    const { name = '', key, optional } = from.configMapKeyRef;
    const cm = await ctx.source.getConfigMap(ns, name);
    if (!cm) {
      if (optional) return undefined;
      throw new CreateContainerConfigError(`configmap "${name}" not found`);
    }
    const v = cm.data?.[key];
    if (v === undefined) {
      if (optional) return undefined;
      throw new CreateContainerConfigError(`couldn't find key ${key} in ConfigMap ${ns}/${name}`);
    }
    return v;
  }
  if (from.secretKeyRef) {
    const { name = '', key, optional } = from.secretKeyRef;
    const s = await ctx.source.getSecret(ns, name);
    if (!s) {
      if (optional) return undefined;
      throw new CreateContainerConfigError(`secret "${name}" not found`);
    }
    const v = s.data?.[key];
    if (v === undefined) {
      if (optional) return undefined;
      throw new CreateContainerConfigError(`couldn't find key ${key} in Secret ${ns}/${name}`);
    }
    return Buffer.from(v, 'base64').toString();
  }
  return '';
}
