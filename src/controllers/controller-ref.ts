// Owner references as controllers use them (upstream's controller_ref_manager):
// the controller reference of an object, building one, and claiming objects —
// adopting orphans that match a selector and releasing owned objects that no
// longer match — through resourceVersion-guarded merge patches.
import type { KubeObject, OwnerReference } from '../apiserver/types.js';
import type { GVR, ResourceClient } from '../client/types.js';
import { isConflict, isNotFound } from '../client/errors.js';

export type { OwnerReference };

export function ownerReferences(obj: KubeObject): OwnerReference[] {
  return ((obj.metadata as { ownerReferences?: OwnerReference[] } | undefined)?.ownerReferences ?? []) as OwnerReference[];
}

export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return ownerReferences(obj).find((r) => r.controller === true);
}

export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  const ref = controllerOf(obj);
  return !!ref && ref.uid === owner.metadata?.uid;
}

export function newControllerRef(owner: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: String(owner.metadata?.name), uid: String(owner.metadata?.uid), controller: true, blockOwnerDeletion: true };
}

export function isBeingDeleted(obj: KubeObject | undefined): boolean {
  return !!obj?.metadata?.deletionTimestamp;
}

export interface ClaimOptions<T extends KubeObject> {
  client: ResourceClient;
  gvr: GVR;
  owner: KubeObject;
  ownerApiVersion: string;
  ownerKind: string;
  /** Whether a candidate matches the owner's selector. */
  matches(obj: T): boolean;
  /** Re-reads the owner before adopting (upstream's canAdopt): false stops adoption. */
  canAdopt?(): Promise<boolean>;
}

/**
 * Returns the objects the owner controls after adopting matching orphans and
 * releasing owned objects that stopped matching. Objects owned by another
 * controller are ignored; objects that vanished meanwhile are skipped.
 */
export async function claimObjects<T extends KubeObject>(candidates: T[], o: ClaimOptions<T>): Promise<T[]> {
  const claimed: T[] = [];
  const ownerUid = o.owner.metadata?.uid;
  let adoptable: boolean | undefined;
  for (const obj of candidates) {
    const ref = controllerOf(obj);
    if (ref) {
      if (ref.uid !== ownerUid) continue;
      if (o.matches(obj)) {
        claimed.push(obj);
        continue;
      }
      // Owned but no longer matching: release, unless the owner is going away.
      if (isBeingDeleted(o.owner)) continue;
      await patchOwners(o.client, o.gvr, obj, ownerReferences(obj).filter((r) => r.uid !== ownerUid));
      continue;
    }
    if (!o.matches(obj) || isBeingDeleted(o.owner) || isBeingDeleted(obj)) continue;
    adoptable ??= o.canAdopt ? await o.canAdopt() : true;
    if (!adoptable) continue;
    const refs = [...ownerReferences(obj), newControllerRef(o.owner, o.ownerApiVersion, o.ownerKind)];
    const adopted = await patchOwners(o.client, o.gvr, obj, refs);
    if (adopted) claimed.push(adopted as T);
  }
  return claimed;
}

async function patchOwners(client: ResourceClient, gvr: GVR, obj: KubeObject, refs: OwnerReference[]): Promise<KubeObject | undefined> {
  const ns = obj.metadata?.namespace ?? '';
  const patch = { metadata: { resourceVersion: obj.metadata?.resourceVersion, uid: obj.metadata?.uid, ownerReferences: refs.length ? refs : null } };
  try {
    return await client.patch(gvr, ns, String(obj.metadata?.name), 'merge', patch);
  } catch (e) {
    // Gone, or changed since we looked: the next sync sees the fresh object.
    if (isNotFound(e) || isConflict(e)) return undefined;
    throw e;
  }
}
