// Batched compaction for the SQLite backend: deletes superseded log rows a small revision
// range at a time, yielding to the event loop between batches so writers never stall for
// long, then checkpoints the WAL so the files stay bounded.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import type { Statements } from './sqlite-schema.js';

/** Target wall time of one deletion batch. */
const BATCH_MS = 20;
const MIN_BATCH = 100;
const MAX_BATCH = 50_000;

/**
 * Deletes every log row that a row at or below `target` superseded, plus tombstones at or
 * below `target`: the state at `target` and all later history stay intact. Progress is stored in meta `compact_done`, so a compaction
 * interrupted by a crash resumes (see SqliteBackend.start). `alive` stops early on close.
 */
export async function runCompaction(
  db: Database.Database,
  st: Statements,
  target: number,
  alive: () => boolean,
): Promise<void> {
  let lo = st.getMeta.get('compact_done')?.value ?? 0;
  let batch = 1000;
  while (lo < target) {
    if (!alive()) return;
    const hi = Math.min(target, lo + batch);
    const t0 = performance.now();
    db.transaction(() => {
      st.compactSuperseded.run({ lo, hi });
      st.compactTombstones.run({ lo, hi });
      st.setMeta.run('compact_done', hi);
    })();
    const took = performance.now() - t0;
    // Adapt the batch so one transaction takes about BATCH_MS.
    batch = Math.max(MIN_BATCH, Math.min(MAX_BATCH, Math.round((batch * BATCH_MS) / Math.max(took, 1))));
    lo = hi;
    await yieldToLoop();
  }
  if (!alive()) return;
  // Pages freed by the deletion are reused by later writes; truncating the WAL keeps the
  // -wal file from staying at its high-water mark.
  db.pragma('wal_checkpoint(TRUNCATE)');
}
