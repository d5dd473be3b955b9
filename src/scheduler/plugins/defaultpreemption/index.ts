// DefaultPreemption (PostFilter): when no node fits, looks for a node where
// evicting lower-priority pods would make room, evicts the fewest it can
// (highest priority reprieved first), and nominates that node. The message
// for nodes where that cannot help follows upstream's wording.
import { PODS } from '../../../client/gvr.js';
import type { FilterRunner, Handle, PostFilterPlugin } from '../../framework/interfaces.js';
import { Snapshot } from '../../framework/node-info.js';
import { fitErrorMessage } from '../../framework/fit-error.js';
import { Code, isSuccess, Status } from '../../framework/status.js';
import { type Pod, podKey } from '../../framework/types.js';

export const NAME = 'DefaultPreemption';
export const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_VICTIMS = 'No preemption victims found for incoming pod';

const priorityOf = (p: Pod): number => p.spec?.priority ?? 0;

interface Candidate {
  node: string;
  victims: Pod[];
}

export function newDefaultPreemption(_args: Record<string, unknown>, handle: Handle & { filters?: FilterRunner }): PostFilterPlugin {
  return {
    name: NAME,
    async postFilter(_state, pod, statuses) {
      if (pod.spec?.preemptionPolicy === 'Never') return { status: Status.unschedulable('preemption: not eligible due to preemptionPolicy=Never.') };
      const snap = handle.snapshot();
      // Victims of an earlier preemption are still terminating: wait for them rather than evict more.
      const nominated = pod.status?.nominatedNodeName;
      const onNominated = nominated ? snap.get(nominated) : undefined;
      if (onNominated?.pods.some((p) => p.metadata?.deletionTimestamp && priorityOf(p) < priorityOf(pod))) {
        return { status: Status.unschedulable('preemption: not eligible due to a terminating pod on the nominated node.') };
      }
      const runner = handle.filters;
      const results = new Map<string, Status>();
      const candidates: Candidate[] = [];
      for (const ni of snap.nodeInfos) {
        const st = statuses.get(ni.name);
        if (!runner || !st || st.code === Code.UnschedulableAndUnresolvable) {
          results.set(ni.name, Status.unresolvable(NOT_HELPFUL));
          continue;
        }
        const lower = ni.pods.filter((p) => priorityOf(p) < priorityOf(pod)).sort((a, b) => priorityOf(b) - priorityOf(a));
        const without = (gone: Pod[]): Snapshot => {
          const keys = new Set(gone.map(podKey));
          return new Snapshot(snap.nodeInfos.map((n) => n.node), snap.allPods().map((x) => x.pod).filter((p) => !keys.has(podKey(p))));
        };
        if (!lower.length || !isSuccess(runner.fitsOn(pod, without(lower), ni.name))) {
          results.set(ni.name, Status.unschedulable(NO_VICTIMS));
          continue;
        }
        // Reprieve: give back as many victims as possible, highest priority first.
        let victims = [...lower];
        for (const p of lower) {
          const trial = victims.filter((v) => v !== p);
          if (isSuccess(runner.fitsOn(pod, without(trial), ni.name))) victims = trial;
        }
        candidates.push({ node: ni.name, victims });
      }
      if (!candidates.length) {
        return { status: Status.unschedulable(`preemption: ${fitErrorMessage(snap.numNodes, results)}`), nominatedNodeName: '' };
      }
      // Fewest, then lowest-priority victims.
      candidates.sort((a, b) => Math.max(...a.victims.map(priorityOf)) - Math.max(...b.victims.map(priorityOf)) || a.victims.length - b.victims.length);
      const best = candidates[0];
      for (const v of best.victims) {
        try {
          await handle.client.delete(PODS, v.metadata?.namespace ?? '', v.metadata?.name ?? '', { preconditions: { uid: v.metadata?.uid } });
        } catch (e) {
          return { status: Status.error(e) };
        }
      }
      return { status: Status.success(), nominatedNodeName: best.node };
    },
  };
}
