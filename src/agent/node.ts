// Node registration and heartbeats (kubelet_node_status.go, nodelease):
// create or update this Node with capacity, addresses, nodeInfo, conditions
// and podCIDRs; renew the Lease in kube-node-lease every 10 s; refresh the
// status periodically.
import { ApiError, type ResourceClient } from '../client/types.js';
import { microTimestamp } from '../apiserver/registry/meta.js';
import type { HostFacts } from './node-info.js';
import { KUBELET_VERSION, LEASES, NODES, type Node } from './types.js';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const LEASE_DURATION_SECONDS = 40;
export const MAX_PODS = 110;

export interface NodeOptions {
  nodeName: string;
  facts: HostFacts;
  podCIDRs: string[];
  /** `<runtimeName>://<runtimeVersion>`. */
  containerRuntimeVersion: string;
  labels?: Record<string, string>;
}

const iso = (d = new Date()): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const microTime = (d = new Date()): string => microTimestamp(d);

export function nodeStatus(o: NodeOptions, previous?: Node['status']): NonNullable<Node['status']> {
  const f = o.facts;
  const capacity = {
    cpu: String(f.cpus),
    memory: `${Math.floor(f.memoryBytes / 1024)}Ki`,
    pods: String(MAX_PODS),
    'ephemeral-storage': `${Math.floor(f.storageBytes / 1024)}Ki`,
  };
  const now = iso();
  const cond = (type: string, status: string, reason: string, message: string) => {
    const prev = previous?.conditions?.find((c) => c.type === type);
    return {
      type,
      status,
      reason,
      message,
      lastHeartbeatTime: now,
      lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : now,
    };
  };
  return {
    capacity,
    allocatable: { ...capacity },
    addresses: [...f.internalIPs.map((address) => ({ type: 'InternalIP', address })), { type: 'Hostname', address: f.hostname }],
    conditions: [
      cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
      cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
    ],
    daemonEndpoints: previous?.daemonEndpoints ?? { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: f.machineID,
      systemUUID: f.machineID,
      bootID: f.bootID,
      kernelVersion: f.kernelVersion,
      osImage: f.osImage,
      containerRuntimeVersion: o.containerRuntimeVersion,
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: KUBELET_VERSION,
      operatingSystem: f.operatingSystem,
      architecture: f.architecture,
    },
  };
}

function nodeLabels(o: NodeOptions): Record<string, string> {
  return {
    'kubernetes.io/hostname': o.nodeName,
    'kubernetes.io/os': o.facts.operatingSystem,
    'kubernetes.io/arch': o.facts.architecture,
    'beta.kubernetes.io/os': o.facts.operatingSystem,
    'beta.kubernetes.io/arch': o.facts.architecture,
    ...(o.labels ?? {}),
  };
}

/** Creates the Node, or updates the existing one's labels, podCIDRs and status. */
export async function registerNode(client: ResourceClient, o: NodeOptions): Promise<Node> {
  let node: Node;
  try {
    node = await client.get<Node>(NODES, '', o.nodeName);
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 404)) throw e;
    node = await client.create<Node>(NODES, '', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: o.nodeName, labels: nodeLabels(o) },
      spec: o.podCIDRs.length ? { podCIDR: o.podCIDRs[0], podCIDRs: o.podCIDRs } : {},
    });
  }
  const spec = node.spec ?? {};
  if (o.podCIDRs.length && !spec.podCIDR) {
    node = await client.patch<Node>(NODES, '', o.nodeName, 'merge', {
      metadata: { labels: nodeLabels(o) },
      spec: { podCIDR: o.podCIDRs[0], podCIDRs: o.podCIDRs },
    });
  }
  return updateNodeStatus(client, o, node);
}

export async function updateNodeStatus(client: ResourceClient, o: NodeOptions, node?: Node): Promise<Node> {
  const current = node ?? (await client.get<Node>(NODES, '', o.nodeName));
  return client.patch<Node>(NODES, '', o.nodeName, 'merge', { status: nodeStatus(o, current.status) }, { subresource: 'status' });
}

/** Creates or renews the node's Lease. */
export async function renewLease(client: ResourceClient, nodeName: string, nodeUid?: string): Promise<void> {
  const spec = { holderIdentity: nodeName, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: microTime() };
  try {
    await client.patch(LEASES, NODE_LEASE_NAMESPACE, nodeName, 'merge', { spec });
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 404)) throw e;
    await client.create(LEASES, NODE_LEASE_NAMESPACE, {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: nodeName,
        namespace: NODE_LEASE_NAMESPACE,
        ...(nodeUid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid }] } : {}),
      },
      spec,
    });
  }
}
