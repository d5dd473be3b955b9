import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../apiserver/types.js';
import { FilteredInformer } from './filtered-informer.js';
import type { EventHandlers, Informer } from './types.js';

/** A hand-driven informer. */
class Source implements Informer<KubeObject> {
  handlers: Array<EventHandlers<KubeObject>> = [];
  objects = new Map<string, KubeObject>();
  addEventHandler(h: EventHandlers<KubeObject>): void {
    this.handlers.push(h);
  }
  async start(): Promise<void> {}
  stop(): void {}
  hasSynced(): boolean {
    return true;
  }
  get(key: string): KubeObject | undefined {
    return this.objects.get(key);
  }
  list(): KubeObject[] {
    return [...this.objects.values()];
  }
  byIndex(): KubeObject[] {
    return this.list();
  }
  addIndex(): void {}
  set(o: KubeObject): void {
    const key = o.metadata!.name!;
    const old = this.objects.get(key);
    this.objects.set(key, o);
    for (const h of this.handlers) old ? h.update?.(old, o) : h.add?.(o);
  }
  remove(key: string): void {
    const old = this.objects.get(key)!;
    this.objects.delete(key);
    for (const h of this.handlers) h.delete?.(old);
  }
}

const pod = (name: string, node?: string): KubeObject => ({ metadata: { name }, spec: node ? { nodeName: node } : {} });
const boundTo = (o: KubeObject): boolean => !!(o.spec as { nodeName?: string }).nodeName;

test('views of one informer: matching objects only, with adds and deletes when an object starts or stops matching', () => {
  const src = new Source();
  const pending = new FilteredInformer(src, (o) => !boundTo(o));
  const bound = new FilteredInformer(src, boundTo);
  const seen: string[] = [];
  pending.addEventHandler({ add: (o) => seen.push(`pending+ ${o.metadata!.name}`), update: (_o, n) => seen.push(`pending~ ${n.metadata!.name}`), delete: (o) => seen.push(`pending- ${o.metadata!.name}`) });
  bound.addEventHandler({ add: (o) => seen.push(`bound+ ${o.metadata!.name}`), update: (_o, n) => seen.push(`bound~ ${n.metadata!.name}`), delete: (o) => seen.push(`bound- ${o.metadata!.name}`) });
  src.set(pod('a'));
  src.set({ ...pod('a'), metadata: { name: 'a', labels: { x: 'y' } } });
  src.set(pod('a', 'n1'));
  src.set(pod('a', 'n1'));
  src.remove('a');
  assert.deepEqual(seen, ['pending+ a', 'pending~ a', 'pending- a', 'bound+ a', 'bound~ a', 'bound- a']);
  src.set(pod('b'));
  src.set(pod('c', 'n2'));
  assert.deepEqual(pending.list().map((o) => o.metadata!.name), ['b']);
  assert.deepEqual(bound.list().map((o) => o.metadata!.name), ['c']);
  assert.equal(pending.get('c'), undefined);
  assert.equal(bound.get('c')?.metadata?.name, 'c');
});
