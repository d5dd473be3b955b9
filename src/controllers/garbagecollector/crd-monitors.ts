// Monitors for custom resources: the collector follows CustomResourceDefinitions
// and, for each established one, watches its storage version with a private
// informer (stopped, and its objects dropped from the graph, when the CRD goes).
import type { KubeObject } from '../../apiserver/types.js';
import { SharedInformer } from '../../client/informer.js';
import type { GVR, ResourceClient } from '../../client/types.js';
import type { InformerFactory } from '../informers.js';
import type { GraphBuilder } from './graph-builder.js';
import { apiVersionOf, type ResourceInfo, type ResourceMapper } from './resources.js';

export const CRDS: GVR = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };

interface CrdSpec {
  group?: string;
  scope?: string;
  names?: { plural?: string; kind?: string };
  versions?: Array<{ name?: string; served?: boolean; storage?: boolean }>;
}

/** The resource a CRD serves (its storage version), or undefined until it is established. */
export function crdResource(crd: KubeObject): ResourceInfo | undefined {
  const spec = (crd.spec ?? {}) as CrdSpec;
  const conds = ((crd.status as { conditions?: Array<{ type?: string; status?: string }> } | undefined)?.conditions ?? []);
  if (!conds.some((c) => c.type === 'Established' && c.status === 'True')) return undefined;
  const versions = spec.versions ?? [];
  const v = versions.find((x) => x.storage && x.served) ?? versions.find((x) => x.served);
  if (!spec.group || !spec.names?.plural || !spec.names.kind || !v?.name) return undefined;
  return { gvr: { group: spec.group, version: v.name, resource: spec.names.plural }, kind: spec.names.kind, namespaced: spec.scope !== 'Cluster' };
}

export class CrdMonitors {
  private readonly monitors = new Map<string, { info: ResourceInfo; informer: SharedInformer<KubeObject> }>();
  private stopped = false;

  constructor(
    private readonly client: ResourceClient,
    private readonly mapper: ResourceMapper,
    private readonly builder: GraphBuilder,
    private readonly onError: (e: Error) => void,
  ) {}

  register(informers: InformerFactory): void {
    const inf = informers.informer(CRDS);
    inf.addEventHandler({
      add: (crd) => this.sync(crd),
      update: (_old, crd) => this.sync(crd),
      delete: (crd) => this.drop(String(crd.metadata?.name)),
    });
  }

  stop(): void {
    this.stopped = true;
    for (const m of this.monitors.values()) m.informer.stop();
    this.monitors.clear();
  }

  /** Resources currently monitored (for tests). */
  resources(): string[] {
    return [...this.monitors.values()].map((m) => `${m.info.gvr.resource}.${m.info.gvr.group}`);
  }

  private sync(crd: KubeObject): void {
    if (this.stopped) return;
    const name = String(crd.metadata?.name);
    const info = crdResource(crd);
    const cur = this.monitors.get(name);
    if (cur && info && cur.info.gvr.version === info.gvr.version && cur.info.kind === info.kind) return;
    if (cur) this.drop(name);
    if (!info) return;
    this.mapper.add(info);
    const apiVersion = apiVersionOf(info.gvr);
    const informer = new SharedInformer<KubeObject>(this.client, info.gvr, '', { onError: this.onError });
    informer.addEventHandler({
      add: (o) => this.builder.upsert(o, apiVersion, info.kind),
      update: (_old, o) => this.builder.upsert(o, apiVersion, info.kind),
      delete: (o) => this.builder.remove(o),
    });
    this.monitors.set(name, { info, informer });
    void informer.start();
  }

  private drop(name: string): void {
    const m = this.monitors.get(name);
    if (!m) return;
    this.monitors.delete(name);
    m.informer.stop();
    // The custom resources go with their CRD: their dependents lose these owners.
    for (const o of m.informer.list()) this.builder.remove(o);
    this.mapper.remove(m.info.gvr.group, m.info.kind);
  }
}
