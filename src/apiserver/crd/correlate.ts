// Correlation of new and old list items for validation ratcheting: items of
// x-kubernetes-list-type=map lists pair up by their keys, set items by value;
// atomic lists do not correlate.
import type { JSONSchemaProps } from './types.js';
import { deepEqual, isObject } from './json.js';

export function correlateItem(list: JSONSchemaProps, item: unknown, old: { value: unknown } | undefined): { value: unknown } | undefined {
  if (!old || !Array.isArray(old.value)) return undefined;
  const type = list['x-kubernetes-list-type'];
  if (type === 'set') {
    return old.value.some((o) => deepEqual(o, item)) ? { value: item } : undefined;
  }
  if (type !== 'map' || !isObject(item)) return undefined;
  const keys = list['x-kubernetes-list-map-keys'] ?? [];
  const found = old.value.find((o) => isObject(o) && keys.every((k) => deepEqual(o[k], item[k])));
  return found === undefined ? undefined : { value: found };
}
