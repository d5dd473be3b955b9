// The target's scale subresource (autoscaling/v1 Scale) and the resource
// metrics, both through the ResourceClient. GET .../scale needs a raw request
// (ResourceClient.get has no subresource); clients without one (the unit-test
// fake) get the Scale derived from the object itself, as the server derives it.
import type { KubeObject } from '../../apiserver/types.js';
import { formatSelector, fromLabelSelectorObject, type LabelSelectorObject } from '../../apiserver/selectors/labels.js';
import { resourcePath } from '../../client/url.js';
import type { GVR, ResourceClient } from '../../client/types.js';

export const POD_METRICS: GVR = { group: 'metrics.k8s.io', version: 'v1beta1', resource: 'pods' };

export interface Scale {
  replicas: number;
  statusReplicas: number;
  selector: string;
  raw: KubeObject;
}

export class UnknownTargetKindError extends Error {
  constructor(apiVersion: string, kind: string) {
    super(`unable to determine resource for scale target reference ${apiVersion}/${kind}`);
    this.name = 'UnknownTargetKindError';
  }
}

const PLURALS: Record<string, string> = {
  Deployment: 'deployments', ReplicaSet: 'replicasets', StatefulSet: 'statefulsets', ReplicationController: 'replicationcontrollers',
};

/** scaleTargetRef → resource (built-in workloads by name; other kinds by the lower-case plural convention). */
export function targetGVR(ref: { apiVersion?: string; kind?: string }): GVR {
  const apiVersion = ref.apiVersion ?? '';
  const kind = ref.kind ?? '';
  if (!kind) throw new UnknownTargetKindError(apiVersion, kind);
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion || 'v1'];
  const defaultGroup = PLURALS[kind] && kind !== 'ReplicationController' && !apiVersion ? 'apps' : group;
  return { group: defaultGroup, version: version || 'v1', resource: PLURALS[kind] ?? `${kind.toLowerCase()}s` };
}

function fromScaleObject(s: KubeObject): Scale {
  const spec = (s.spec ?? {}) as { replicas?: number };
  const status = (s.status ?? {}) as { replicas?: number; selector?: string };
  return { replicas: spec.replicas ?? 0, statusReplicas: status.replicas ?? 0, selector: status.selector ?? '', raw: s };
}

function fromWorkload(o: KubeObject): Scale {
  const spec = (o.spec ?? {}) as { replicas?: number; selector?: unknown };
  const status = (o.status ?? {}) as { replicas?: number };
  const sel = spec.selector as (LabelSelectorObject & Record<string, unknown>) | undefined;
  let selector = '';
  if (sel && (sel.matchLabels || sel.matchExpressions)) selector = formatSelector(fromLabelSelectorObject(sel));
  else if (sel) selector = Object.entries(sel).map(([k, v]) => `${k}=${String(v)}`).join(',');
  return { replicas: spec.replicas ?? 1, statusReplicas: status.replicas ?? 0, selector, raw: o };
}

type RawClient = ResourceClient & { request<T>(method: string, path: string): Promise<T> };

export async function getScale(client: ResourceClient, gvr: GVR, namespace: string, name: string): Promise<Scale> {
  const raw = client as Partial<RawClient>;
  if (typeof raw.request === 'function') return fromScaleObject(await (client as RawClient).request<KubeObject>('GET', resourcePath(gvr, namespace, name, 'scale')));
  return fromWorkload(await client.get(gvr, namespace, name));
}

export async function updateScale(client: ResourceClient, gvr: GVR, namespace: string, name: string, replicas: number): Promise<void> {
  await client.patch(gvr, namespace, name, 'merge', { spec: { replicas } }, { subresource: 'scale' });
}
