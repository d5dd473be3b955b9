// Which ControllerRevisions are the set's current and update revisions
// (upstream getStatefulSetRevisions), and pruning history beyond
// revisionHistoryLimit while keeping every revision still in use.
import { podRevision } from './identity.js';
import { findEqualRevisions, equalRevision, newRevision, nextRevision, type RevisionHistory } from './history.js';
import type { ControllerRevision, Pod, StatefulSet } from './types.js';

export interface SetRevisions {
  current: ControllerRevision;
  update: ControllerRevision;
  collisionCount: number;
}

/** `sorted` must be sorted oldest first; may create or renumber a revision. */
export async function resolveRevisions(history: RevisionHistory, set: StatefulSet, sorted: ControllerRevision[]): Promise<SetRevisions> {
  const collision = { count: set.status?.collisionCount ?? 0 };
  let update = newRevision(set, nextRevision(sorted), collision.count);
  const equal = findEqualRevisions(sorted, update);
  const latest = sorted[sorted.length - 1];
  if (equal.length && equalRevision(latest, equal[equal.length - 1])) {
    // The latest revision already is the set's template: nothing to do.
    update = latest!;
  } else if (equal.length) {
    // Back to an older template: that revision becomes the newest.
    update = await history.renumber(equal[equal.length - 1]!, update.revision);
  } else {
    update = await history.create(set, update, collision);
  }
  const current = sorted.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
  return { current, update, collisionCount: collision.count };
}

/** Deletes the oldest revisions not used by a pod or as current/update, beyond the history limit. */
export async function truncateHistory(history: RevisionHistory, set: StatefulSet, pods: Pod[], sorted: ControllerRevision[], current?: ControllerRevision, update?: ControllerRevision): Promise<void> {
  const live = new Set<string>();
  if (current) live.add(String(current.metadata.name));
  if (update) live.add(String(update.metadata.name));
  for (const p of pods) live.add(podRevision(p));
  const old = sorted.filter((r) => !live.has(String(r.metadata.name)));
  const limit = set.spec.revisionHistoryLimit ?? 10;
  if (old.length <= limit) return;
  for (const r of old.slice(0, old.length - limit)) await history.delete(r);
}
