// The garbage collector controller (upstream pkg/controller/garbagecollector):
// monitors every resource that can have owners, keeps the dependency graph,
// and runs the attemptToDelete and attemptToOrphan queues (keyed by uid) once
// the built-in monitors have synced.
import type { KubeObject } from '../../apiserver/types.js';
import type { Controller, ControllerContext } from '../types.js';
import { QueueWorkers } from '../worker.js';
import { AbsentOwnerCache, attemptToDeleteItem, type DeleteDeps } from './attempt-delete.js';
import { CrdMonitors } from './crd-monitors.js';
import { GraphBuilder } from './graph-builder.js';
import { whenSynced } from './synced.js';
import { GcOperations } from './operations.js';
import { attemptToOrphanItem } from './orphan.js';
import { apiVersionOf, BUILTIN_RESOURCES, ResourceMapper, type ResourceInfo } from './resources.js';

export class GarbageCollector implements Controller {
  readonly name = 'garbagecollector';
  readonly builder: GraphBuilder;
  readonly mapper = new ResourceMapper();
  readonly crds: CrdMonitors;
  private readonly deleteWorkers: QueueWorkers;
  private readonly orphanWorkers: QueueWorkers;
  private readonly deps: DeleteDeps;
  private stopped = false;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly resources: ResourceInfo[] = BUILTIN_RESOURCES,
  ) {
    this.builder = new GraphBuilder({
      attemptToDelete: (n) => this.deleteWorkers.queue.add(n.identity.uid),
      attemptToOrphan: (n) => this.orphanWorkers.queue.add(n.identity.uid),
    });
    const ops = new GcOperations(ctx.client, this.mapper);
    this.deps = {
      ops,
      builder: this.builder,
      absent: new AbsentOwnerCache(),
      recorder: ctx.recorder('garbage-collector-controller'),
      requeue: (n, afterMs) => (afterMs ? this.deleteWorkers.queue.addAfter(n.identity.uid, afterMs) : this.deleteWorkers.queue.add(n.identity.uid)),
    };
    this.deleteWorkers = new QueueWorkers('garbagecollector attemptToDelete', (uid) => this.syncDelete(uid), ctx.log);
    this.orphanWorkers = new QueueWorkers('garbagecollector attemptToOrphan', (uid) => this.syncOrphan(uid), ctx.log);
    this.crds = new CrdMonitors(ctx.client, this.mapper, this.builder, (e) => ctx.log(`garbagecollector: custom resource monitor: ${e.message}`));
  }

  run(): void {
    const informers = this.resources.map((r) => {
      const apiVersion = apiVersionOf(r.gvr);
      const inf = this.ctx.informers.informer<KubeObject>(r.gvr);
      inf.addEventHandler({
        add: (o) => this.builder.upsert(o, apiVersion, r.kind),
        update: (_old, o) => this.builder.upsert(o, apiVersion, r.kind),
        delete: (o) => this.builder.remove(o),
      });
      return inf;
    });
    this.crds.register(this.ctx.informers);
    // Like upstream, nothing is collected before the monitors have listed: an
    // owner missing from a half-filled graph must not look deleted.
    void whenSynced(informers, () => this.stopped).then((ok) => {
      if (!ok) return;
      const workers = this.ctx.options.workers ?? 5;
      this.deleteWorkers.start(workers);
      this.orphanWorkers.start(workers);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.crds.stop();
    await Promise.all([this.deleteWorkers.stop(), this.orphanWorkers.stop()]);
  }

  private async syncDelete(uid: string): Promise<void> {
    const node = this.builder.graph.get(uid);
    if (node) await attemptToDeleteItem(this.deps, node);
  }

  private async syncOrphan(uid: string): Promise<void> {
    const node = this.builder.graph.get(uid);
    if (node?.beingDeleted) await attemptToOrphanItem(this.deps.ops, node);
  }
}

export function createGarbageCollector(ctx: ControllerContext): Controller {
  return new GarbageCollector(ctx);
}
