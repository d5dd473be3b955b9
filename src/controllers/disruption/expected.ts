// How many pods a PDB expects and how many must stay healthy (upstream
// getExpectedPodCount / getExpectedScale): an integer minAvailable counts the
// selected pods; a percentage or maxUnavailable scales from the replicas of
// the controllers owning those pods (Deployment, ReplicaSet, StatefulSet,
// ReplicationController).
import type { KubeObject } from '../../apiserver/types.js';
import type { Informer } from '../../client/types.js';
import { controllerOf, type OwnerReference } from '../controller-ref.js';
import type { Pod } from '../replicaset/pods.js';
import { scaledValue } from '../intstr.js';
import type { Pdb } from './types.js';

type Scalable = KubeObject & { spec?: { replicas?: number } };

export interface OwnerInformers {
  replicaSets: Informer<Scalable>;
  deployments: Informer<Scalable>;
  statefulSets: Informer<Scalable>;
  replicationControllers: Informer<Scalable>;
}

export class NoControllerError extends Error {
  constructor(pod: string) {
    super(`found no controllers for pod "${pod}"`);
    this.name = 'NoControllerError';
  }
}

interface Found {
  uid: string;
  scale: number;
}

const groupOf = (ref: OwnerReference): string => (ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0]! : '');
const replicas = (o: Scalable): number => o.spec?.replicas ?? 1;

function lookup(inf: Informer<Scalable>, ns: string, ref: { name: string; uid: string }): Scalable | undefined {
  const o = inf.get(`${ns}/${ref.name}`);
  return o?.metadata?.uid === ref.uid ? o : undefined;
}

/** The controller whose scale governs a pod, as upstream's finders try them in turn. */
export function findScale(inf: OwnerInformers, ref: OwnerReference, ns: string): Found | undefined {
  const g = groupOf(ref);
  const apps = g === 'apps' || g === 'extensions';
  if (ref.kind === 'ReplicaSet' && apps) {
    const rs = lookup(inf.replicaSets, ns, ref);
    if (!rs) return undefined;
    const rsRef = controllerOf(rs);
    if (rsRef?.kind !== 'Deployment') return { uid: ref.uid, scale: replicas(rs) };
    const d = lookup(inf.deployments, ns, rsRef);
    return d ? { uid: rsRef.uid, scale: replicas(d) } : undefined;
  }
  if (ref.kind === 'ReplicationController' && g === '') {
    const rc = lookup(inf.replicationControllers, ns, ref);
    return rc ? { uid: ref.uid, scale: replicas(rc) } : undefined;
  }
  if (ref.kind === 'StatefulSet' && g === 'apps') {
    const ss = lookup(inf.statefulSets, ns, ref);
    return ss ? { uid: ref.uid, scale: replicas(ss) } : undefined;
  }
  return undefined;
}

/** Sum of the scales of the controllers of `pods`; pods without a controller are reported as unmanaged. */
export function expectedScale(inf: OwnerInformers, pods: Pod[]): { expected: number; unmanaged: string[] } {
  const scales = new Map<string, number>();
  const unmanaged: string[] = [];
  for (const p of pods) {
    const ref = controllerOf(p);
    if (!ref) {
      unmanaged.push(String(p.metadata?.name));
      continue;
    }
    if (scales.has(ref.uid)) continue;
    const found = findScale(inf, ref, p.metadata?.namespace ?? '');
    if (!found) throw new NoControllerError(String(p.metadata?.name));
    scales.set(found.uid, found.scale);
  }
  let expected = 0;
  for (const s of scales.values()) expected += s;
  return { expected, unmanaged };
}

export interface Expected {
  expectedCount: number;
  desiredHealthy: number;
  unmanaged: string[];
}

export function expectedPodCount(inf: OwnerInformers, pdb: Pdb, pods: Pod[]): Expected {
  const spec = pdb.spec ?? {};
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const { expected, unmanaged } = expectedScale(inf, pods);
    const maxUnavailable = scaledValue(spec.maxUnavailable, expected, true);
    return { expectedCount: expected, desiredHealthy: Math.max(0, expected - maxUnavailable), unmanaged };
  }
  if (typeof spec.minAvailable === 'number') return { expectedCount: pods.length, desiredHealthy: spec.minAvailable, unmanaged: [] };
  if (typeof spec.minAvailable === 'string') {
    const { expected, unmanaged } = expectedScale(inf, pods);
    return { expectedCount: expected, desiredHealthy: scaledValue(spec.minAvailable, expected, true), unmanaged };
  }
  return { expectedCount: 0, desiredHealthy: 0, unmanaged: [] };
}
