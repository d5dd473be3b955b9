// Container resources → Linux cgroup settings (kuberuntime's
// generateLinuxContainerResources): cpu shares from the request, CFS quota
// from the limit over a 100 ms period, the memory limit, and the OOM score
// adjustment by QoS class.
import { podQOSClass } from '../apiserver/kinds/core/resources.js';
import { tryParseQuantity } from '../apiserver/validation/quantity.js';
import type { LinuxContainerResources } from '../cri/types.js';
import type { Pod, V1Container } from './types.js';

export const CPU_PERIOD = 100_000;
const MIN_SHARES = 2;
const MAX_SHARES = 262_144;
const MIN_QUOTA = 1_000;

export function milliCPUToShares(milli: number): number {
  if (milli === 0) return MIN_SHARES;
  const shares = Math.floor((milli * 1024) / 1000);
  return Math.min(MAX_SHARES, Math.max(MIN_SHARES, shares));
}

export function milliCPUToQuota(milli: number, period = CPU_PERIOD): number {
  if (milli === 0) return 0;
  return Math.max(MIN_QUOTA, Math.floor((milli * period) / 1000));
}

function milli(q: unknown): number {
  const v = tryParseQuantity(q);
  return v === undefined ? 0 : Math.round(v * 1000);
}

export function qosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  return pod.status?.qosClass as 'Guaranteed' | 'Burstable' | 'BestEffort' | undefined ?? podQOSClass((pod.spec ?? {}) as Record<string, unknown>);
}

/** kubelet's GetContainerOOMScoreAdjust. */
export function oomScoreAdj(pod: Pod, container: V1Container, memoryCapacity: number): number {
  const qos = qosClass(pod);
  if (qos === 'Guaranteed') return -997;
  if (qos === 'BestEffort') return 1000;
  const req = tryParseQuantity(container.resources?.requests?.memory) ?? 0;
  if (memoryCapacity <= 0) return 999;
  const adj = 1000 - Math.floor((1000 * req) / memoryCapacity);
  return Math.min(999, Math.max(2, adj));
}

export function containerResources(pod: Pod, container: V1Container, memoryCapacity: number): LinuxContainerResources {
  const req = container.resources?.requests ?? {};
  const lim = container.resources?.limits ?? {};
  const cpuReq = req.cpu !== undefined ? milli(req.cpu) : milli(lim.cpu);
  const out: LinuxContainerResources = {
    cpuShares: milliCPUToShares(cpuReq),
    oomScoreAdj: oomScoreAdj(pod, container, memoryCapacity),
  };
  if (lim.cpu !== undefined) {
    out.cpuPeriod = CPU_PERIOD;
    out.cpuQuota = milliCPUToQuota(milli(lim.cpu));
  }
  const mem = tryParseQuantity(lim.memory);
  if (mem !== undefined && mem > 0) out.memoryLimitInBytes = Math.round(mem);
  return out;
}
