// The EndpointSlice controller (upstream pkg/controller/endpointslice): keeps
// the IPv4 EndpointSlices of every Service with a selector, labelled with
// kubernetes.io/service-name and managed-by endpointslice-controller.k8s.io,
// owned by the Service (the garbage collector removes them with it).
import { isNotFound } from '../../client/errors.js';
import type { SharedInformer } from '../../client/informer.js';
import type { Recorder } from '../../agent/events.js';
import type { Controller, ControllerContext } from '../types.js';
import { ServiceEndpointsController, splitKey } from './base.js';
import { managesEndpoints, TRIGGER_TIME_ANNOTATION } from './pods.js';
import { SliceTracker, StaleSlicesError } from './slice-tracker.js';
import { desiredGroups, MANAGED_BY, MANAGED_BY_LABEL, planSlices, SERVICE_NAME_LABEL, type EndpointSlice } from './slices.js';
import { formatTriggerTime } from './trigger-time.js';

import { ENDPOINTSLICES } from '../../client/gvr.js';

export { ENDPOINTSLICES };

const managedKey = (s: EndpointSlice): string | undefined => {
  const l = s.metadata?.labels ?? {};
  if (l[MANAGED_BY_LABEL] !== MANAGED_BY || !l[SERVICE_NAME_LABEL]) return undefined;
  return `${s.metadata?.namespace}/${l[SERVICE_NAME_LABEL]}`;
};

export class EndpointSliceController extends ServiceEndpointsController {
  readonly name = 'endpointslice';
  private readonly slices: SharedInformer<EndpointSlice>;
  private readonly tracker = new SliceTracker();
  private readonly recorder: Recorder;

  constructor(ctx: ControllerContext) {
    super(ctx);
    this.slices = ctx.informers.informer<EndpointSlice>(ENDPOINTSLICES);
    this.recorder = ctx.recorder('endpoint-slice-controller');
  }

  protected registerMore(): void {
    const enqueue = (s: EndpointSlice): void => {
      const key = managedKey(s);
      if (key) this.enqueue(key);
    };
    this.slices.addEventHandler({ add: enqueue, update: (_o, s) => enqueue(s), delete: enqueue });
  }

  protected override syncedBeforeWork(): Array<Pick<SharedInformer, 'hasSynced'>> {
    return [...super.syncedBeforeWork(), this.slices];
  }

  protected async sync(key: string): Promise<void> {
    const [ns, name] = splitKey(key);
    const svc = this.services.get(key);
    if (!svc) {
      // The slices are the Service's dependents: the garbage collector deletes them.
      this.triggerTimes.delete(key);
      this.tracker.forget(key);
      return;
    }
    if (!managesEndpoints(svc) || svc.metadata?.deletionTimestamp) return;
    const existing = this.slices.list().filter((s) => managedKey(s) === key && s.addressType === 'IPv4');
    if (!this.tracker.upToDate(key, existing)) throw new StaleSlicesError(key);
    const pods = this.selectedPods(svc);
    const trigger = this.triggerTimes.compute(key, svc, pods);
    const plan = planSlices(svc, desiredGroups(svc, pods), existing);
    const annotate = (s: EndpointSlice): EndpointSlice => {
      const annotations = { ...(s.metadata?.annotations ?? {}) };
      if (trigger) annotations[TRIGGER_TIME_ANNOTATION] = formatTriggerTime(trigger);
      else delete annotations[TRIGGER_TIME_ANNOTATION];
      return { ...s, metadata: { ...s.metadata, annotations } };
    };
    try {
      for (const s of plan.create) this.tracker.written(key, await this.ctx.client.create(ENDPOINTSLICES, ns, annotate(s)));
      for (const s of plan.update) this.tracker.written(key, await this.ctx.client.update(ENDPOINTSLICES, ns, annotate(s)));
      for (const s of plan.delete) {
        try {
          await this.ctx.client.delete(ENDPOINTSLICES, ns, String(s.metadata?.name));
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
        this.tracker.deleted(key, String(s.metadata?.name));
      }
    } catch (e) {
      this.recorder.event(
        { kind: 'Service', apiVersion: 'v1', namespace: ns, name, uid: svc.metadata?.uid },
        'Warning',
        'FailedToUpdateEndpointSlices',
        `Error updating Endpoint Slices for Service ${ns}/${name}: ${(e as Error).message}`,
      );
      throw e;
    }
  }
}

export function createEndpointSliceController(ctx: ControllerContext): Controller {
  return new EndpointSliceController(ctx);
}
