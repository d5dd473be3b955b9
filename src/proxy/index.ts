// The service proxy (kube-proxy's job): programs nftables (or iptables) from
// Services and EndpointSlices.
export { ServiceProxy, type ServiceProxyOptions, type ProxyMetrics } from './service-proxy.js';
export { cleanupProxy } from './cleanup.js';
export { servicePlans, type PortPlan, type Endpoint } from './model.js';
export { ENDPOINTSLICES_GVR, ProxyError, ProxySyncError } from './types.js';
