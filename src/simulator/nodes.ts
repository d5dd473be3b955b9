// Simulated nodes (in the spirit of KWOK): Node objects with generous
// capacity and a Ready condition, kept alive by Lease renewals, so that the
// control plane can be exercised and measured without running containers.
import { NODES } from '../client/gvr.js';
import { isNotFound } from '../client/errors.js';
import type { ResourceClient } from '../client/types.js';
import { renewLease } from '../agent/node.js';
import { KUBELET_VERSION } from '../agent/types.js';
import { timestamp } from '../apiserver/registry/meta.js';

export const SIMULATED_LABEL = 'node.skiff.dev/simulated';

export interface SimNodeSpec {
  name: string;
  podCidr: string;
  cpu?: string;
  memory?: string;
  pods?: string;
}

const iso = (d = new Date()): string => timestamp(d);

export function simulatedNode(s: SimNodeSpec): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: s.name,
      labels: {
        'kubernetes.io/hostname': s.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': 'amd64',
        type: 'kwok',
        [SIMULATED_LABEL]: 'true',
      },
      annotations: { 'node.skiff.dev/simulated': 'pods are marked Running without containers' },
    },
    spec: { podCIDR: s.podCidr, podCIDRs: [s.podCidr] },
  };
}

export function simulatedNodeStatus(s: SimNodeSpec, addressIp: string): Record<string, unknown> {
  const now = iso();
  const capacity = { cpu: s.cpu ?? '32', memory: s.memory ?? '256Gi', pods: s.pods ?? '110', 'ephemeral-storage': '1Ti' };
  const cond = (type: string, status: string, reason: string, message: string) => ({ type, status, reason, message, lastHeartbeatTime: now, lastTransitionTime: now });
  return {
    capacity,
    allocatable: { ...capacity },
    addresses: [
      { type: 'InternalIP', address: addressIp },
      { type: 'Hostname', address: s.name },
    ],
    conditions: [
      cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
      cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status (simulated)'),
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 0 } },
    nodeInfo: {
      machineID: s.name,
      systemUUID: s.name,
      bootID: s.name,
      kernelVersion: 'simulated',
      osImage: 'Skiff simulated node',
      containerRuntimeVersion: 'simulated://0',
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: KUBELET_VERSION,
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}

/** Creates (or takes over) the Node and writes its status; returns its uid. */
export async function registerSimulatedNode(client: ResourceClient, s: SimNodeSpec, addressIp: string): Promise<string> {
  let node;
  try {
    node = await client.get(NODES, '', s.name);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    node = await client.create(NODES, '', simulatedNode(s) as never);
  }
  await client.patch(NODES, '', s.name, 'merge', { status: simulatedNodeStatus(s, addressIp) }, { subresource: 'status' });
  await renewLease(client, s.name, node.metadata?.uid);
  return String(node.metadata?.uid);
}
