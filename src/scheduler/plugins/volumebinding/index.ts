// VolumeBinding (upstream's plugin of that name, simplified): PreFilter sorts
// the pod's claims (unbound Immediate claims make it unschedulable), Filter
// keeps nodes its bound volumes reach and where its WaitForFirstConsumer
// claims can get a volume, and — as this framework has no PreBind — a Bind
// step that runs before DefaultBinder, writes `volume.kubernetes.io/selected-node`
// on those claims, waits (with a timeout) until they are bound, then Skips so
// DefaultBinder binds the pod.
import { SharedInformer } from '../../../client/informer.js';
import type { ResourceClient } from '../../../client/types.js';
import { ANN_SELECTED_NODE, PVCS, PVS, STORAGE_CLASSES, type PV, type PVC, type StorageClass } from '../../../controllers/storage/constants.js';
import type { BindPlugin, FilterPlugin, Handle, PreFilterPlugin, ReservePlugin } from '../../framework/interfaces.js';
import { Code, Status } from '../../framework/status.js';
import { filterNode, podClaimNames, type PodVolumes, podVolumes, type VolumeCaches } from './claims.js';
import { waitForClaimsBound } from './wait.js';

export const NAME = 'VolumeBinding';
const STATE_KEY = 'PreFilter' + NAME;
export const CACHES_NOT_SYNCED = 'waiting for the volume caches to sync';

export type VolumeBindingPlugin = PreFilterPlugin & FilterPlugin & ReservePlugin & BindPlugin & { close(): void };

/** Informers on claims, volumes and classes, started the first time a pod needs them. */
export class LazyVolumeCaches implements VolumeCaches {
  private started = false;
  readonly claims: SharedInformer<PVC>;
  readonly volumes: SharedInformer<PV>;
  readonly classes: SharedInformer<StorageClass>;

  constructor(client: ResourceClient) {
    this.claims = new SharedInformer<PVC>(client, PVCS, '');
    this.volumes = new SharedInformer<PV>(client, PVS, '');
    this.classes = new SharedInformer<StorageClass>(client, STORAGE_CLASSES, '');
  }

  /** Starts the informers if needed; true once all have listed. */
  ready(): boolean {
    if (!this.started) {
      this.started = true;
      for (const i of [this.claims, this.volumes, this.classes]) i.start().catch(() => {});
    }
    return this.claims.hasSynced() && this.volumes.hasSynced() && this.classes.hasSynced();
  }

  stop(): void {
    for (const i of [this.claims, this.volumes, this.classes]) i.stop();
  }
}

export function newVolumeBinding(args: Record<string, unknown>, handle: Handle, caches?: LazyVolumeCaches | (VolumeCaches & { ready(): boolean; stop(): void })): VolumeBindingPlugin {
  const c = caches ?? new LazyVolumeCaches(handle.client);
  const bindTimeoutMs = Number(args.bindTimeoutSeconds ?? 60) * 1000;
  return {
    name: NAME,
    preFilter(state, pod) {
      if (podClaimNames(pod).length === 0) return Status.skip();
      if (!c.ready()) return new Status(Code.Error, [CACHES_NOT_SYNCED]);
      const v = podVolumes(c, pod);
      if (v instanceof Status) return v;
      state.write(STATE_KEY, v);
      return undefined;
    },
    filter(state, _pod, node) {
      const v = state.read<PodVolumes>(STATE_KEY);
      return v ? filterNode(c, v, node.node) : undefined;
    },
    reserve() {
      return undefined;
    },
    unreserve() {},
    async bind(state, pod, nodeName) {
      const v = state.read<PodVolumes>(STATE_KEY);
      if (!v || v.delayed.length === 0) return Status.skip();
      try {
        for (const pvc of v.delayed) {
          if (pvc.metadata?.annotations?.[ANN_SELECTED_NODE] === nodeName) continue;
          await handle.client.patch(PVCS, pvc.metadata?.namespace ?? '', pvc.metadata?.name ?? '', 'merge', {
            metadata: { annotations: { [ANN_SELECTED_NODE]: nodeName } },
          });
        }
        await waitForClaimsBound(c, v.delayed, nodeName, bindTimeoutMs);
      } catch (e) {
        return Status.error(`binding volumes: ${(e as Error).message}`);
      }
      return Status.skip();
    },
    close() {
      c.stop();
    },
  };
}
