// Creating, updating and deleting a set's pods and their claims (upstream
// stateful_pod_control.go), with its events on the set:
//   SuccessfulCreate "create Pod web-0 in StatefulSet web successful"
//   SuccessfulCreate "create Claim data-web-0 Pod web-0 in StatefulSet web success"
//   SuccessfulDelete / SuccessfulUpdate, and Failed* with the error.
import type { Recorder } from '../../agent/events.js';
import { isAlreadyExists, isConflict, isNotFound } from '../../client/errors.js';
import { PODS } from '../../client/gvr.js';
import type { ResourceClient } from '../../client/types.js';
import { ownerObjectRef } from '../pod-control.js';
import { claimsFor, identityMatches, ordinalOf, storageMatches, updateIdentity, updateStorage } from './identity.js';
import { claimHasStalePodRef, claimOwnerUpToDate, claimRefsForPolicy, hasUnexpectedController, retentionPolicy } from './retention.js';
import { type Claim, type Pod, PVCS, SET_API_VERSION, SET_KIND, type StatefulSet } from './types.js';

export class ClaimTerminatingError extends Error {
  constructor(name: string) {
    super(`pvc ${name} is being deleted`);
    this.name = 'ClaimTerminatingError';
  }
}

export class ClaimCreateError extends Error {
  constructor(messages: string[]) {
    super(messages.join('; '));
    this.name = 'ClaimCreateError';
  }
}

const title = (verb: string): string => verb[0]!.toUpperCase() + verb.slice(1);

export class StatefulPodControl {
  constructor(
    private readonly client: ResourceClient,
    private readonly recorder: Recorder,
    /** The claim as the informer cache has it, if any. */
    private readonly getClaim: (namespace: string, name: string) => Claim | undefined,
  ) {}

  async createPod(set: StatefulSet, pod: Pod): Promise<void> {
    try {
      await this.createClaims(set, pod);
    } catch (e) {
      this.podEvent('create', set, pod, e as Error);
      throw e;
    }
    let created: Pod;
    try {
      created = await this.client.create<Pod>(PODS, String(set.metadata.namespace), pod);
    } catch (e) {
      if (!isAlreadyExists(e)) this.podEvent('create', set, pod, e as Error);
      throw e;
    }
    // Set the claims' owner refs as far as possible now that the pod has a UID.
    try {
      await this.updateClaimsForRetention(set, created);
    } catch (e) {
      this.podEvent('update', set, pod, e as Error);
      throw e;
    }
    this.podEvent('create', set, pod);
  }

  /** Brings a pod's identity, storage and claim refs in line with the set (upstream UpdateStatefulPod). */
  async updatePod(set: StatefulSet, original: Pod): Promise<void> {
    let pod = structuredClone(original);
    let attempted = false;
    let err: Error | undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        let consistent = true;
        if (!identityMatches(set, pod)) {
          updateIdentity(set, pod);
          consistent = false;
        }
        if (!storageMatches(set, pod)) {
          updateStorage(set, pod);
          consistent = false;
          await this.createClaims(set, pod);
        }
        if (!this.claimsMatchRetention(set, pod)) {
          await this.updateClaimsForRetention(set, pod);
        }
        if (consistent) return;
        attempted = true;
        await this.client.update(PODS, String(set.metadata.namespace), pod);
        err = undefined;
        break;
      } catch (e) {
        err = e as Error;
        if (!isConflict(e) || attempt >= 4) break;
        pod = await this.client.get<Pod>(PODS, String(set.metadata.namespace), String(pod.metadata.name));
      }
    }
    if (attempted || err) this.podEvent('update', set, pod, err);
    if (err) throw err;
  }

  async deletePod(set: StatefulSet, pod: Pod): Promise<void> {
    let err: Error | undefined;
    try {
      await this.client.delete(PODS, String(set.metadata.namespace), String(pod.metadata.name));
    } catch (e) {
      err = e as Error;
    }
    this.podEvent('delete', set, pod, err);
    if (err) throw err;
  }

  /** Creates the pod's missing claims; a claim being deleted is an error (retry later). */
  async createClaims(set: StatefulSet, pod: Pod): Promise<void> {
    const errs: string[] = [];
    for (const claim of claimsFor(set, ordinalOf(pod)).values()) {
      const name = String(claim.metadata.name);
      let existing = this.getClaim(String(claim.metadata.namespace), name);
      if (!existing) {
        try {
          await this.client.create(PVCS, String(claim.metadata.namespace), claim);
          this.claimEvent(set, pod, name);
          continue;
        } catch (e) {
          if (!isAlreadyExists(e)) {
            this.claimEvent(set, pod, name, e as Error);
            errs.push(`failed to create PVC ${name}: ${(e as Error).message}`);
            continue;
          }
          existing = await this.client.get<Claim>(PVCS, String(claim.metadata.namespace), name);
        }
      }
      if (existing.metadata.deletionTimestamp) errs.push(new ClaimTerminatingError(name).message);
    }
    if (errs.length) throw new ClaimCreateError(errs);
  }

  /** createMissingPersistentVolumeClaims: for pending pods whose claims went missing. */
  async createMissingClaims(set: StatefulSet, pod: Pod): Promise<void> {
    await this.createClaims(set, pod);
    try {
      await this.updateClaimsForRetention(set, pod);
    } catch (e) {
      this.podEvent('update', set, pod, e as Error);
      throw e;
    }
  }

  claimsMatchRetention(set: StatefulSet, pod: Pod): boolean {
    for (const claim of claimsFor(set, ordinalOf(pod)).values()) {
      const c = this.getClaim(String(claim.metadata.namespace), String(claim.metadata.name));
      if (c && !claimOwnerUpToDate(c, set, pod)) return false;
    }
    return true;
  }

  async updateClaimsForRetention(set: StatefulSet, pod: Pod): Promise<void> {
    for (const claim of claimsFor(set, ordinalOf(pod)).values()) {
      const name = String(claim.metadata.name);
      const c = this.getClaim(String(claim.metadata.namespace), name);
      if (!c) continue;
      if (hasUnexpectedController(c, set, pod)) {
        this.recorder.event(this.ref(set), 'Warning', 'ConflictingController', `PersistentVolumeClaim ${name} has a conflicting OwnerReference that acts as a managing controller, the retention policy is ignored for this claim`);
      }
      if (claimOwnerUpToDate(c, set, pod)) continue;
      const next = structuredClone(c);
      const refs = claimRefsForPolicy(c, set, pod);
      if (refs.length) next.metadata.ownerReferences = refs;
      else delete next.metadata.ownerReferences;
      try {
        await this.client.update(PVCS, String(c.metadata.namespace), next);
      } catch (e) {
        if (isNotFound(e)) continue;
        throw new Error(`could not update claim ${name} for delete policy ownerRefs: ${(e as Error).message}`);
      }
    }
  }

  /** With whenScaled=Delete, a claim still owned by an earlier pod of the same name blocks creation. */
  podClaimIsStale(set: StatefulSet, pod: Pod): boolean {
    if (retentionPolicy(set).whenScaled === 'Retain') return false;
    for (const claim of claimsFor(set, ordinalOf(pod)).values()) {
      const c = this.getClaim(String(claim.metadata.namespace), String(claim.metadata.name));
      if (c && claimHasStalePodRef(c, pod)) return true;
    }
    return false;
  }

  private ref(set: StatefulSet) {
    return ownerObjectRef(set, SET_KIND, SET_API_VERSION);
  }

  private podEvent(verb: string, set: StatefulSet, pod: Pod, err?: Error): void {
    const [pn, sn] = [pod.metadata.name, set.metadata.name];
    if (!err) this.recorder.event(this.ref(set), 'Normal', `Successful${title(verb)}`, `${verb} Pod ${pn} in StatefulSet ${sn} successful`);
    else this.recorder.event(this.ref(set), 'Warning', `Failed${title(verb)}`, `${verb} Pod ${pn} in StatefulSet ${sn} failed error: ${err.message}`);
  }

  private claimEvent(set: StatefulSet, pod: Pod, claim: string, err?: Error): void {
    const [pn, sn] = [pod.metadata.name, set.metadata.name];
    if (!err) this.recorder.event(this.ref(set), 'Normal', 'SuccessfulCreate', `create Claim ${claim} Pod ${pn} in StatefulSet ${sn} success`);
    else this.recorder.event(this.ref(set), 'Warning', 'FailedCreate', `create Claim ${claim} for Pod ${pn} in StatefulSet ${sn} failed error: ${err.message}`);
  }
}
