// A view of another informer that holds only the objects a predicate
// accepts (client-go's FilteringResourceEventHandler, plus a filtered
// lister): an object that starts matching is an add, one that stops matching
// a delete. Several views share one list+watch, e.g. the scheduler's pending
// and bound pods.
import type { KubeObject } from '../apiserver/types.js';
import type { EventHandlers, Informer } from './types.js';

export class FilteredInformer<T extends KubeObject> implements Informer<T> {
  constructor(
    private readonly base: Informer<T>,
    private readonly match: (obj: T) => boolean,
  ) {}

  addEventHandler(h: EventHandlers<T>): void {
    this.base.addEventHandler({
      add: (o) => {
        if (this.match(o)) h.add?.(o);
      },
      update: (o, n) => {
        const before = this.match(o);
        const now = this.match(n);
        if (before && now) h.update?.(o, n);
        else if (now) h.add?.(n);
        else if (before) h.delete?.(o);
      },
      delete: (o) => {
        if (this.match(o)) h.delete?.(o);
      },
    });
  }

  /** Starts (or waits for) the shared informer. */
  start(): Promise<void> {
    return this.base.start();
  }

  stop(): void {
    this.base.stop();
  }

  hasSynced(): boolean {
    return this.base.hasSynced();
  }

  get(key: string): T | undefined {
    const o = this.base.get(key);
    return o && this.match(o) ? o : undefined;
  }

  list(): T[] {
    return this.base.list().filter(this.match);
  }

  byIndex(index: string, value: string): T[] {
    return this.base.byIndex(index, value).filter(this.match);
  }

  /** Indexes live on the shared informer (their functions see every object). */
  addIndex(name: string, fn: (obj: T) => string[]): void {
    this.base.addIndex(name, fn);
  }
}
