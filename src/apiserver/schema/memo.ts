// Per-schema results cached for each resolver (a result depends on both: a
// `$ref` means what the resolver's definitions say). Request paths meet the
// same few hundred schema objects again and again.
import type { Schema } from './types.js';

export type Resolver = (s: Schema) => Schema;

export function schemaMemo<V>(compute: (s: Schema, resolve: Resolver) => V): (s: Schema, resolve: Resolver) => V {
  const byResolver = new WeakMap<Resolver, WeakMap<Schema, V>>();
  return (s, resolve) => {
    let cache = byResolver.get(resolve);
    if (!cache) {
      cache = new WeakMap();
      byResolver.set(resolve, cache);
    }
    let v = cache.get(s);
    if (v === undefined) {
      v = compute(s, resolve);
      cache.set(s, v);
    }
    return v;
  };
}
