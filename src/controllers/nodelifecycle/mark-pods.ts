// MarkPodsNotReady (upstream controller_utils): once a node stops being
// Ready, the pods bound to it get Ready=False so Services stop sending them
// traffic, with a NodeNotReady event on each pod.
import type * as k8s from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../apiserver/types.js';
import type { Recorder } from '../../agent/events.js';
import { PODS } from '../../client/gvr.js';
import { isConflict, isNotFound } from '../../client/errors.js';
import type { ResourceClient } from '../../client/types.js';
import { timestamp } from '../../apiserver/registry/meta.js';

export type Pod = k8s.Pod & KubeObject;

const iso = (d = new Date()): string => timestamp(d);

/** The pod's status with its Ready condition False, or undefined when there is nothing to change. */
export function notReadyStatus(pod: Pod, now = new Date()): k8s.PodStatus | undefined {
  const conditions = pod.status?.conditions ?? [];
  const i = conditions.findIndex((c) => c.type === 'Ready');
  if (i < 0 || conditions[i]!.status === 'False') return undefined;
  const next = conditions.map((c) => ({ ...c }));
  next[i] = { ...next[i]!, status: 'False', lastTransitionTime: iso(now) };
  return { ...pod.status, conditions: next };
}

/** Marks every pod bound to `nodeName` not ready; returns the first error (others still tried). */
export async function markPodsNotReady(client: ResourceClient, recorder: Recorder, pods: Pod[], nodeName: string): Promise<Error | undefined> {
  let first: Error | undefined;
  for (const pod of pods) {
    if (pod.spec?.nodeName !== nodeName) continue;
    const status = notReadyStatus(pod);
    if (!status) continue;
    try {
      await client.update(PODS, String(pod.metadata?.namespace), { ...pod, status }, { subresource: 'status' });
      recorder.event(
        { kind: 'Pod', apiVersion: 'v1', namespace: pod.metadata?.namespace, name: String(pod.metadata?.name), uid: pod.metadata?.uid },
        'Warning',
        'NodeNotReady',
        'Node is not ready',
      );
    } catch (e) {
      // A pod that is gone needs nothing; a conflict is retried on the next pass.
      if (isNotFound(e)) continue;
      if (!first || !isConflict(e)) first = e as Error;
    }
  }
  return first;
}
