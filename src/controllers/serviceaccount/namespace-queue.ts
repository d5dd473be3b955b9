// A per-namespace work loop shared by the ServiceAccount controllers: every
// namespace added or updated is queued; workers start once the informers
// they read have listed.
import type { KubeObject } from '../../apiserver/types.js';
import type { SharedInformer } from '../../client/informer.js';
import { NAMESPACES } from '../../client/gvr.js';
import type { Controller, ControllerContext } from '../types.js';
import { QueueWorkers } from '../worker.js';
import { whenSynced } from '../garbagecollector/synced.js';

export abstract class NamespaceController implements Controller {
  abstract readonly name: string;
  protected readonly namespaces: SharedInformer<KubeObject>;
  protected readonly workers: QueueWorkers;
  private stopped = false;

  constructor(protected readonly ctx: ControllerContext) {
    this.namespaces = ctx.informers.informer(NAMESPACES);
    this.workers = new QueueWorkers(this.constructor.name, (ns) => this.sync(ns), ctx.log);
  }

  protected abstract sync(namespace: string): Promise<void>;
  /** Other informers to watch (registered in run) and wait for. */
  protected abstract watched(): Array<SharedInformer<KubeObject>>;

  run(): void {
    const enqueue = (ns: KubeObject): void => this.workers.queue.add(String(ns.metadata?.name));
    this.namespaces.addEventHandler({ add: enqueue, update: (_o, ns) => enqueue(ns) });
    const others = this.watched();
    void whenSynced([this.namespaces, ...others], () => this.stopped).then((ok) => ok && this.workers.start(this.ctx.options.workers ?? 5));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.workers.stop();
  }

  /** The namespace if it is active (exists, not terminating). */
  protected activeNamespace(name: string): KubeObject | undefined {
    const ns = this.namespaces.get(name);
    if (!ns || ns.metadata?.deletionTimestamp) return undefined;
    const phase = (ns.status as { phase?: string } | undefined)?.phase;
    return phase === undefined || phase === 'Active' ? ns : undefined;
  }
}

/** Creates may race a namespace turning Terminating (403/Forbidden) or another writer (409): neither is worth a retry. */
export function ignorableCreateError(e: unknown): boolean {
  const code = (e as { code?: number }).code;
  const reason = (e as { reason?: string }).reason;
  return reason === 'AlreadyExists' || code === 403;
}
