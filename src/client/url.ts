// URL building for the Kubernetes REST layout: core resources under /api/v1,
// group resources under /apis/<group>/<version>, optional namespace segment,
// name and subresource; query strings for list, watch and write options.
import type { GVR, ListOptions, WriteOptions } from './types.js';

/** `/api/v1/namespaces/ns/pods/name/status` and friends. */
export function resourcePath(gvr: GVR, namespace: string, name?: string, subresource?: string): string {
  const base = gvr.group === '' ? `/api/${gvr.version}` : `/apis/${gvr.group}/${gvr.version}`;
  let p = base;
  if (namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${gvr.resource}`;
  if (name !== undefined && name !== '') p += `/${encodeURIComponent(name)}`;
  if (subresource) p += `/${subresource}`;
  return p;
}

type QueryValue = string | number | boolean | undefined;

/** `?a=1&b=x` from the defined values (empty string when none). */
export function queryString(params: Record<string, QueryValue>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function listQuery(opts: ListOptions = {}): Record<string, QueryValue> {
  return {
    labelSelector: opts.labelSelector || undefined,
    fieldSelector: opts.fieldSelector || undefined,
    limit: opts.limit,
    continue: opts.continue || undefined,
    resourceVersion: opts.resourceVersion,
  };
}

export function writeQuery(opts: WriteOptions & { force?: boolean } = {}): Record<string, QueryValue> {
  return { fieldManager: opts.fieldManager, dryRun: opts.dryRun ? 'All' : undefined, force: opts.force };
}

export const PATCH_CONTENT_TYPES = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;
