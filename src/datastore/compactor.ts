// Periodic compaction, like kube-apiserver's (which compacts every 5 minutes): history is
// kept for at least `keepRevisions` revisions AND at least `keepMs` milliseconds, so
// watchers that reconnect within that window can resume.
import type { Backend } from './backend.js';

export interface CompactorOptions {
  /** How often to compact (default 60 s). */
  intervalMs?: number;
  /** Revisions of history always kept (default 10,000). */
  keepRevisions?: number;
  /** History of at least this age is kept (default 5 minutes; 0 = by revisions only). */
  keepMs?: number;
  /** Reports failed compactions (default: a warning on stderr). */
  onError?: (err: unknown) => void;
  /** Clock, for tests. */
  now?: () => number;
}

export interface Compactor {
  /** One compaction pass now; returns the revision compacted to (0 if none). */
  runOnce(): Promise<number>;
  /** Stops the timer and waits for a running pass. */
  stop(): Promise<void>;
}

export function startCompactor(backend: Backend, opts: CompactorOptions = {}): Compactor {
  const intervalMs = opts.intervalMs ?? 60_000;
  const keepRevisions = opts.keepRevisions ?? 10_000;
  const keepMs = opts.keepMs ?? 5 * 60_000;
  const now = opts.now ?? Date.now;
  const onError = opts.onError ?? ((err: unknown) => console.warn(`[datastore] compaction failed: ${String(err)}`));
  /** (time, revision) samples, oldest first. */
  const samples: { at: number; rev: number }[] = [];
  let running: Promise<number> = Promise.resolve(0);
  let stopped = false;

  async function pass(): Promise<number> {
    const current = await backend.currentRevision();
    const t = now();
    samples.push({ at: t, rev: current });
    let target = current - keepRevisions;
    if (keepMs > 0) {
      // The newest sample at least keepMs old bounds the target; drop older ones.
      let i = -1;
      while (i + 1 < samples.length && samples[i + 1].at <= t - keepMs) i++;
      if (i < 0) return 0;
      samples.splice(0, i);
      target = Math.min(target, samples[0].rev);
    }
    if (target <= (await backend.compactRevision())) return 0;
    await backend.compact(target);
    return target;
  }

  function runOnce(): Promise<number> {
    running = running.then(pass, pass).catch((err) => {
      onError(err);
      return 0;
    });
    return running;
  }

  const timer = setInterval(() => {
    if (!stopped) void runOnce();
  }, intervalMs);
  timer.unref();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
