// persistentVolumeClaim volumes (kubelet's PVC → PV resolution in the desired
// state populator, then the hostPath/local volume plugins): the claim must be
// Bound to a volume whose claimRef points back; its hostPath or local path is
// what containers mount. A read-only claim volume is bind-mounted read-only
// under the pod's directory, so every container mount of it is read-only.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import type * as k8s from 'kubernetes-types/core/v1.js';
import { ApiError, type ResourceClient } from '../../client/types.js';
import { PVCS, PVS, type PV, type PVC } from '../../controllers/storage/constants.js';
import { VolumeSetupError } from '../errors.js';
import { setUpHostPath, type HostPathType } from './host-path.js';
import { isMountPoint } from './mounts.js';

const run = promisify(execFile);

/** Where the agent reads claims and volumes from. */
export interface ClaimSource {
  getClaim(namespace: string, name: string): Promise<PVC | undefined>;
  getVolume(name: string): Promise<PV | undefined>;
}

export class ApiClaimSource implements ClaimSource {
  constructor(private readonly client: ResourceClient) {}

  getClaim(namespace: string, name: string): Promise<PVC | undefined> {
    return orUndefined(() => this.client.get<PVC>(PVCS, namespace, name));
  }

  getVolume(name: string): Promise<PV | undefined> {
    return orUndefined(() => this.client.get<PV>(PVS, '', name));
  }
}

async function orUndefined<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) return undefined;
    throw e;
  }
}

/** The host path behind a claim; throws VolumeSetupError (FailedMount) while it is not usable yet. */
export async function resolveClaimPath(claims: ClaimSource | undefined, namespace: string, src: k8s.PersistentVolumeClaimVolumeSource): Promise<string> {
  const key = `${namespace}/${src.claimName}`;
  const fail = (why: string): never => {
    throw new VolumeSetupError(`error processing PVC ${key}: ${why}`);
  };
  if (!claims) return fail('this node has no access to PersistentVolumeClaims');
  const pvc = await claims.getClaim(namespace, src.claimName);
  if (!pvc) return fail(`failed to fetch PVC from API server: persistentvolumeclaims "${src.claimName}" not found`);
  if (pvc.metadata?.deletionTimestamp) return fail('PVC is being deleted');
  const volumeName = pvc.spec?.volumeName;
  if (!volumeName || pvc.status?.phase !== 'Bound') return fail('PVC is not bound');
  const pv = await claims.getVolume(volumeName);
  if (!pv) return fail(`failed to fetch PV ${volumeName} from API server: persistentvolumes "${volumeName}" not found`);
  if (pv.spec?.claimRef?.uid !== pvc.metadata?.uid) return fail(`the PV ${volumeName} is not bound to this claim`);
  if (pv.spec?.hostPath) return setUpHostPath(pv.spec.hostPath.path, (pv.spec.hostPath.type ?? '') as HostPathType);
  if (pv.spec?.local) {
    const p = pv.spec.local.path;
    if (!existsSync(p)) return fail(`path "${p}" does not exist`);
    return p;
  }
  const kind = Object.keys(pv.spec ?? {}).find((k) => !['capacity', 'accessModes', 'claimRef', 'persistentVolumeReclaimPolicy', 'storageClassName', 'volumeMode', 'nodeAffinity', 'mountOptions'].includes(k));
  return fail(`volume type ${kind ?? 'unknown'} of PV ${volumeName} is not supported by this node`);
}

/**
 * The path containers mount for the claim. Read-only claims get a read-only
 * bind mount at `dir` (needs mounts; without them the path is returned as is).
 */
export async function setUpClaim(
  claims: ClaimSource | undefined,
  namespace: string,
  src: k8s.PersistentVolumeClaimVolumeSource,
  dir: string,
  allowMounts: boolean,
): Promise<string> {
  const path = await resolveClaimPath(claims, namespace, src);
  if (!src.readOnly || !allowMounts) return path;
  if (!isMountPoint(dir)) {
    mkdirSync(dir, { recursive: true });
    if (!statSync(path).isDirectory()) throw new VolumeSetupError(`read-only claim ${namespace}/${src.claimName}: ${path} is not a directory`);
    await run('mount', ['--bind', path, dir]);
    await run('mount', ['-o', 'remount,bind,ro', dir]);
  }
  return dir;
}
