// Cluster DNS (CoreDNS's job, built in): the server, the node-local address,
// and the pieces tests and benchmarks use.
export { ClusterDns } from './server.js';
export type { ClusterDnsOptions, ClusterDnsStats } from './options.js';
export { ensureDnsAddress, removeDnsAddress, DnsAddressError, type AddressTarget } from './address.js';
export { RecordIndex } from './record-index.js';
export { lookup } from './lookup.js';
export { upstreamsFromResolvConf } from './resolv.js';
export { UpstreamError, parseUpstream } from './upstream.js';
export { ENDPOINTSLICES, SERVICE_NAME_LABEL } from './types.js';
