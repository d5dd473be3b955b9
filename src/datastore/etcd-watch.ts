// One Backend watch on top of an etcd3 Watcher (which resumes after reconnects by itself).
import type { Etcd3, Watcher } from 'etcd3';
import { CompactedError, UnavailableError, type Watch, type WatchCallbacks } from './backend.js';
import { isCompactedMessage, toEvent } from './etcd-convert.js';

export interface EtcdWatchHost {
  readonly client: Etcd3;
  /** Whether a read at `revision` would fail because it was compacted. */
  isCompacted(revision: number): Promise<boolean>;
  compactRevision(): Promise<number>;
  /** Called once the watch is over (cancelled or failed), with its etcd cancellation. */
  forget(w: EtcdWatch, cancelling: Promise<void>): void;
}

export class EtcdWatch implements Watch {
  private done = false;
  private watcher?: Watcher;

  constructor(
    private readonly host: EtcdWatchHost,
    private readonly prefix: string,
    private readonly fromRevision: number,
    private readonly cb: WatchCallbacks,
  ) {
    void this.begin();
  }

  private async begin(): Promise<void> {
    try {
      // etcd itself accepts a start revision equal to compactRevision - 1 (it still has that
      // event), and cancels the watch asynchronously otherwise: check first, so every
      // backend reports CompactedError exactly when fromRevision < compactRevision.
      if (await this.host.isCompacted(Math.max(this.fromRevision, 1))) {
        this.fail(new CompactedError(this.fromRevision, await this.host.compactRevision()));
        return;
      }
    } catch (err) {
      this.fail(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    if (this.done) return;
    const w = this.host.client
      .watch()
      .prefix(this.prefix)
      .withPreviousKV()
      .startRevision(String(this.fromRevision + 1))
      .watcher();
    this.watcher = w;
    w.on('data', (res) => {
      if (this.done || res.events.length === 0) return;
      this.cb.onEvents(res.events.map(toEvent));
    });
    // The watcher reconnects by itself after 'disconnected'; 'error' means etcd cancelled it.
    w.on('disconnected', () => undefined);
    w.on('error', (err) => void this.onCancelled(err));
  }

  private async onCancelled(err: Error): Promise<void> {
    if (this.done) return;
    const last = this.watcher?.lastRevision() ?? this.fromRevision;
    let mapped: Error = new UnavailableError(`etcd cancelled the watch: ${err.message}`);
    try {
      const compacted = await this.host.compactRevision();
      if (isCompactedMessage(err) || compacted > last) mapped = new CompactedError(last, compacted);
    } catch {
      // keep the UnavailableError
    }
    this.fail(mapped);
  }

  private fail(err: Error): void {
    if (this.done) return;
    this.cancel();
    this.cb.onError(err);
  }

  cancel(): void {
    if (this.done) return;
    this.done = true;
    const w = this.watcher;
    const cancelling = w ? w.cancel().catch(() => undefined) : Promise.resolve();
    this.host.forget(this, cancelling);
  }
}
