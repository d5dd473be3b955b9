// The informer's local cache: objects keyed `ns/name` plus named indexes.
import type { KubeObject } from '../apiserver/types.js';
import { objectKey } from './types.js';

interface Index<T> {
  fn: (obj: T) => string[];
  values: Map<string, Set<string>>;
}

export class IndexedStore<T extends KubeObject = KubeObject> {
  private readonly items = new Map<string, T>();
  private readonly indexes = new Map<string, Index<T>>();

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  keys(): string[] {
    return [...this.items.keys()];
  }

  get size(): number {
    return this.items.size;
  }

  /** Inserts or replaces; returns the previous object. */
  put(obj: T): T | undefined {
    const key = objectKey(obj);
    const old = this.items.get(key);
    if (old) this.unindex(key, old);
    this.items.set(key, obj);
    this.index(key, obj);
    return old;
  }

  remove(key: string): T | undefined {
    const old = this.items.get(key);
    if (!old) return undefined;
    this.items.delete(key);
    this.unindex(key, old);
    return old;
  }

  addIndex(name: string, fn: (obj: T) => string[]): void {
    const idx: Index<T> = { fn, values: new Map() };
    this.indexes.set(name, idx);
    for (const [key, obj] of this.items) this.indexOne(idx, key, obj);
  }

  byIndex(name: string, value: string): T[] {
    const idx = this.indexes.get(name);
    if (!idx) throw new UnknownIndexError(name);
    return [...(idx.values.get(value) ?? [])].map((k) => this.items.get(k)!).filter(Boolean);
  }

  private index(key: string, obj: T): void {
    for (const idx of this.indexes.values()) this.indexOne(idx, key, obj);
  }

  private indexOne(idx: Index<T>, key: string, obj: T): void {
    for (const v of idx.fn(obj)) {
      let s = idx.values.get(v);
      if (!s) idx.values.set(v, (s = new Set()));
      s.add(key);
    }
  }

  private unindex(key: string, obj: T): void {
    for (const idx of this.indexes.values()) {
      for (const v of idx.fn(obj)) {
        const s = idx.values.get(v);
        s?.delete(key);
        if (s && s.size === 0) idx.values.delete(v);
      }
    }
  }
}

export class UnknownIndexError extends Error {
  constructor(readonly index: string) {
    super(`index "${index}" does not exist`);
    this.name = 'UnknownIndexError';
  }
}

/** The common namespace index. */
export function namespaceIndex(obj: KubeObject): string[] {
  return [obj.metadata?.namespace ?? ''];
}
