// The slices of networking.k8s.io/v1 Ingress and IngressClass, core/v1
// Service and Secret and discovery.k8s.io/v1 EndpointSlice the ingress
// controller reads, and the collections it watches.
import type { KubeObject } from '../apiserver/types.js';
import type { GVR } from '../client/types.js';

export const INGRESSES: GVR = { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses' };
export const INGRESSCLASSES: GVR = { group: 'networking.k8s.io', version: 'v1', resource: 'ingressclasses' };
export { ENDPOINTSLICES, SECRETS, SERVICE_NAME_LABEL, SERVICES } from '../client/gvr.js';

/** The controller name in IngressClass.spec.controller. */
export const CONTROLLER_NAME = 'skiff.dev/ingress';
export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
export const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

export interface ServiceBackendPort {
  name?: string;
  number?: number;
}

export interface IngressBackend {
  service?: { name: string; port?: ServiceBackendPort };
  resource?: { apiGroup?: string; kind: string; name: string };
}

export interface HTTPIngressPath {
  path?: string;
  pathType?: 'Exact' | 'Prefix' | 'ImplementationSpecific';
  backend: IngressBackend;
}

export interface IngressRule {
  host?: string;
  http?: { paths?: HTTPIngressPath[] };
}

export interface IngressTLS {
  hosts?: string[];
  secretName?: string;
}

export interface LoadBalancerIngress {
  ip?: string;
  hostname?: string;
}

export interface Ingress extends KubeObject {
  spec?: {
    ingressClassName?: string;
    defaultBackend?: IngressBackend;
    rules?: IngressRule[];
    tls?: IngressTLS[];
  };
  status?: { loadBalancer?: { ingress?: LoadBalancerIngress[] } };
}

export interface IngressClass extends KubeObject {
  spec?: { controller?: string; parameters?: unknown };
}

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
}

export interface Service extends KubeObject {
  spec?: { type?: string; ports?: ServicePort[]; externalName?: string; clusterIP?: string };
}

export interface EndpointSlice extends KubeObject {
  addressType?: string;
  endpoints?: Array<{ addresses: string[]; conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean } }>;
  ports?: Array<{ name?: string; port?: number; protocol?: string }>;
}

export interface Secret extends KubeObject {
  type?: string;
  data?: Record<string, string>;
}
