// Which Ingresses this controller serves: those whose spec.ingressClassName
// (or, failing that, the legacy kubernetes.io/ingress.class annotation) names
// an IngressClass whose spec.controller is ours, and those naming no class
// when one of our classes is marked the default. Also the default class
// object `skiff` created on start.
import type { Ingress, IngressClass } from './types.js';
import { CONTROLLER_NAME, DEFAULT_CLASS_ANNOTATION, LEGACY_CLASS_ANNOTATION } from './types.js';

export interface ClassSelection {
  names: Set<string>;
  isDefault: boolean;
}

/**
 * Our class names: `className` itself plus every IngressClass whose
 * controller is ours. `className` counts as the default while its object is
 * not (yet) in the cache, as the controller creates it so.
 */
export function selectClasses(classes: IngressClass[], className: string): ClassSelection {
  const names = new Set([className]);
  let isDefault = !classes.some((c) => c.metadata?.name === className);
  for (const c of classes) {
    const name = c.metadata?.name ?? '';
    const ours = name === className || c.spec?.controller === CONTROLLER_NAME;
    if (!ours) continue;
    names.add(name);
    if (c.metadata?.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true') isDefault = true;
  }
  return { names, isDefault };
}

export function serves(ing: Ingress, sel: ClassSelection): boolean {
  if (ing.metadata?.deletionTimestamp) return false;
  const named = ing.spec?.ingressClassName || ing.metadata?.annotations?.[LEGACY_CLASS_ANNOTATION];
  return named ? sel.names.has(named) : sel.isDefault;
}

export function defaultIngressClass(name: string): IngressClass {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: { name, annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } },
    spec: { controller: CONTROLLER_NAME },
  };
}
