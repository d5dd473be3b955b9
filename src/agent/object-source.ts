// Where the agent reads ConfigMaps and Secrets from: the API, memoised for the
// length of one sync so a pod's containers and volumes see one version.
import { ApiError, type ResourceClient } from '../client/types.js';
import { CONFIGMAPS, SECRETS, type ConfigMap, type Secret, type Service } from './types.js';

export interface ObjectSource {
  /** The ConfigMap, or undefined when it does not exist. */
  getConfigMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  getSecret(namespace: string, name: string): Promise<Secret | undefined>;
  /** Every Service in the cluster (for service environment variables); absent: none. */
  listServices?(): Promise<Service[]>;
}

/** A source over the API client; `fresh()` returns a per-sync memo. */
export class ApiObjectSource implements ObjectSource {
  constructor(
    private readonly client: ResourceClient,
    /** The agent's Service informer's contents. */
    private readonly services: () => Service[] = () => [],
  ) {}

  async listServices(): Promise<Service[]> {
    return this.services();
  }

  getConfigMap(namespace: string, name: string): Promise<ConfigMap | undefined> {
    return getOrUndefined<ConfigMap>(() => this.client.get<ConfigMap>(CONFIGMAPS, namespace, name));
  }

  getSecret(namespace: string, name: string): Promise<Secret | undefined> {
    return getOrUndefined<Secret>(() => this.client.get<Secret>(SECRETS, namespace, name));
  }
}

async function getOrUndefined<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) return undefined;
    throw e;
  }
}

/** Memoises lookups of another source (one sync's view). */
export function memoSource(inner: ObjectSource): ObjectSource {
  const cms = new Map<string, Promise<ConfigMap | undefined>>();
  const secrets = new Map<string, Promise<Secret | undefined>>();
  let services: Promise<Service[]> | undefined;
  return {
    listServices() {
      services ??= inner.listServices?.() ?? Promise.resolve([]);
      return services;
    },
    getConfigMap(ns, name) {
      const k = `${ns}/${name}`;
      if (!cms.has(k)) cms.set(k, inner.getConfigMap(ns, name));
      return cms.get(k)!;
    },
    getSecret(ns, name) {
      const k = `${ns}/${name}`;
      if (!secrets.has(k)) secrets.set(k, inner.getSecret(ns, name));
      return secrets.get(k)!;
    },
  };
}

/** Secret data values are base64 in the API. */
export function secretValue(secret: Secret, key: string): Buffer | undefined {
  const v = secret.data?.[key];
  if (v !== undefined) return Buffer.from(v, 'base64');
  const s = (secret as { stringData?: Record<string, string> }).stringData?.[key];
  return s === undefined ? undefined : Buffer.from(s);
}

/** ConfigMap values: data as UTF-8, binaryData decoded. */
export function configMapValue(cm: ConfigMap, key: string): Buffer | undefined {
  const d = cm.data?.[key];
  if (d !== undefined) return Buffer.from(d);
  const b = cm.binaryData?.[key];
  return b === undefined ? undefined : Buffer.from(b, 'base64');
}
