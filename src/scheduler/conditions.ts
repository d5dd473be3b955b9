// The pod's PodScheduled condition (and nominatedNodeName), written through
// pods/status only when it actually changes.
import { PODS } from '../client/gvr.js';
import type { ResourceClient } from '../client/types.js';
import type { Pod } from './framework/types.js';

export interface PodScheduledCondition {
  status: 'True' | 'False';
  reason: string;
  message: string;
}

export async function setPodScheduledCondition(client: ResourceClient, pod: Pod, cond: PodScheduledCondition, nominatedNodeName?: string): Promise<boolean> {
  const old = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  const sameCond = old && old.status === cond.status && old.reason === cond.reason && old.message === cond.message;
  const sameNominated = nominatedNodeName === undefined || (pod.status?.nominatedNodeName ?? '') === nominatedNodeName;
  if (sameCond && sameNominated) return false;
  const now = new Date().toISOString();
  const status: Record<string, unknown> = {
    conditions: [
      {
        type: 'PodScheduled',
        status: cond.status,
        reason: cond.reason,
        message: cond.message,
        lastProbeTime: null,
        lastTransitionTime: old && old.status === cond.status ? old.lastTransitionTime ?? now : now,
      },
    ],
  };
  if (nominatedNodeName !== undefined && !sameNominated) status.nominatedNodeName = nominatedNodeName || null;
  await client.patch(PODS, pod.metadata?.namespace ?? 'default', pod.metadata?.name ?? '', 'strategic', { status }, { subresource: 'status' });
  return true;
}
