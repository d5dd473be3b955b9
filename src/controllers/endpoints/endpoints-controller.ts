// The Endpoints controller (upstream pkg/controller/endpoint): keeps one
// Endpoints object per Service with a selector, named like the Service,
// listing the selected pods' addresses. Selector-less services are left to
// their users; Endpoints whose Service is gone are deleted.
import type { KubeObject } from '../../apiserver/types.js';
import { isNotFound } from '../../client/errors.js';
import type { SharedInformer } from '../../client/informer.js';
import { objectKey, type GVR } from '../../client/types.js';
import type { Recorder } from '../../agent/events.js';
import type { Controller, ControllerContext } from '../types.js';
import { ServiceEndpointsController, splitKey } from './base.js';
import { HEADLESS_LABEL, isServiceIPSet, managesEndpoints, TRIGGER_TIME_ANNOTATION } from './pods.js';
import { computeSubsets, truncate, type EndpointSubset } from './subsets.js';
import { formatTriggerTime } from './trigger-time.js';
import { semanticEqual } from './equal.js';

export const ENDPOINTS: GVR = { group: '', version: 'v1', resource: 'endpoints' };
const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';
const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

export interface Endpoints extends KubeObject {
  subsets?: EndpointSubset[];
}


function stripRv(subsets: EndpointSubset[] | undefined): EndpointSubset[] {
  // Pod resourceVersions in targetRefs do not make Endpoints different.
  return JSON.parse(JSON.stringify(subsets ?? []), (k, v: unknown) => (k === 'resourceVersion' ? undefined : v)) as EndpointSubset[];
}

export class EndpointsController extends ServiceEndpointsController {
  readonly name = 'endpoints';
  private readonly endpoints: SharedInformer<Endpoints>;
  private readonly recorder: Recorder;

  constructor(ctx: ControllerContext) {
    super(ctx);
    this.endpoints = ctx.informers.informer<Endpoints>(ENDPOINTS);
    this.recorder = ctx.recorder('endpoint-controller');
  }

  protected registerMore(): void {
    // A deleted Endpoints is re-created; at start, Endpoints without a Service are found (checkLeftoverEndpoints).
    this.endpoints.addEventHandler({
      delete: (ep) => this.enqueue(objectKey(ep)),
      add: (ep) => {
        if (!this.endpoints.hasSynced() && !ep.metadata?.annotations?.[LEADER_ANNOTATION]) this.enqueue(objectKey(ep));
      },
    });
  }

  protected override syncedBeforeWork(): Array<Pick<SharedInformer, 'hasSynced'>> {
    return [...super.syncedBeforeWork(), this.endpoints];
  }

  protected async sync(key: string): Promise<void> {
    const [ns, name] = splitKey(key);
    const svc = this.services.get(key);
    if (!svc) {
      this.triggerTimes.delete(key);
      // Only Endpoints we would have managed: one of a selector-less Service would have a Service.
      try {
        if (this.endpoints.get(key)) await this.ctx.client.delete(ENDPOINTS, ns, name);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      return;
    }
    if (!managesEndpoints(svc) || svc.metadata?.deletionTimestamp) return;
    const pods = this.selectedPods(svc);
    const trigger = this.triggerTimes.compute(key, svc, pods);
    let subsets = computeSubsets(svc, pods);
    const current = this.endpoints.get(key);
    const svcLabels = svc.metadata?.labels ?? {};
    const curLabels = { ...(current?.metadata?.labels ?? {}) };
    delete curLabels[HEADLESS_LABEL];
    const overCapacity = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0) > 1000;
    if (
      current &&
      semanticEqual(stripRv(current.subsets), stripRv(subsets)) &&
      semanticEqual(curLabels, svcLabels) &&
      !overCapacity &&
      !current.metadata?.annotations?.[OVER_CAPACITY]
    )
      return;
    const annotations: Record<string, string> = { ...(current?.metadata?.annotations ?? {}) };
    if (trigger) annotations[TRIGGER_TIME_ANNOTATION] = formatTriggerTime(trigger);
    else delete annotations[TRIGGER_TIME_ANNOTATION];
    if (truncate(subsets)) {
      annotations[OVER_CAPACITY] = 'truncated';
      subsets = subsets.filter((s) => s.addresses?.length || s.notReadyAddresses?.length);
    } else delete annotations[OVER_CAPACITY];
    const labels: Record<string, string> = { ...svcLabels };
    if (!isServiceIPSet(svc)) labels[HEADLESS_LABEL] = '';
    const metadata = { ...(current?.metadata ?? {}), name, namespace: ns, labels, annotations };
    const next: Endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata, subsets };
    try {
      if (current) await this.ctx.client.update(ENDPOINTS, ns, next);
      else await this.ctx.client.create(ENDPOINTS, ns, next);
    } catch (e) {
      const ref = { kind: 'Endpoints', apiVersion: 'v1', namespace: ns, name };
      if (current) this.recorder.event(ref, 'Warning', 'FailedToUpdateEndpoint', `Failed to update endpoint ${ns}/${name}: ${(e as Error).message}`);
      else this.recorder.event(ref, 'Warning', 'FailedToCreateEndpoint', `Failed to create endpoint for service ${ns}/${name}: ${(e as Error).message}`);
      throw e;
    }
  }
}

export function createEndpointsController(ctx: ControllerContext): Controller {
  return new EndpointsController(ctx);
}
