// Watches for in-process backends (memory, sqlite): each watcher first replays history
// from the backend's log in pages, then switches to live events pushed by the writer.
// Reads are synchronous, so "caught up" and "live" are decided atomically with respect
// to writes and no event is lost or duplicated at the switch-over.
import { CompactedError, type Watch, type WatchCallbacks, type WatchEvent } from './backend.js';

/** Synchronous history access an in-process backend gives its watchers. */
export interface HistorySource {
  currentRevision(): number;
  compactRevision(): number;
  /** Events for keys under `prefix` with revision in (after, upTo], in revision order. */
  readEvents(prefix: string, after: number, upTo: number): WatchEvent[];
}

/** Revisions scanned per replay step; steps yield to the event loop in between. */
const REPLAY_PAGE = 2000;

class LocalWatcher implements Watch {
  /** Highest revision already delivered (or scanned). */
  private cursor: number;
  live = false;
  done = false;
  private pending: WatchEvent[] = [];
  private flushQueued = false;

  constructor(
    private readonly hub: WatchHub,
    readonly prefix: string,
    fromRevision: number,
    private readonly cb: WatchCallbacks,
  ) {
    this.cursor = fromRevision;
    const src = hub.source;
    if (fromRevision >= src.currentRevision() && fromRevision >= src.compactRevision()) {
      this.live = true;
    } else {
      setImmediate(() => this.step());
    }
  }

  cancel(): void {
    this.done = true;
    this.pending = [];
    this.hub.remove(this);
  }

  /** One replay step: reads up to REPLAY_PAGE revisions of history, goes live when caught up. */
  private step(): void {
    if (this.done) return;
    const src = this.hub.source;
    const compacted = src.compactRevision();
    if (this.cursor < compacted) {
      this.fail(new CompactedError(this.cursor, compacted));
      return;
    }
    const current = src.currentRevision();
    const upTo = Math.min(current, this.cursor + REPLAY_PAGE);
    const events = upTo > this.cursor ? src.readEvents(this.prefix, this.cursor, upTo) : [];
    this.cursor = Math.max(this.cursor, upTo);
    if (this.cursor >= current) this.live = true;
    if (events.length > 0) this.cb.onEvents(events);
    if (!this.live && !this.done) setImmediate(() => this.step());
  }

  /** Called by the hub for every committed event (already filtered by prefix). */
  push(ev: WatchEvent): void {
    if (ev.kv.modRevision <= this.cursor) return;
    this.cursor = ev.kv.modRevision;
    this.pending.push(ev);
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => this.flush());
    }
  }

  private flush(): void {
    this.flushQueued = false;
    if (this.done || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.cb.onEvents(batch);
  }

  private fail(err: Error): void {
    this.cancel();
    this.cb.onError(err);
  }
}

export class WatchHub {
  private readonly watchers = new Set<LocalWatcher>();

  constructor(readonly source: HistorySource) {}

  watch(prefix: string, fromRevision: number, cb: WatchCallbacks): Watch {
    const w = new LocalWatcher(this, prefix, fromRevision, cb);
    this.watchers.add(w);
    return w;
  }

  remove(w: LocalWatcher): void {
    this.watchers.delete(w);
  }

  /** Delivers the events of one committed write to live watchers. */
  publish(events: WatchEvent[]): void {
    if (this.watchers.size === 0) return;
    for (const w of this.watchers) {
      if (!w.live) continue; // still replaying: it will read these from history
      for (const ev of events) if (ev.kv.key.startsWith(w.prefix)) w.push(ev);
    }
  }

  /** Ends every watch silently (used by close()). */
  closeAll(): void {
    for (const w of [...this.watchers]) w.cancel();
  }
}
