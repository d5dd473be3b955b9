// DefaultIngressClass admission: a new Ingress with neither
// spec.ingressClassName nor the legacy `kubernetes.io/ingress.class`
// annotation gets the default IngressClass's name (the class annotated
// `ingressclass.kubernetes.io/is-default-class: "true"`; with several, the
// newest wins, as upstream since 1.30).
import type { WatchCache } from '../registry/cache.js';
import type { KubeObject, ResourceDef } from '../types.js';

export const INGRESS_CLASS_PREFIX = '/registry/networking.k8s.io/ingressclasses/';
const DEFAULT_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

export function defaultIngressClass(classes: KubeObject[]): string | undefined {
  const defaults = classes.filter((c) => c.metadata?.annotations?.[DEFAULT_ANNOTATION] === 'true');
  defaults.sort((a, b) => String(b.metadata?.creationTimestamp ?? '').localeCompare(String(a.metadata?.creationTimestamp ?? '')) || String(a.metadata?.name).localeCompare(String(b.metadata?.name)));
  return defaults[0]?.metadata?.name;
}

export function admitDefaultIngressClass(cache: WatchCache, def: ResourceDef, obj: KubeObject): void {
  if (def.group !== 'networking.k8s.io' || def.kind !== 'Ingress') return;
  const spec = (obj.spec ?? {}) as { ingressClassName?: string | null };
  if (spec.ingressClassName || obj.metadata?.annotations?.[LEGACY_CLASS_ANNOTATION] !== undefined) return;
  const name = defaultIngressClass(cache.list(INGRESS_CLASS_PREFIX).map((e) => e.object()));
  if (name) obj.spec = { ...spec, ingressClassName: name };
}
