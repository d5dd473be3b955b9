// NodeResourcesFit: the pod's requests (cpu, memory, ephemeral-storage,
// extended resources, one pod slot) must fit in allocatable minus what the
// node's pods already request. Scores with the LeastAllocated strategy.
import type { FilterPlugin, PreFilterPlugin, ScorePlugin } from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { podRequests, type Resource } from '../../framework/resources.js';
import { Status } from '../../framework/status.js';
import { allocatableAndRequested, DEFAULT_RESOURCES, type ResourceSpec } from './scoring.js';

export const NAME = 'NodeResourcesFit';
const STATE_KEY = 'PreFilter' + NAME;

export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
}

/** Every resource the pod cannot get on `ni` (empty when it fits). */
export function fitsRequest(req: Resource, ni: NodeInfo, ignored: Set<string> = new Set()): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const alloc = ni.allocatable;
  const used = ni.requested;
  if (ni.pods.length + 1 > alloc.allowedPodNumber) {
    out.push({ resourceName: 'pods', reason: 'Too many pods', requested: 1, used: ni.pods.length, capacity: alloc.allowedPodNumber });
  }
  const check = (name: string, want: number, have: number, inUse: number): void => {
    if (want > 0 && want > have - inUse) out.push({ resourceName: name, reason: `Insufficient ${name}`, requested: want, used: inUse, capacity: have });
  };
  check('cpu', req.milliCPU, alloc.milliCPU, used.milliCPU);
  check('memory', req.memory, alloc.memory, used.memory);
  check('ephemeral-storage', req.ephemeralStorage, alloc.ephemeralStorage, used.ephemeralStorage);
  for (const [name, want] of Object.entries(req.scalar)) {
    if (ignored.has(name)) continue;
    check(name, want, alloc.scalar[name] ?? 0, used.scalar[name] ?? 0);
  }
  return out;
}

export function newNodeResourcesFit(args: Record<string, unknown>): PreFilterPlugin & FilterPlugin & ScorePlugin {
  const ignored = new Set((args.ignoredResources as string[] | undefined) ?? []);
  const resources = (args.resources as ResourceSpec[] | undefined) ?? DEFAULT_RESOURCES;
  return {
    name: NAME,
    preFilter(state, pod) {
      state.write(STATE_KEY, podRequests(pod));
      return undefined;
    },
    filter(state, pod, ni) {
      const req = state.read<Resource>(STATE_KEY) ?? podRequests(pod);
      const bad = fitsRequest(req, ni, ignored);
      return bad.length ? Status.unschedulable(...bad.map((b) => b.reason)) : undefined;
    },
    score(_state, pod, ni) {
      // LeastAllocated: the more room left, the higher the score.
      let total = 0;
      let weights = 0;
      for (const r of resources) {
        const { allocatable, requested } = allocatableAndRequested(ni, pod, r.name);
        weights += r.weight;
        if (allocatable === 0 || requested > allocatable) continue;
        total += Math.floor(((allocatable - requested) * 100) / allocatable) * r.weight;
      }
      return weights ? Math.floor(total / weights) : 0;
    },
  };
}
