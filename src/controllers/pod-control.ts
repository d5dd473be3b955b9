// Creating and deleting pods for a controller (upstream's RealPodControl):
// pods built from a PodTemplateSpec with the owner's controller reference,
// and SuccessfulCreate/FailedCreate/SuccessfulDelete/FailedDelete events on
// the owner.
import type { KubeObject } from '../apiserver/types.js';
import type { Recorder } from '../agent/events.js';
import { PODS } from '../client/gvr.js';
import type { ResourceClient } from '../client/types.js';
import type { OwnerReference } from './controller-ref.js';

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[]; name?: string; generateName?: string };
  spec?: Record<string, unknown>;
}

/** A pod object from a template, owned by `ref`; `generateName` defaults to `<owner>-`. */
export function podFromTemplate(template: PodTemplate, owner: KubeObject, ref: OwnerReference, extra: { name?: string; generateName?: string } = {}): KubeObject {
  const t = structuredClone(template ?? {});
  const md = t.metadata ?? {};
  const metadata: Record<string, unknown> = {
    namespace: owner.metadata?.namespace,
    labels: { ...(md.labels ?? {}) },
    ownerReferences: [ref],
  };
  if (md.annotations && Object.keys(md.annotations).length) metadata.annotations = { ...md.annotations };
  if (md.finalizers?.length) metadata.finalizers = [...md.finalizers];
  if (extra.name) metadata.name = extra.name;
  else metadata.generateName = extra.generateName ?? `${owner.metadata?.name}-`;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: t.spec ?? {} } as KubeObject;
}

export function ownerObjectRef(owner: KubeObject, kind: string, apiVersion: string) {
  return { kind, apiVersion, namespace: owner.metadata?.namespace, name: String(owner.metadata?.name), uid: owner.metadata?.uid, resourceVersion: owner.metadata?.resourceVersion };
}

export class PodControl {
  constructor(
    private readonly client: ResourceClient,
    private readonly recorder: Recorder,
  ) {}

  async createPod(pod: KubeObject, owner: KubeObject, ownerKind: string, ownerApiVersion: string): Promise<KubeObject> {
    const ref = ownerObjectRef(owner, ownerKind, ownerApiVersion);
    try {
      const created = await this.client.create(PODS, String(pod.metadata?.namespace), pod);
      this.recorder.event(ref, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata?.name}`);
      return created;
    } catch (e) {
      this.recorder.event(ref, 'Warning', 'FailedCreate', `Error creating: ${(e as Error).message}`);
      throw e;
    }
  }

  async deletePod(namespace: string, name: string, owner: KubeObject, ownerKind: string, ownerApiVersion: string): Promise<void> {
    const ref = ownerObjectRef(owner, ownerKind, ownerApiVersion);
    try {
      await this.client.delete(PODS, namespace, name);
      this.recorder.event(ref, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
    } catch (e) {
      this.recorder.event(ref, 'Warning', 'FailedDelete', `Error deleting: ${(e as Error).message}`);
      throw e;
    }
  }
}
