// LIST: from the watch cache, or page by page from the datastore at a pinned
// revision when the client paginates (limit/continue), as upstream does.
import { CompactedError, FutureRevisionError } from '../../datastore/backend.js';
import { badRequest, gone, timeout } from '../errors.js';
import type { KubeObject, ResourceDef } from '../types.js';
import { type FieldRequirement, fieldsMatch } from '../selectors/fields.js';
import { matches, type Requirement } from '../selectors/labels.js';
import { Entry } from './entry.js';
import type { ResourceStore } from './store.js';

export interface ListParams {
  labelSelector?: Requirement[];
  fieldSelector?: FieldRequirement[];
  limit?: number;
  continueToken?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ListOutcome {
  entries: Entry[];
  revision: number;
  continueToken?: string;
  remainingItemCount?: number;
}

const CONTINUE_TOO_OLD =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

interface ContinueState {
  rv: number;
  start: string;
}

export function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64url');
}

export function decodeContinue(token: string): ContinueState {
  try {
    const s = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: string; rv?: number; start?: string };
    if (s.v !== 'meta.k8s.io/v1' || typeof s.rv !== 'number' || typeof s.start !== 'string') throw new Error('bad');
    return { rv: s.rv, start: s.start };
  } catch {
    throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}

/** The field-selector view of an object: metadata.name/namespace plus the kind's own field labels. */
export function objectFields(def: ResourceDef, obj: KubeObject): Record<string, string> {
  const fields: Record<string, string> = { 'metadata.name': obj.metadata?.name ?? '' };
  if (def.namespaced) fields['metadata.namespace'] = obj.metadata?.namespace ?? '';
  const extra = def.strategy.fieldLabels?.(obj) ?? {};
  for (const [k, v] of Object.entries(extra)) fields[k] = v ?? '';
  return fields;
}

/** Whether a field label is supported by a kind (400 otherwise). */
export function supportsField(def: ResourceDef, field: string): boolean {
  if (field === 'metadata.name' || (def.namespaced && field === 'metadata.namespace')) return true;
  try {
    return Object.prototype.hasOwnProperty.call(def.strategy.fieldLabels?.({ metadata: {} }) ?? {}, field);
  } catch {
    return false;
  }
}

export function entryMatcher(def: ResourceDef, p: ListParams): (e: Entry) => boolean {
  const labels = p.labelSelector ?? [];
  const fields = p.fieldSelector ?? [];
  if (labels.length === 0 && fields.length === 0) return () => true;
  const view = (obj: KubeObject): Record<string, string> => objectFields(def, obj);
  return (e) => matches(labels, e.labels) && (fields.length === 0 || fieldsMatch(fields, e.fields(def, view)));
}

function parseRV(rv: string): number {
  if (!/^\d+$/.test(rv)) throw badRequest(`invalid resource version: ${JSON.stringify(rv)}`);
  return Number(rv);
}

export async function listEntries(store: ResourceStore, namespace: string, p: ListParams): Promise<ListOutcome> {
  const cache = store.ctx.cache;
  const prefix = store.prefixFor(namespace);
  const match = entryMatcher(store.def, p);
  const limit = p.limit && p.limit > 0 ? p.limit : 0;
  if (p.continueToken) {
    if (p.resourceVersion) throw badRequest('specifying resource version is not allowed when using continue');
    const c = decodeContinue(p.continueToken);
    return listFromBackend(store, prefix, prefix + c.start, c.rv, limit, match);
  }
  const rvText = p.resourceVersion ?? '';
  if (rvText === '') await cache.sync();
  else if (rvText !== '0') {
    const rv = parseRV(rvText);
    if (p.resourceVersionMatch === 'Exact' && rv !== cache.revision) return listFromBackend(store, prefix, prefix, rv, limit, match);
    try {
      await cache.waitFor(rv, 3000);
    } catch {
      throw timeout(`Too large resource version: ${rv}, current: ${cache.revision}`);
    }
  }
  const all = store.def.storage ? cache.list(prefix).map((e) => store.present(e)) : cache.list(prefix);
  const revision = cache.revision;
  const out: Entry[] = [];
  let i = 0;
  for (; i < all.length; i++) {
    if (limit && out.length >= limit) break;
    if (match(all[i])) out.push(all[i]);
  }
  if (limit && i < all.length) {
    const last = out[out.length - 1].key.slice(prefix.length);
    const filtered = (p.labelSelector?.length ?? 0) + (p.fieldSelector?.length ?? 0) > 0;
    return {
      entries: out,
      revision,
      continueToken: encodeContinue(revision, last + '\x00'),
      remainingItemCount: filtered ? undefined : all.length - i,
    };
  }
  return { entries: out, revision };
}

async function listFromBackend(
  store: ResourceStore,
  prefix: string,
  startKey: string,
  rv: number,
  limit: number,
  match: (e: Entry) => boolean,
): Promise<ListOutcome> {
  const out: Entry[] = [];
  let start = startKey;
  for (;;) {
    let page;
    try {
      page = await store.ctx.backend.list(prefix, { revision: rv, limit: limit ? Math.max(limit, 100) : 0, startKey: start });
    } catch (e) {
      if (e instanceof CompactedError) throw gone(CONTINUE_TOO_OLD);
      if (e instanceof FutureRevisionError) throw timeout(`Too large resource version: ${rv}, current: ${e.current}`);
      throw e;
    }
    for (const kv of page.kvs) {
      if (limit && out.length >= limit) {
        const last = out[out.length - 1].key.slice(prefix.length);
        return { entries: out, revision: rv, continueToken: encodeContinue(rv, last + '\x00') };
      }
      const e = store.present(Entry.fromKv(kv));
      if (match(e)) out.push(e);
    }
    if (!page.more || page.kvs.length === 0) break;
    start = page.kvs[page.kvs.length - 1].key + '\x00';
  }
  return { entries: out, revision: rv };
}

