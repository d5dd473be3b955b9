// The 'persistentvolume-binder' controller (upstream's PersistentVolume
// controller): two queues, claims and volumes, fed by informer events and a
// periodic resync; the sync logic is in binder-claim.ts and binder-volume.ts.
import { NODES } from '../../client/gvr.js';
import { objectKey } from '../../client/types.js';
import type { Node } from '../../scheduler/framework/types.js';
import type { Controller, ControllerContext } from '../types.js';
import { QueueWorkers } from '../worker.js';
import { syncClaim } from './binder-claim.js';
import type { BinderDeps } from './binder-ops.js';
import { syncVolume } from './binder-volume.js';
import { BINDER_COMPONENT, PVCS, PVS, STORAGE_CLASSES, type PV, type PVC, type StorageClass } from './constants.js';
import { claimRefKey } from './helpers.js';

export const BINDER_NAME = 'persistentvolume-binder';
const RESYNC_MS = 15_000;

export function createBinder(ctx: ControllerContext): Controller {
  const claims = ctx.informers.informer<PVC>(PVCS);
  const volumes = ctx.informers.informer<PV>(PVS);
  const classes = ctx.informers.informer<StorageClass>(STORAGE_CLASSES);
  const nodes = ctx.informers.informer<Node>(NODES);
  const claimWorkers: QueueWorkers = new QueueWorkers(`${BINDER_NAME} claims`, async (key) => {
    const pvc = claims.get(key);
    if (pvc) await syncClaim(deps, pvc);
  }, ctx.log);
  const volumeWorkers: QueueWorkers = new QueueWorkers(`${BINDER_NAME} volumes`, async (key) => {
    const pv = volumes.get(key);
    if (pv) await syncVolume(deps, pv);
  }, ctx.log);
  const deps: BinderDeps = {
    client: ctx.client,
    recorder: ctx.recorder(BINDER_COMPONENT),
    claims,
    volumes,
    classes,
    nodes,
    enqueueClaim: (k) => claimWorkers.queue.add(k),
    enqueueVolume: (n) => volumeWorkers.queue.add(n),
    log: ctx.log,
    noRetroactive: new Set(),
  };
  const resyncAll = (): void => {
    for (const c of claims.list()) claimWorkers.queue.add(objectKey(c));
    for (const v of volumes.list()) volumeWorkers.queue.add(objectKey(v));
  };
  let timer: NodeJS.Timeout | undefined;
  return {
    name: BINDER_NAME,
    run() {
      claims.addEventHandler({
        add: (c) => claimWorkers.queue.add(objectKey(c)),
        update: (_o, c) => claimWorkers.queue.add(objectKey(c)),
        delete: (c) => {
          // Its volume becomes Released (or the claim queue just drops the key).
          if (c.spec?.volumeName) volumeWorkers.queue.add(c.spec.volumeName);
          for (const v of volumes.list()) if (claimRefKey(v) === objectKey(c)) volumeWorkers.queue.add(objectKey(v));
        },
      });
      volumes.addEventHandler({
        add: (v) => volumeWorkers.queue.add(objectKey(v)),
        update: (_o, v) => volumeWorkers.queue.add(objectKey(v)),
        delete: (v) => {
          if (v.spec?.claimRef) claimWorkers.queue.add(claimRefKey(v));
        },
      });
      // A new or changed class (e.g. the default one appearing) may unblock pending claims.
      const pending = (): void => {
        for (const c of claims.list()) if (c.status?.phase !== 'Bound') claimWorkers.queue.add(objectKey(c));
      };
      classes.addEventHandler({ add: pending, update: pending });
      const workers = ctx.options.workers ?? 5;
      claimWorkers.start(workers);
      volumeWorkers.start(workers);
      timer = setInterval(resyncAll, RESYNC_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await Promise.all([claimWorkers.stop(), volumeWorkers.stop()]);
    },
  };
}
