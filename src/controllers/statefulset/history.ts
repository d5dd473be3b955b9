// ControllerRevisions for StatefulSets (upstream pkg/controller/history and
// the set's revision helpers): a revision stores the pod template as a
// `$patch: replace` patch, is named `<set>-<hash>` where the hash is FNV-32a
// over the patch's canonical JSON and the collision count, and carries the
// `controller-revision-hash` label. Name collisions with different data bump
// the collision count.
import { isAlreadyExists, isConflict, isNotFound } from '../../client/errors.js';
import type { ResourceClient } from '../../client/types.js';
import { controllerOf, newControllerRef } from '../controller-ref.js';
import { canonicalJson as canonical, computeHash } from '../hash.js';
import { CONTROLLER_REVISIONS, type ControllerRevision, REVISION_LABEL, SET_API_VERSION, SET_KIND, type StatefulSet } from './types.js';

export { fnv32a, safeEncode } from '../hash.js';

/** JSON with object keys sorted, as Go's encoding/json writes maps. */
export function canonicalJson(v: unknown): string {
  return canonical(v) ?? 'null';
}

/** HashControllerRevision: FNV-32a of the data, then the collision count as 4 little-endian bytes. */
export function hashRevision(data: unknown, collisionCount?: number): string {
  return computeHash(data, collisionCount);
}

export function revisionName(prefix: string, hash: string): string {
  return `${prefix.slice(0, 223)}-${hash}`;
}

/** The revision data of a set: its pod template, to be applied as a replacing patch. */
export function setPatch(set: StatefulSet): { spec: { template: Record<string, unknown> } } {
  return { spec: { template: { ...structuredClone(set.spec.template as Record<string, unknown>), $patch: 'replace' } } };
}

export function newRevision(set: StatefulSet, revision: number, collisionCount: number): ControllerRevision {
  const data = setPatch(set);
  const hash = hashRevision(data, collisionCount);
  const metadata: ControllerRevision['metadata'] = {
    name: revisionName(set.metadata.name!, hash),
    namespace: set.metadata.namespace,
    labels: { ...(set.spec.template.metadata?.labels ?? {}), [REVISION_LABEL]: hash },
    ownerReferences: [newControllerRef(set, SET_API_VERSION, SET_KIND)],
  };
  if (set.metadata.annotations && Object.keys(set.metadata.annotations).length) metadata.annotations = { ...set.metadata.annotations };
  return { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata, data, revision };
}

/** The set with the revision's template (upstream ApplyRevision). */
export function applyRevision(set: StatefulSet, rev: ControllerRevision): StatefulSet {
  const out = structuredClone(set);
  const tpl = (rev.data as { spec?: { template?: Record<string, unknown> } } | undefined)?.spec?.template;
  if (tpl) {
    const { $patch: _ignored, ...template } = structuredClone(tpl);
    out.spec.template = template;
  }
  return out;
}

export function equalRevision(a: ControllerRevision | undefined, b: ControllerRevision | undefined): boolean {
  if (!a || !b) return a === b;
  return canonicalJson(a.data) === canonicalJson(b.data);
}

export function findEqualRevisions(revisions: ControllerRevision[], needle: ControllerRevision): ControllerRevision[] {
  return revisions.filter((r) => equalRevision(r, needle));
}

/** Oldest first: by revision number, then creation time, then name. */
export function sortRevisions(revisions: ControllerRevision[]): ControllerRevision[] {
  return revisions.sort(
    (a, b) =>
      a.revision - b.revision ||
      String(a.metadata.creationTimestamp ?? '').localeCompare(String(b.metadata.creationTimestamp ?? '')) ||
      String(a.metadata.name).localeCompare(String(b.metadata.name)),
  );
}

export function nextRevision(sorted: ControllerRevision[]): number {
  return sorted.length ? sorted[sorted.length - 1]!.revision + 1 : 1;
}

/** Revisions in the set's namespace that match its selector and are owned by it or by no one. */
export function revisionsOf(set: StatefulSet, all: ControllerRevision[], matches: (labels: Record<string, string> | undefined) => boolean): ControllerRevision[] {
  return all.filter((r) => {
    if (r.metadata.namespace !== set.metadata.namespace || !matches(r.metadata.labels)) return false;
    const ref = controllerOf(r);
    return !ref || ref.uid === set.metadata.uid;
  });
}

/** Writes revisions through the API (upstream realHistory). */
export class RevisionHistory {
  constructor(private readonly client: ResourceClient) {}

  /**
   * Creates `rev`, re-hashing with a bumped collision count while a different
   * revision holds the name; an identical existing one is returned as is.
   */
  async create(set: StatefulSet, rev: ControllerRevision, collision: { count: number }): Promise<ControllerRevision> {
    const ns = String(set.metadata.namespace);
    for (;;) {
      const hash = hashRevision(rev.data, collision.count);
      const clone = structuredClone(rev);
      clone.metadata.name = revisionName(set.metadata.name!, hash);
      clone.metadata.labels = { ...(clone.metadata.labels ?? {}), [REVISION_LABEL]: hash };
      try {
        return await this.client.create<ControllerRevision>(CONTROLLER_REVISIONS, ns, clone);
      } catch (e) {
        if (!isAlreadyExists(e)) throw e;
        const existing = await this.client.get<ControllerRevision>(CONTROLLER_REVISIONS, ns, clone.metadata.name);
        if (equalRevision(existing, clone)) return existing;
        collision.count++;
      }
    }
  }

  /** Gives an existing revision a new revision number (a rollback to it). */
  async renumber(rev: ControllerRevision, revision: number): Promise<ControllerRevision> {
    let cur = structuredClone(rev);
    for (let attempt = 0; ; attempt++) {
      if (cur.revision === revision) return cur;
      cur.revision = revision;
      try {
        return await this.client.update<ControllerRevision>(CONTROLLER_REVISIONS, String(cur.metadata.namespace), cur);
      } catch (e) {
        if (!isConflict(e) || attempt >= 4) throw e;
        cur = await this.client.get<ControllerRevision>(CONTROLLER_REVISIONS, String(cur.metadata.namespace), String(cur.metadata.name));
      }
    }
  }

  async delete(rev: ControllerRevision): Promise<void> {
    try {
      await this.client.delete(CONTROLLER_REVISIONS, String(rev.metadata.namespace), String(rev.metadata.name));
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}
