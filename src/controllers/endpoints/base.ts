// What the Endpoints and EndpointSlice controllers share: a queue of service
// keys fed by Service and Pod events (a pod change queues every service in its
// namespace that selects it, before or after the change), workers, and the
// pods a service selects.
import type { SharedInformer } from '../../client/informer.js';
import { PODS, SERVICES } from '../../client/gvr.js';
import { objectKey } from '../../client/types.js';
import type { Controller, ControllerContext } from '../types.js';
import { QueueWorkers } from '../worker.js';
import { whenSynced } from '../garbagecollector/synced.js';
import { managesEndpoints, selects } from './pods.js';
import { TriggerTimeTracker } from './trigger-time.js';
import type { Pod, Service } from './types.js';

export abstract class ServiceEndpointsController implements Controller {
  abstract readonly name: string;
  protected readonly services: SharedInformer<Service>;
  protected readonly pods: SharedInformer<Pod>;
  protected readonly workers: QueueWorkers;
  protected readonly triggerTimes = new TriggerTimeTracker();
  private stopped = false;

  constructor(protected readonly ctx: ControllerContext) {
    this.services = ctx.informers.informer<Service>(SERVICES);
    this.pods = ctx.informers.informer<Pod>(PODS);
    this.workers = new QueueWorkers(this.constructor.name, (key) => this.sync(key), ctx.log);
  }

  /** Syncs the service `ns/name` (which may no longer exist). */
  protected abstract sync(key: string): Promise<void>;

  /** Extra handlers (endpoints or slices), registered before informers start. */
  protected abstract registerMore(): void;

  run(): void {
    const enqueue = (s: Service): void => this.workers.queue.add(objectKey(s));
    this.services.addEventHandler({ add: enqueue, update: (_o, s) => enqueue(s), delete: enqueue });
    this.pods.addEventHandler({
      add: (p) => this.enqueueFor(p),
      update: (old, p) => this.enqueueFor(p, old),
      delete: (p) => this.enqueueFor(p),
    });
    this.registerMore();
    void whenSynced(this.syncedBeforeWork(), () => this.stopped).then((ok) => ok && this.workers.start(this.ctx.options.workers ?? 5));
  }

  /** Informers that must have listed before the first sync. */
  protected syncedBeforeWork(): Array<Pick<SharedInformer, 'hasSynced'>> {
    return [this.services, this.pods];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.workers.stop();
  }

  enqueue(key: string): void {
    this.workers.queue.add(key);
  }

  private enqueueFor(pod: Pod, old?: Pod): void {
    const ns = pod.metadata?.namespace;
    for (const s of this.services.list()) {
      if (s.metadata?.namespace !== ns || !managesEndpoints(s)) continue;
      if (selects(s, pod) || (old && selects(s, old))) this.workers.queue.add(objectKey(s));
    }
  }

  /** Pods of the service's namespace its selector matches. */
  protected selectedPods(svc: Service): Pod[] {
    const ns = svc.metadata?.namespace;
    return this.pods.list().filter((p) => p.metadata?.namespace === ns && selects(svc, p));
  }
}

export function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return i < 0 ? ['', key] : [key.slice(0, i), key.slice(i + 1)];
}
