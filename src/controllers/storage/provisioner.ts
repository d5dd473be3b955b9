// The 'local-path-provisioner' controller: makes sure the default class
// exists, provisions a directory and a hostPath PV for each claim the binder
// hands to skiff.dev/local-path once it has a node, and deletes the directory
// and the PV when a Delete-policy volume is Released.
import { ApiError } from '../../client/types.js';
import { objectKey } from '../../client/types.js';
import type { Recorder } from '../../agent/events.js';
import type { Controller, ControllerContext } from '../types.js';
import { QueueWorkers } from '../worker.js';
import { effectiveClass } from './binder-claim.js';
import { LOCAL_PATH_PROVISIONER, PVCS, PVS, STORAGE_CLASSES, type PV, type PVC, type StorageClass } from './constants.js';
import { ensureDefaultClass } from './default-class.js';
import { LocalDirs, type VolumeDirs } from './dirs.js';
import { claimKey, volumeHostPath } from './helpers.js';
import { buildVolume, nodeFor, volumeDirFor, volumeNameFor, volumeNode, wantsDeletion, wantsProvisioning } from './provision.js';

export const PROVISIONER_NAME = 'local-path-provisioner';

const claimRefOf = (pvc: PVC) => ({ kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: pvc.metadata?.namespace, name: pvc.metadata?.name ?? '', uid: pvc.metadata?.uid });
const volumeRefOf = (pv: PV) => ({ kind: 'PersistentVolume', apiVersion: 'v1', name: pv.metadata?.name ?? '', uid: pv.metadata?.uid });

export function createProvisioner(ctx: ControllerContext, dirs?: VolumeDirs): Controller {
  const storageDir = ctx.options.storageDir ?? '/var/lib/skiff/storage';
  const local = dirs ?? new LocalDirs(storageDir);
  const claims = ctx.informers.informer<PVC>(PVCS);
  const volumes = ctx.informers.informer<PV>(PVS);
  const classes = ctx.informers.informer<StorageClass>(STORAGE_CLASSES);
  const recorder: Recorder = ctx.recorder(LOCAL_PATH_PROVISIONER);

  async function provision(pvc: PVC): Promise<void> {
    const className = effectiveClass({ classes }, pvc);
    const sc = classes.get(className);
    if (!wantsProvisioning(pvc, sc) || volumes.get(volumeNameFor(pvc))) return;
    const fail = (e: unknown): never => {
      recorder.event(claimRefOf(pvc), 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${className}": ${(e as Error).message}`);
      throw e;
    };
    let node: string | undefined;
    try {
      node = nodeFor(pvc, sc!);
    } catch (e) {
      return fail(e);
    }
    if (!node) return;
    recorder.event(claimRefOf(pvc), 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${claimKey(pvc)}"`);
    const path = volumeDirFor(storageDir, pvc);
    try {
      await local.create(node, path);
      await ctx.client.create(PVS, '', buildVolume(pvc, sc!, className, node, path));
    } catch (e) {
      if (e instanceof ApiError && e.code === 409) return;
      return fail(e);
    }
    recorder.event(claimRefOf(pvc), 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${volumeNameFor(pvc)}`);
  }

  async function reclaim(pv: PV): Promise<void> {
    if (!wantsDeletion(pv)) return;
    try {
      await local.remove(volumeNode(pv), volumeHostPath(pv)!);
      await ctx.client.delete(PVS, '', pv.metadata?.name ?? '', { preconditions: { uid: pv.metadata?.uid } });
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) return;
      recorder.event(volumeRefOf(pv), 'Warning', 'VolumeFailedDelete', (e as Error).message);
      throw e;
    }
  }

  const claimWorkers = new QueueWorkers(`${PROVISIONER_NAME} claims`, async (key) => {
    const pvc = claims.get(key);
    if (pvc) await provision(pvc);
  }, ctx.log);
  const volumeWorkers = new QueueWorkers(`${PROVISIONER_NAME} volumes`, async (key) => {
    const pv = volumes.get(key);
    if (pv) await reclaim(pv);
  }, ctx.log);
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const ensureClass = (delayMs = 500): void => {
    ensureDefaultClass(ctx.client).then(
      (created) => created && ctx.log(`${PROVISIONER_NAME}: created the default StorageClass`),
      (e: unknown) => {
        ctx.log(`${PROVISIONER_NAME}: ensuring the default StorageClass: ${(e as Error).message}`);
        if (!stopped) retry = setTimeout(() => ensureClass(Math.min(delayMs * 2, 30_000)), delayMs);
      },
    );
  };

  return {
    name: PROVISIONER_NAME,
    run() {
      claims.addEventHandler({ add: (c) => claimWorkers.queue.add(objectKey(c)), update: (_o, c) => claimWorkers.queue.add(objectKey(c)) });
      volumes.addEventHandler({ add: (v) => volumeWorkers.queue.add(objectKey(v)), update: (_o, v) => volumeWorkers.queue.add(objectKey(v)) });
      const workers = ctx.options.workers ?? 5;
      claimWorkers.start(workers);
      volumeWorkers.start(workers);
      ensureClass();
    },
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      await Promise.all([claimWorkers.stop(), volumeWorkers.stop()]);
    },
  };
}
