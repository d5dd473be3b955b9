// Test fixtures: pods, namespaces and policies built tersely (used by this
// folder's tests only).
import type { Namespace, NetworkPolicy, Pod } from './types.js';

export interface PodSpecLite {
  ns: string;
  name: string;
  node: string;
  ip?: string;
  labels?: Record<string, string>;
  ports?: { name: string; port: number; protocol?: string }[];
  hostNetwork?: boolean;
  phase?: string;
}

export function pod(p: PodSpecLite): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { namespace: p.ns, name: p.name, labels: p.labels ?? {} },
    spec: {
      nodeName: p.node,
      hostNetwork: p.hostNetwork,
      containers: [{ name: 'c', image: 'busybox', ports: (p.ports ?? []).map((x) => ({ name: x.name, containerPort: x.port, protocol: x.protocol ?? 'TCP' })) }],
    },
    status: { phase: p.phase ?? 'Running', ...(p.ip ? { podIP: p.ip, podIPs: [{ ip: p.ip }] } : {}) },
  } as Pod;
}

export function namespace(name: string, labels: Record<string, string> = {}): Namespace {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { ...labels, 'kubernetes.io/metadata.name': name } } } as Namespace;
}

export function policy(ns: string, name: string, spec: NetworkPolicy['spec']): NetworkPolicy {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { namespace: ns, name }, spec } as NetworkPolicy;
}
