// Event handlers of the DaemonSet controller (upstream addPod/updatePod/
// deletePod, addNode/updateNode, history handlers): they only work out which
// DaemonSets to enqueue, and count pod creations and deletions seen.
import { labelSelectorAsSelector } from '../../apiserver/kinds/apps/selector.js';
import type { Informer } from '../../client/types.js';
import { controllerOf } from '../controller-ref.js';
import type { DsExpectations } from './expectations.js';
import { nodeShouldRunDaemonPod } from './predicates.js';
import { type ControllerRevision, type DaemonSet, dsKey, KIND, type Node, type Pod } from './types.js';

export interface HandlerDeps {
  daemonSets: Informer<DaemonSet>;
  expectations: DsExpectations;
  enqueue(key: string): void;
}

type Owned = Pod | ControllerRevision;

/** The DaemonSet an object's controller reference names, if it is in the cache with that uid. */
function owner(d: HandlerDeps, obj: Owned): DaemonSet | undefined {
  const ref = controllerOf(obj);
  if (!ref || ref.kind !== KIND) return undefined;
  const ds = d.daemonSets.get(`${obj.metadata?.namespace}/${ref.name}`);
  return ds?.metadata?.uid === ref.uid ? ds : undefined;
}

/** DaemonSets whose selector matches an orphan (they may adopt it). */
function matching(d: HandlerDeps, obj: Owned): DaemonSet[] {
  return d.daemonSets.list().filter((ds) => {
    if (ds.metadata?.namespace !== obj.metadata?.namespace) return false;
    const sel = labelSelectorAsSelector(ds.spec?.selector);
    return !!sel && !sel.empty && sel.matches(obj.metadata?.labels);
  });
}

function enqueueOwnerOrMatching(d: HandlerDeps, obj: Owned): void {
  if (controllerOf(obj)) {
    const ds = owner(d, obj);
    if (ds) d.enqueue(dsKey(ds));
    return;
  }
  for (const ds of matching(d, obj)) d.enqueue(dsKey(ds));
}

export function podHandlers(d: HandlerDeps) {
  const deleted = (pod: Pod): void => {
    const ds = owner(d, pod);
    if (!ds) return;
    d.expectations.deletionObserved(dsKey(ds));
    d.enqueue(dsKey(ds));
  };
  return {
    add(pod: Pod): void {
      if (pod.metadata?.deletionTimestamp) return deleted(pod);
      const ds = owner(d, pod);
      if (ds) {
        d.expectations.creationObserved(dsKey(ds));
        d.enqueue(dsKey(ds));
      } else if (!controllerOf(pod)) enqueueOwnerOrMatching(d, pod);
    },
    update(old: Pod, cur: Pod): void {
      if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
      if (cur.metadata?.deletionTimestamp && !old.metadata?.deletionTimestamp) {
        // A graceful delete: count it now, as upstream does, so the pod is replaced without waiting.
        deleted(cur);
        return;
      }
      const oldRef = controllerOf(old);
      const curRef = controllerOf(cur);
      if (oldRef && oldRef.uid !== curRef?.uid) enqueueOwnerOrMatching(d, old);
      enqueueOwnerOrMatching(d, cur);
    },
    delete(pod: Pod): void {
      deleted(pod);
    },
  };
}

export function revisionHandlers(d: HandlerDeps) {
  const on = (cr: ControllerRevision): void => enqueueOwnerOrMatching(d, cr);
  return { add: on, update: (_o: ControllerRevision, c: ControllerRevision) => on(c), delete: on };
}

const schedulingKey = (n: Node): string => JSON.stringify([n.metadata?.labels ?? {}, n.spec?.taints ?? []]);

export function nodeHandlers(d: HandlerDeps) {
  return {
    add(node: Node): void {
      for (const ds of d.daemonSets.list()) if (nodeShouldRunDaemonPod(node, ds).shouldRun) d.enqueue(dsKey(ds));
    },
    update(old: Node, cur: Node): void {
      if (schedulingKey(old) === schedulingKey(cur)) return;
      for (const ds of d.daemonSets.list()) {
        const a = nodeShouldRunDaemonPod(old, ds);
        const b = nodeShouldRunDaemonPod(cur, ds);
        if (a.shouldRun !== b.shouldRun || a.shouldContinueRunning !== b.shouldContinueRunning) d.enqueue(dsKey(ds));
      }
    },
    delete(): void {
      for (const ds of d.daemonSets.list()) d.enqueue(dsKey(ds));
    },
  };
}
