// NetworkPolicy enforcement with nftables (networking.k8s.io/v1 semantics)
// for the pods of one node. One inet table: a filter chain on hook forward
// (after the service proxy's DNAT in prerouting, so real pod IPs are seen;
// with br_netfilter it also sees pod↔pod traffic bridged on the node) that
// accepts conntrack established/related, then sends new connections from a
// policed pod through its egress chain and to a policed pod through its
// ingress chain (verdict maps pod IP → chain; chains are content-addressed and
// shared by pods with equal rules; peers are named IP sets per selector).
// Not policed, by design: host ↔ local pod traffic (kubelet probes, the
// node's ingress gateway, the node-local cluster DNS address) — it uses the
// input/output hooks, never forward; IPv6 (pods here are IPv4-only).
export { NetworkPolicyController, NetworkPolicyError, cleanupNetworkPolicy, type NetworkPolicyOptions, type NetworkPolicyStats } from './controller.js';
export { compilePolicies, policyTypes, type CompileInput } from './compile.js';
export { NETWORK_POLICIES } from './types.js';
