// Shared by the resource scorers: a node's allocatable and what it would have
// requested with the incoming pod (non-zero defaults for cpu and memory).
import type { NodeInfo } from '../../framework/node-info.js';
import { podRequests, type Resource } from '../../framework/resources.js';
import type { Pod } from '../../framework/types.js';

export interface ResourceSpec {
  name: string;
  weight: number;
}

export const DEFAULT_RESOURCES: ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

function pick(r: Resource, name: string): number {
  if (name === 'cpu') return r.milliCPU;
  if (name === 'memory') return r.memory;
  if (name === 'ephemeral-storage') return r.ephemeralStorage;
  return r.scalar[name] ?? 0;
}

export function allocatableAndRequested(ni: NodeInfo, pod: Pod, name: string): { allocatable: number; requested: number } {
  const podReq = podRequests(pod, { nonZero: true });
  return { allocatable: pick(ni.allocatable, name), requested: pick(ni.nonZeroRequested, name) + pick(podReq, name) };
}
