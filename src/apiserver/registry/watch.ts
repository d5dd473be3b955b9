// WATCH: initial state (synthetic ADDED events) or replay from a
// resourceVersion, then live events, filtered by selectors with upstream's
// transitions (an object that stops matching is reported DELETED).
import { CompactedError, type WatchEvent } from '../../datastore/backend.js';
import { badRequest, gone, timeout } from '../errors.js';
import type { CacheEvent, EventType } from './cache.js';
import { Entry } from './entry.js';
import { entryMatcher, type ListParams } from './list.js';
import type { ResourceStore } from './store.js';

export interface WatchParams extends ListParams {
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
}

export interface WatchSink {
  /** An object event. */
  event(type: EventType, entry: Entry): void;
  /** A BOOKMARK at `rev`; `initialEventsEnd` marks the end of sendInitialEvents. */
  bookmark(rev: number, initialEventsEnd: boolean): void;
  /** A terminal error (e.g. 410 Gone); the stream ends after it. */
  error(err: Error): void;
}

export interface ActiveWatch {
  stop(): void;
}

function tooOld(rv: number, oldest: number): Error {
  return gone(`too old resource version: ${rv} (${oldest})`);
}

/** Applies selector transitions; returns the event to send, if any. */
function filtered(ev: CacheEvent, match: (e: Entry) => boolean): { type: EventType; entry: Entry } | undefined {
  const now = ev.type !== 'DELETED' && match(ev.entry);
  const before = ev.prev !== undefined && match(ev.prev);
  if (ev.type === 'DELETED') return before || match(ev.entry) ? { type: 'DELETED', entry: ev.entry } : undefined;
  if (now && before) return { type: 'MODIFIED', entry: ev.entry };
  if (now) return { type: 'ADDED', entry: ev.entry };
  if (before) return { type: 'DELETED', entry: ev.entry };
  return undefined;
}

export async function startWatch(store: ResourceStore, namespace: string, p: WatchParams, sink: WatchSink): Promise<ActiveWatch> {
  const cache = store.ctx.cache;
  const prefix = store.prefixFor(namespace);
  const match = entryMatcher(store.def, p);
  const rvText = p.resourceVersion ?? '';
  if (rvText !== '' && !/^\d+$/.test(rvText)) throw badRequest(`invalid resource version: ${JSON.stringify(rvText)}`);
  const initial = p.sendInitialEvents ?? (rvText === '' || rvText === '0');
  if (p.sendInitialEvents && p.resourceVersionMatch !== 'NotOlderThan')
    throw badRequest('sendInitialEvents requires setting resourceVersionMatch to NotOlderThan');
  if (rvText === '') await cache.sync();

  const view = (ev: CacheEvent): CacheEvent =>
    store.def.storage ? { ...ev, entry: store.present(ev.entry), prev: ev.prev && store.present(ev.prev) } : ev;
  const deliver = (raw: CacheEvent): void => {
    const ev = view(raw);
    const f = filtered(ev, match);
    if (f) sink.event(f.type, f.entry);
  };
  let stopped = false;
  let cancel: () => void = () => {};
  if (initial) {
    const rev = cache.revision;
    const reg = cache.watchFrom(prefix, rev, { send: deliver });
    if (!reg) throw tooOld(rev, cache.oldestResumable);
    for (const raw of cache.list(prefix)) {
      const e = store.present(raw);
      if (match(e)) sink.event('ADDED', e);
    }
    if (p.sendInitialEvents) sink.bookmark(rev, true);
    cancel = reg.cancel;
  } else {
    const from = Number(rvText);
    if (from > cache.revision) {
      try {
        await cache.waitFor(from, 3000);
      } catch {
        throw timeout(`Too large resource version: ${from}, current: ${cache.revision}`);
      }
    }
    const reg = cache.watchFrom(prefix, from, { send: deliver });
    if (reg) {
      for (const ev of reg.replay) deliver(ev);
      cancel = reg.cancel;
    } else {
      // Older than the cache's window (e.g. right after a restart): replay from the datastore.
      cancel = watchFromBackend(store, prefix, from, deliver, sink);
    }
  }
  let timer: NodeJS.Timeout | undefined;
  if (p.allowWatchBookmarks) {
    timer = setInterval(() => {
      if (!stopped) sink.bookmark(cache.revision, false);
    }, 5000);
    timer.unref();
  }
  return {
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      cancel();
    },
  };
}

function watchFromBackend(
  store: ResourceStore,
  prefix: string,
  from: number,
  deliver: (ev: CacheEvent) => void,
  sink: WatchSink,
): () => void {
  const w = store.ctx.backend.watch(prefix, from, {
    onEvents(evs: WatchEvent[]) {
      for (const ev of evs) {
        const prev = ev.prevKv ? Entry.fromKv(ev.prevKv) : undefined;
        if (ev.type === 'DELETE') {
          const last = prev ?? Entry.fromKv(ev.kv);
          deliver({ type: 'DELETED', rev: ev.kv.modRevision, entry: last.withRevision(ev.kv.modRevision), prev: last });
        } else {
          deliver({ type: prev ? 'MODIFIED' : 'ADDED', rev: ev.kv.modRevision, entry: Entry.fromKv(ev.kv), prev });
        }
      }
    },
    onError(err: Error) {
      if (err instanceof CompactedError) sink.error(tooOld(from, err.compactRevision));
      else sink.error(err);
    },
  });
  return () => w.cancel();
}
