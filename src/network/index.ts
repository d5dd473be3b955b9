// Pod networking through the CNI plugins: public surface.
export { CniNetwork, type CniNetworkOptions } from './cni-network.js';
export { CniNetworkPlugin, podNetworkOptions } from './plugin.js';
export { cleanupNetwork, findLeftovers, isClean, type Leftovers } from './cleanup.js';
export { networkNames, podNetworkConfList, loopbackConfList } from './config.js';
export {
  DEFAULT_CLUSTER_CIDR,
  DEFAULT_SERVICE_CIDR,
  allocateNodeSubnet,
  nodeSubnet,
  nthAddress,
  parseCidr,
  validateClusterCidrs,
} from './cidr.js';
export { createNetns, deleteNetns, listNetns, netnsName, netnsPath } from './netns.js';
export * from './errors.js';
export type { PodNetworkOptions, PodNetworkStatus } from './types.js';
