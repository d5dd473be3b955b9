// SharedInformerFactory: one SharedInformer per resource, shared by every
// controller that asks for it; started together once handlers are in place.
// Cached objects lose their managedFields, as in kube-controller-manager, and share equal short strings (client/intern.ts).
import { SharedInformer } from '../client/informer.js';
import { compactForCache } from '../client/intern.js';
import { gvrKey } from '../client/gvr.js';
import type { KubeObject } from '../apiserver/types.js';
import type { GVR, ResourceClient } from '../client/types.js';

export class InformerFactory {
  private readonly informers = new Map<string, SharedInformer<KubeObject>>();
  private started = false;

  constructor(
    private readonly client: ResourceClient,
    private readonly opts: { resyncMs?: number; onError?: (e: Error) => void } = {},
  ) {}

  /** The shared informer for `gvr` (all namespaces); created on first use. */
  informer<T extends KubeObject = KubeObject>(gvr: GVR): SharedInformer<T> {
    const key = gvrKey(gvr);
    let inf = this.informers.get(key);
    if (!inf) {
      inf = new SharedInformer<KubeObject>(this.client, gvr, '', { resyncMs: this.opts.resyncMs, onError: this.opts.onError, transform: compactForCache });
      this.informers.set(key, inf);
      if (this.started) void inf.start();
    }
    return inf as unknown as SharedInformer<T>;
  }

  /** Starts every informer; resolves once all have listed. */
  async start(): Promise<void> {
    this.started = true;
    await Promise.all([...this.informers.values()].map((i) => i.start()));
  }

  stop(): void {
    for (const i of this.informers.values()) i.stop();
  }
}
