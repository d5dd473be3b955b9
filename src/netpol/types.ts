// Shapes of network-policy enforcement: the API objects read (pods,
// namespaces, networking.k8s.io/v1 NetworkPolicy), and the pure model the
// policy compiler produces and the nft renderer turns into a ruleset.
import type { KubeObject } from '../apiserver/types.js';
import type { GVR } from '../client/types.js';
import type * as core from 'kubernetes-types/core/v1.js';
import type * as net from 'kubernetes-types/networking/v1.js';

export type Pod = core.Pod & KubeObject;
export type Namespace = core.Namespace & KubeObject;
export type NetworkPolicy = net.NetworkPolicy & KubeObject;
export type PolicyPeer = net.NetworkPolicyPeer;
export type PolicyPort = net.NetworkPolicyPort;

export const NETWORK_POLICIES: GVR = { group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies' };

export type Proto = 'tcp' | 'udp' | 'sctp';

/** Destination ports of one protocol, `from`–`to` inclusive (0–65535: every port). */
export interface PortRange {
  proto: Proto;
  from: number;
  to: number;
}

/** Who a rule lets in (ingress: the source) or out to (egress: the destination). */
export type Peer =
  | { kind: 'any' }
  /** A named set of pod IPs (a pod/namespace selector pair). */
  | { kind: 'set'; set: string }
  /** IPv4 CIDR minus the excepted CIDRs. */
  | { kind: 'cidr'; cidr: string; except: string[] };

/**
 * One allow rule of a pod's chain: `peer` and (`ports` null: any protocol and
 * port) one of `ports`; or (egress named ports, resolved per destination pod)
 * the destination's `ip . proto . port` is in the named set `portSet`.
 */
export type AllowRule = { peer: Peer; ports: PortRange[] | null; policy: string } | { portSet: string; policy: string };

/** Enforcement for one local pod: undefined direction = not isolated in it (everything allowed). */
export interface PodRules {
  /** namespace/name */
  pod: string;
  ips: string[];
  ingress?: AllowRule[];
  egress?: AllowRule[];
}

/** Everything the ruleset needs, computed from the informers' caches. */
export interface PolicyState {
  /** Peer sets: name → IPv4 addresses of the pods the selector pair matches. */
  ipSets: Map<string, Set<string>>;
  /** Egress named-port sets: name → `ip . proto . port` elements. */
  portSets: Map<string, Set<string>>;
  /** Local pods subject to at least one policy, by namespace/name. */
  pods: Map<string, PodRules>;
}
