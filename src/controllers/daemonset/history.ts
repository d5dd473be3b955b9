// DaemonSet history (upstream daemon/update.go constructHistory,
// cleanupHistory): one ControllerRevision per distinct pod template, named
// `<ds>-<hash>` and labelled controller-revision-hash=<hash>; its data is
// the strategic-merge patch that restores the template. The current template's
// revision always has the highest number; old ones beyond
// revisionHistoryLimit go once no pod uses them.
import { isAlreadyExists } from '../../client/errors.js';
import type { ResourceClient } from '../../client/types.js';
import { newControllerRef } from '../controller-ref.js';
import { canonicalJson, computeHash } from './hash.js';
import { API_VERSION, CONTROLLER_REVISIONS, type ControllerRevision, DAEMONSETS, type DaemonSet, HASH_LABEL, KIND, type Pod } from './types.js';
import { PODS } from '../../client/gvr.js';

export class HashCollisionError extends Error {
  constructor(ds: DaemonSet, name: string) {
    super(`ControllerRevision ${name} of DaemonSet ${ds.metadata?.namespace}/${ds.metadata?.name} holds another template; collisionCount bumped, retrying`);
    this.name = 'HashCollisionError';
  }
}

export class StaleCollisionCountError extends Error {
  constructor(ds: DaemonSet) {
    super(`stale collisionCount for DaemonSet ${ds.metadata?.namespace}/${ds.metadata?.name}; retrying once the cache catches up`);
    this.name = 'StaleCollisionCountError';
  }
}

/** getPatch: `{"spec":{"template":{…,"$patch":"replace"}}}`. */
export function historyData(ds: DaemonSet): Record<string, unknown> {
  return { spec: { template: { ...(ds.spec?.template ?? {}), $patch: 'replace' } } };
}

/** Match: the revision stores exactly the DaemonSet's current template. */
export function revisionMatches(ds: DaemonSet, cr: ControllerRevision): boolean {
  return canonicalJson(cr.data ?? null) === canonicalJson(historyData(ds));
}

export function currentHash(ds: DaemonSet): string {
  return computeHash(ds.spec?.template, ds.status?.collisionCount);
}

const revisionOf = (cr: ControllerRevision): number => Number(cr.revision ?? 0);
export const maxRevision = (crs: ControllerRevision[]): number => crs.reduce((m, c) => Math.max(m, revisionOf(c)), 0);

/** Sorts the DaemonSet's claimed revisions into the current one (created or renumbered if needed) and the old ones. */
export async function constructHistory(client: ResourceClient, ds: DaemonSet, claimed: ControllerRevision[], pods: Pod[]): Promise<{ cur: ControllerRevision; old: ControllerRevision[] }> {
  const ns = String(ds.metadata?.namespace);
  const current: ControllerRevision[] = [];
  const old: ControllerRevision[] = [];
  for (let cr of claimed) {
    if (!cr.metadata?.labels?.[HASH_LABEL]) {
      cr = await client.update<ControllerRevision>(CONTROLLER_REVISIONS, ns, { ...cr, metadata: { ...cr.metadata, labels: { ...(cr.metadata?.labels ?? {}), [HASH_LABEL]: String(cr.metadata?.name) } } });
    }
    (revisionMatches(ds, cr) ? current : old).push(cr);
  }
  const next = maxRevision(old) + 1;
  if (current.length === 0) return { cur: await snapshot(client, ds, next), old };
  let cur = current.reduce((keep, c) => (revisionOf(c) >= revisionOf(keep) ? c : keep));
  if (current.length > 1) {
    // dedupCurHistories: relabel pods onto the survivor, then drop the duplicates.
    const keepHash = cur.metadata?.labels?.[HASH_LABEL];
    for (const p of pods) {
      if (keepHash && p.metadata?.labels?.[HASH_LABEL] !== keepHash) {
        await client.patch(PODS, ns, String(p.metadata?.name), 'merge', { metadata: { labels: { [HASH_LABEL]: keepHash } } });
      }
    }
    for (const c of current) if (c !== cur) await client.delete(CONTROLLER_REVISIONS, ns, String(c.metadata?.name));
  }
  if (revisionOf(cur) < next) cur = await client.update<ControllerRevision>(CONTROLLER_REVISIONS, ns, { ...cur, revision: next });
  return { cur, old };
}

async function snapshot(client: ResourceClient, ds: DaemonSet, revision: number): Promise<ControllerRevision> {
  const ns = String(ds.metadata?.namespace);
  const hash = currentHash(ds);
  const name = `${ds.metadata?.name}-${hash}`;
  const cr: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace: ns,
      labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [HASH_LABEL]: hash },
      ...(ds.metadata?.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
      ownerReferences: [newControllerRef(ds, API_VERSION, KIND)],
    },
    data: historyData(ds),
    revision,
  };
  try {
    return await client.create<ControllerRevision>(CONTROLLER_REVISIONS, ns, cr);
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
    const existing = await client.get<ControllerRevision>(CONTROLLER_REVISIONS, ns, name);
    if (revisionMatches(ds, existing)) return existing;
    const fresh = await client.get<DaemonSet>(DAEMONSETS, ns, String(ds.metadata?.name));
    if ((fresh.status?.collisionCount ?? null) !== (ds.status?.collisionCount ?? null)) throw new StaleCollisionCountError(ds);
    const status = { ...(fresh.status ?? {}), collisionCount: (fresh.status?.collisionCount ?? 0) + 1 } as DaemonSet['status'];
    await client.update(DAEMONSETS, ns, { ...fresh, status }, { subresource: 'status' });
    throw new HashCollisionError(ds, name);
  }
}

/** Deletes the oldest revisions beyond revisionHistoryLimit that no pod was made from. */
export async function cleanupHistory(client: ResourceClient, ds: DaemonSet, old: ControllerRevision[], pods: Pod[]): Promise<void> {
  let toKill = old.length - (ds.spec?.revisionHistoryLimit ?? 10);
  if (toKill <= 0) return;
  const live = new Set(pods.map((p) => p.metadata?.labels?.[HASH_LABEL]).filter(Boolean));
  for (const cr of [...old].sort((a, b) => revisionOf(a) - revisionOf(b))) {
    if (toKill <= 0) break;
    if (live.has(cr.metadata?.labels?.[HASH_LABEL])) continue;
    await client.delete(CONTROLLER_REVISIONS, String(ds.metadata?.namespace), String(cr.metadata?.name));
    toKill--;
  }
}
