// DefaultStorageClass admission: a new PersistentVolumeClaim without
// spec.storageClassName gets the default StorageClass's name (the class
// annotated `storageclass.kubernetes.io/is-default-class: "true"`; with
// several, the newest wins, as upstream since 1.26). An explicit "" opts out.
import type { WatchCache } from '../registry/cache.js';
import type { KubeObject, ResourceDef } from '../types.js';

export const STORAGE_CLASS_PREFIX = '/registry/storage.k8s.io/storageclasses/';
const DEFAULT_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

export function defaultStorageClass(classes: KubeObject[]): string | undefined {
  const defaults = classes.filter((c) => DEFAULT_ANNOTATIONS.some((a) => c.metadata?.annotations?.[a] === 'true'));
  defaults.sort((a, b) => String(b.metadata?.creationTimestamp ?? '').localeCompare(String(a.metadata?.creationTimestamp ?? '')) || String(a.metadata?.name).localeCompare(String(b.metadata?.name)));
  return defaults[0]?.metadata?.name;
}

export function admitDefaultStorageClass(cache: WatchCache, def: ResourceDef, obj: KubeObject): void {
  if (def.group !== '' || def.kind !== 'PersistentVolumeClaim') return;
  const spec = (obj.spec ?? {}) as { storageClassName?: string | null };
  if (spec.storageClassName !== undefined && spec.storageClassName !== null) return;
  const name = defaultStorageClass(cache.list(STORAGE_CLASS_PREFIX).map((e) => e.object()));
  if (name) obj.spec = { ...spec, storageClassName: name };
}
