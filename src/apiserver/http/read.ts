// GET, LIST and WATCH handlers, rendering objects, Tables or
// PartialObjectMetadata as the client asked.
import { badRequest, StatusError, toStatusError } from '../errors.js';
import { cachedJson, type Entry } from '../registry/entry.js';
import { listEntries, supportsField, type ListParams } from '../registry/list.js';
import { startWatch } from '../registry/watch.js';
import { checkFieldsSupported, parseFieldSelector } from '../selectors/fields.js';
import { labelSelectorFromQuery } from '../selectors/labels.js';
import { InvalidIncludeObjectError, parseIncludeObject, toTable } from '../printers/table.js';
import type { KubeObject } from '../types.js';
import { boolParam, type Ctx, intParam } from './request.js';
import { sendDocument, sendJson, warningHeader } from './respond.js';

function apiVersionOf(ctx: Ctx): string {
  return ctx.def.group ? `${ctx.def.group}/${ctx.def.version}` : ctx.def.version;
}

function includeObject(ctx: Ctx) {
  try {
    return parseIncludeObject(ctx.query.get('includeObject'));
  } catch (e) {
    if (e instanceof InvalidIncludeObjectError) throw badRequest(e.message);
    throw e;
  }
}

function partial(obj: KubeObject, version: string): object {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata };
}

function headers(ctx: Ctx): Record<string, string | string[]> {
  return ctx.warnings.length ? { Warning: ctx.warnings.map(warningHeader) } : {};
}

/** Sends one object in the negotiated rendering (`obj` may be lazy when `json` is given). */
export function sendObject(ctx: Ctx, code: number, objOrFn: KubeObject | (() => KubeObject), json?: string): void {
  const r = ctx.rendering;
  if (r.as === 'object' && r.format === 'json') {
    const text = json ?? (typeof objOrFn === 'function' ? undefined : cachedJson(objOrFn));
    if (text !== undefined) {
      sendDocument(ctx.res, code, text, 'json', headers(ctx));
      return;
    }
  }
  const obj = typeof objOrFn === 'function' ? objOrFn() : objOrFn;
  if (r.as === 'table') {
    const t = toTable(ctx.def.table, [obj], { now: ctx.services.now(), includeObject: includeObject(ctx), listMeta: { resourceVersion: obj.metadata?.resourceVersion } });
    if (r.version === 'v1beta1') (t as { apiVersion: string }).apiVersion = 'meta.k8s.io/v1beta1';
    sendJson(ctx.res, code, t, headers(ctx));
  } else if (r.as === 'partial') {
    sendJson(ctx.res, code, partial(obj, r.version), headers(ctx));
  } else {
    sendDocument(ctx.res, code, json ?? JSON.stringify(obj), r.format, headers(ctx));
  }
}

export async function handleGet(ctx: Ctx): Promise<void> {
  const e = await ctx.store.getEntry(ctx.info.namespace, ctx.info.name);
  sendObject(ctx, 200, () => e.object(), e.json);
}

export function listParams(ctx: Ctx): ListParams {
  const q = ctx.query;
  const fieldSelector = parseFieldSelector(q.get('fieldSelector'));
  checkFieldsSupported(fieldSelector, (f) => supportsField(ctx.def, f));
  const limit = intParam(q, 'limit');
  return {
    labelSelector: labelSelectorFromQuery(q.get('labelSelector')),
    fieldSelector,
    limit: limit && limit > 0 ? limit : undefined,
    continueToken: q.get('continue') || undefined,
    resourceVersion: q.get('resourceVersion') ?? undefined,
    resourceVersionMatch: q.get('resourceVersionMatch') ?? undefined,
  };
}

export async function handleList(ctx: Ctx): Promise<void> {
  const p = listParams(ctx);
  if (p.resourceVersionMatch && !['Exact', 'NotOlderThan'].includes(p.resourceVersionMatch))
    throw badRequest(`resourceVersionMatch: Unsupported value: ${JSON.stringify(p.resourceVersionMatch)}: supported values: "Exact", "NotOlderThan"`);
  if (p.resourceVersionMatch && !p.resourceVersion) throw badRequest('resourceVersionMatch is forbidden unless resourceVersion is provided');
  const out = await listEntries(ctx.store, ctx.info.namespace, p);
  const listMeta: Record<string, unknown> = { resourceVersion: String(out.revision) };
  if (out.continueToken) listMeta.continue = out.continueToken;
  if (out.remainingItemCount !== undefined) listMeta.remainingItemCount = out.remainingItemCount;
  const r = ctx.rendering;
  if (r.as === 'table') {
    const t = toTable(ctx.def.table, out.entries.map((e) => e.object()), { now: ctx.services.now(), includeObject: includeObject(ctx), listMeta });
    if (r.version === 'v1beta1') (t as { apiVersion: string }).apiVersion = 'meta.k8s.io/v1beta1';
    sendJson(ctx.res, 200, t, headers(ctx));
    return;
  }
  if (r.as === 'partial') {
    const items = out.entries.map((e) => partial(e.object(), r.version));
    sendJson(ctx.res, 200, { kind: 'PartialObjectMetadataList', apiVersion: `meta.k8s.io/${r.version}`, metadata: listMeta, items }, headers(ctx));
    return;
  }
  const head = `{"kind":${JSON.stringify(ctx.def.listKind)},"apiVersion":${JSON.stringify(apiVersionOf(ctx))},"metadata":${JSON.stringify(listMeta)},"items":[`;
  if (r.format === 'yaml') {
    sendDocument(ctx.res, 200, head + out.entries.map((e: Entry) => e.json).join(',') + ']}', r.format, headers(ctx));
    return;
  }
  await streamList(ctx, head, out.entries);
}

/** Writes a JSON list in ~1 MiB chunks, waiting for the socket to drain, instead of one huge string. */
async function streamList(ctx: Ctx, head: string, entries: Entry[]): Promise<void> {
  const res = ctx.res;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', ...headers(ctx) });
  let chunk = head;
  for (let i = 0; i < entries.length; i++) {
    chunk += (i ? ',' : '') + entries[i].json;
    if (chunk.length >= 1 << 20) {
      if (!res.write(chunk)) await new Promise<void>((resolve) => {
        res.once('drain', resolve);
        res.once('close', resolve);
      });
      if (res.destroyed) return;
      chunk = '';
    }
  }
  res.end(chunk + ']}');
}

/** One watch event's bytes, encoded once and shared by every watcher that gets it. */
const frames = new WeakMap<Entry, Map<string, Buffer>>();

function eventFrame(type: string, entry: Entry): Buffer {
  let m = frames.get(entry);
  if (!m) {
    m = new Map();
    frames.set(entry, m);
  }
  let buf = m.get(type);
  if (!buf) {
    buf = Buffer.from(`{"type":"${type}","object":${entry.json}}\n`);
    m.set(type, buf);
  }
  return buf;
}

/** Streams watch events as newline-delimited JSON until the client leaves or the timeout ends it. */
export async function handleWatch(ctx: Ctx): Promise<void> {
  const p = listParams(ctx);
  const q = ctx.query;
  const timeoutSeconds = intParam(q, 'timeoutSeconds') ?? 1800 + Math.floor(Math.random() * 1800);
  const r = ctx.rendering;
  const res = ctx.res;
  const version = r.as === 'object' ? '' : r.version;
  let first = true;
  const encode = (type: string, entry: Entry | undefined, obj?: object): string | Buffer => {
    if (r.as === 'table' && entry) {
      const t = toTable(ctx.def.table, [entry.object()], { now: ctx.services.now(), includeObject: includeObject(ctx), listMeta: { resourceVersion: String(entry.rev) } });
      if (!first) (t as { columnDefinitions: unknown[] }).columnDefinitions = [];
      first = false;
      if (version === 'v1beta1') (t as { apiVersion: string }).apiVersion = 'meta.k8s.io/v1beta1';
      return `{"type":"${type}","object":${JSON.stringify(t)}}\n`;
    }
    if (r.as === 'partial' && entry) return `{"type":"${type}","object":${JSON.stringify(partial(entry.object(), version))}}\n`;
    if (entry) return eventFrame(type, entry);
    return `{"type":"${type}","object":${JSON.stringify(obj)}}\n`;
  };
  let closed = false;
  let watch: { stop(): void } | undefined;
  const finish = (): void => {
    if (closed) return;
    closed = true;
    watch?.stop();
    clearTimeout(timer);
    if (started) res.end();
  };
  let started = false;
  const pending: Array<string | Buffer> = [];
  const write = (chunk: string | Buffer): void => {
    if (closed) return;
    if (!started) {
      pending.push(chunk);
      return;
    }
    res.write(chunk);
    // A client that stops reading is dropped rather than buffered without bound.
    if (res.writableLength > 64 * 1024 * 1024) finish();
  };
  const timer = setTimeout(finish, timeoutSeconds * 1000);
  res.on('close', finish);
  const apiVersion = apiVersionOf(ctx);
  watch = await startWatch(
    ctx.store,
    ctx.info.namespace,
    { ...p, allowWatchBookmarks: boolParam(q, 'allowWatchBookmarks') ?? false, sendInitialEvents: boolParam(q, 'sendInitialEvents') },
    {
      event: (type, entry) => write(encode(type, entry)),
      bookmark: (rev, end) => {
        const metadata: Record<string, unknown> = { resourceVersion: String(rev) };
        if (end) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
        write(encode('BOOKMARK', undefined, { kind: ctx.def.kind, apiVersion, metadata }));
      },
      error: (err) => {
        const s = err instanceof StatusError ? err : toStatusError(err);
        write(encode('ERROR', undefined, s.toStatus()));
        finish();
      },
    },
  );
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private', ...headers(ctx) });
  res.flushHeaders();
  started = true;
  for (const chunk of pending) res.write(chunk);
  if (closed) {
    watch.stop();
    res.end();
  }
}
