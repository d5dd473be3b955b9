// The slices of core/v1 Service and discovery.k8s.io/v1 EndpointSlice the
// service proxy reads, its GVRs, and the proxy's own errors.
import type { KubeObject } from '../apiserver/types.js';

export { ENDPOINTSLICES as ENDPOINTSLICES_GVR, SERVICE_NAME_LABEL, SERVICES as SERVICES_GVR } from '../client/gvr.js';

export interface ProxyServicePort {
  name?: string;
  protocol?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
}

export interface ProxyService extends KubeObject {
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    ports?: ProxyServicePort[];
    externalIPs?: string[];
    sessionAffinity?: string;
    sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
    internalTrafficPolicy?: string;
    externalTrafficPolicy?: string;
    loadBalancerClass?: string;
  };
  status?: { loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string }> } };
}

export interface SliceEndpoint {
  addresses?: string[];
  conditions?: { ready?: boolean | null; serving?: boolean | null; terminating?: boolean | null };
  nodeName?: string;
}

export interface ProxyEndpointSlice extends KubeObject {
  addressType?: string;
  endpoints?: SliceEndpoint[] | null;
  ports?: Array<{ name?: string | null; port?: number | null; protocol?: string | null }> | null;
}

export class ProxyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A transaction the kernel refused (the caller falls back to a full rewrite). */
export class ProxySyncError extends ProxyError {}
