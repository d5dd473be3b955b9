// The resource collections Skiff's own components use most.
import type { GVR } from './types.js';

export const PODS: GVR = { group: '', version: 'v1', resource: 'pods' };
export const NODES: GVR = { group: '', version: 'v1', resource: 'nodes' };
export const NAMESPACES: GVR = { group: '', version: 'v1', resource: 'namespaces' };
export const EVENTS: GVR = { group: '', version: 'v1', resource: 'events' };
export const CONFIGMAPS: GVR = { group: '', version: 'v1', resource: 'configmaps' };
export const SERVICES: GVR = { group: '', version: 'v1', resource: 'services' };
export const SECRETS: GVR = { group: '', version: 'v1', resource: 'secrets' };
export const ENDPOINTSLICES: GVR = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };

/** The label tying an EndpointSlice to its Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export function gvrKey(gvr: GVR): string {
  return `${gvr.group}/${gvr.version}/${gvr.resource}`;
}
