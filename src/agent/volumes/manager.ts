// Sets up a pod's volumes under `<data>/pods/<uid>/volumes/...` and tears them
// down when the pod goes (kubelet's volume manager, for the volume types that
// need no attach/mount controller). File-projecting volumes are rewritten on
// every pod sync, so ConfigMap/Secret updates reach mounted volumes.
import { chmodSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { tryParseQuantity } from '../../apiserver/validation/quantity.js';
import { VolumeSetupError } from '../errors.js';
import { podDir, volumeDir } from '../paths.js';
import type { V1Volume } from '../types.js';
import { type FileProjection, writeAtomic } from './atomic-writer.js';
import { setUpHostPath, type HostPathType } from './host-path.js';
import { isMountPoint, mountTmpfs, unmountUnder } from './mounts.js';
import { type ClaimSource, setUpClaim } from './pvc.js';
import { setVolumeOwnership, withFsGroupMode } from './ownership.js';
import { configMapPayload, DEFAULT_MODE, downwardAPIPayload, projectedPayload, secretPayload, type ProjectionContext } from './projection.js';

export interface VolumeSetupResult {
  /** Volume name → host path. */
  paths: Map<string, string>;
  /** Volumes that failed, with upstream's FailedMount message. */
  errors: Array<{ volume: string; message: string }>;
}

export class VolumeManager {
  constructor(
    private readonly dataDir: string,
    /** Mount tmpfs for medium Memory (needs root); off in unit tests that cannot mount. */
    private readonly allowMounts = true,
    /** Where persistentVolumeClaim volumes are resolved (without it they fail to mount). */
    private readonly claims?: ClaimSource,
  ) {}

  async setUp(ctx: ProjectionContext): Promise<VolumeSetupResult> {
    const paths = new Map<string, string>();
    const errors: VolumeSetupResult['errors'] = [];
    for (const v of ctx.pod.spec?.volumes ?? []) {
      try {
        paths.set(v.name, await this.setUpOne(ctx, v));
      } catch (e) {
        if (!(e instanceof VolumeSetupError)) throw e;
        errors.push({ volume: v.name, message: `MountVolume.SetUp failed for volume "${v.name}" : ${e.message}` });
      }
    }
    return { paths, errors };
  }

  /** Volumes (pod uid/volume name) whose fsGroup ownership was applied at mount time. */
  private readonly owned = new Set<string>();

  private async setUpOne(ctx: ProjectionContext, v: V1Volume): Promise<string> {
    const uid = ctx.pod.metadata?.uid ?? '';
    const dir = (plugin: string): string => volumeDir(this.dataDir, uid, plugin, v.name);
    const psc = ctx.pod.spec?.securityContext;
    const fsGroup = psc?.fsGroup;
    /** Ownership for volumes that are mounted once: applied the first time this pod sets them up. */
    const ownOnce = (path: string, readOnly: boolean): string => {
      const key = `${uid}/${v.name}`;
      if (fsGroup !== undefined && !this.owned.has(key)) {
        setVolumeOwnership(path, { fsGroup, readOnly, changePolicy: psc?.fsGroupChangePolicy });
        this.owned.add(key);
      }
      return path;
    };
    /** Projected files: group-readable modes in the payload (so unchanged payloads compare equal), then ownership. */
    const project = (d: string, payload: Map<string, FileProjection>): string => {
      if (fsGroup !== undefined) for (const f of payload.values()) f.mode = withFsGroupMode(f.mode, true);
      if (writeAtomic(d, payload) && fsGroup !== undefined) setVolumeOwnership(d, { fsGroup, readOnly: true });
      return d;
    };
    if (v.emptyDir) {
      const d = dir('empty-dir');
      if (!existsSync(d)) {
        mkdirSync(d, { recursive: true });
        chmodSync(d, 0o777);
      }
      if (v.emptyDir.medium === 'Memory' && this.allowMounts && !isMountPoint(d)) {
        const size = tryParseQuantity(v.emptyDir.sizeLimit);
        await mountTmpfs(d, size && size > 0 ? Math.round(size) : undefined);
      }
      return ownOnce(d, false);
    }
    if (v.hostPath) return setUpHostPath(v.hostPath.path, (v.hostPath.type ?? '') as HostPathType);
    if (v.configMap) return project(dir('configmap'), await configMapPayload(ctx, v.configMap, v.configMap.defaultMode ?? DEFAULT_MODE));
    if (v.secret) {
      const s = v.secret;
      return project(dir('secret'), await secretPayload(ctx, s.secretName ?? '', s.items, s.optional ?? false, s.defaultMode ?? DEFAULT_MODE));
    }
    if (v.downwardAPI) return project(dir('downward-api'), downwardAPIPayload(ctx, v.downwardAPI.items, v.downwardAPI.defaultMode ?? DEFAULT_MODE));
    if (v.persistentVolumeClaim) {
      const path = await setUpClaim(this.claims, ctx.pod.metadata?.namespace ?? '', v.persistentVolumeClaim, dir('pvc'), this.allowMounts);
      return v.persistentVolumeClaim.readOnly ? path : ownOnce(path, false);
    }
    if (v.projected) return project(dir('projected'), await projectedPayload(ctx, v.projected));
    const kind = Object.keys(v).find((k) => k !== 'name') ?? 'unknown';
    throw new VolumeSetupError(`volume type ${kind} is not supported by this node`);
  }

  /** Unmounts and removes everything under the pod's directory. */
  async tearDown(uid: string): Promise<void> {
    for (const key of this.owned) if (key.startsWith(`${uid}/`)) this.owned.delete(key);
    const dir = podDir(this.dataDir, uid);
    if (!existsSync(dir)) return;
    if (this.allowMounts) await unmountUnder(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}
