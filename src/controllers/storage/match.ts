// Finding a PersistentVolume for a claim (upstream's FindMatchingVolume): the
// smallest available volume of the claim's class whose capacity, access
// modes, volume mode, labels (the claim's selector) and node affinity fit; a
// volume pre-bound to the claim wins outright.
import { labelSelectorAsSelector } from '../../apiserver/kinds/apps/selector.js';
import type { Node } from '../../scheduler/framework/types.js';
import { matchAnyTerm } from '../../scheduler/plugins/helpers/node-selector.js';
import type { PV, PVC } from './constants.js';
import { accessModesSatisfied, capacityBytes, isVolumeBoundToClaim, requestedBytes, volumeClass, volumeModeOf } from './helpers.js';

export interface MatchOptions {
  /** The claim's (effective) class. */
  className: string;
  /** WaitForFirstConsumer: only pre-bound volumes match unless a node is given. */
  delayBinding: boolean;
  /** The node the claim's consumer runs on: volumes must be reachable from it. */
  node?: Node;
}

/** A PV with required node affinity is usable only on nodes its terms match. */
export function volumeFitsNode(pv: PV, node: Node): boolean {
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  if (!terms) return true;
  return matchAnyTerm(terms, node);
}

/** Why a specific (user-named) volume cannot serve the claim, or undefined when it can. */
export function volumeMismatch(pvc: PVC, pv: PV, className: string): string | undefined {
  if (capacityBytes(pv) < requestedBytes(pvc)) return 'requested PV is too small';
  if (volumeClass(pv) !== className) return 'storageClassName does not match';
  if (volumeModeOf(pv) !== volumeModeOf(pvc)) return 'incompatible volumeMode';
  if (!accessModesSatisfied(pvc, pv)) return 'incompatible accessMode';
  return undefined;
}

export function findBestMatch(pvc: PVC, volumes: PV[], o: MatchOptions): PV | undefined {
  const want = requestedBytes(pvc);
  const selector = pvc.spec?.selector ? labelSelectorAsSelector(pvc.spec.selector) : undefined;
  if (pvc.spec?.selector && !selector) return undefined;
  let best: PV | undefined;
  for (const pv of volumes) {
    if (pv.metadata?.deletionTimestamp) continue;
    const size = capacityBytes(pv);
    if (size < want) continue;
    if (volumeModeOf(pv) !== volumeModeOf(pvc)) continue;
    const fitsNode = !o.node || volumeFitsNode(pv, o.node);
    if (isVolumeBoundToClaim(pv, pvc)) return fitsNode ? pv : undefined;
    if (o.delayBinding && !o.node) continue;
    if (pv.status?.phase !== 'Available' || pv.spec?.claimRef) continue;
    if (selector && !selector.matches(pv.metadata?.labels)) continue;
    if (volumeClass(pv) !== o.className) continue;
    if (!fitsNode) continue;
    if (!accessModesSatisfied(pvc, pv)) continue;
    if (!best || size < capacityBytes(best)) best = pv;
  }
  return best;
}
