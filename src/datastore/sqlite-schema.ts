// SQLite schema, pragmas and prepared statements for the SQLite backend (kine's layout).
import Database from 'better-sqlite3';

/**
 * One row per revision. `prev_rev` is the revision of the value a write replaced (0 for a
 * create), so watch events carry prevKv; `deleted` rows are tombstones (value NULL).
 * `current` maps each live key to its newest revision for fast reads at the current revision.
 * AUTOINCREMENT keeps revisions from ever being reused, even after compaction deletes the
 * newest rows (tombstones) or a restart.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS log (
  rev INTEGER PRIMARY KEY AUTOINCREMENT,
  key BLOB NOT NULL,
  create_rev INTEGER NOT NULL,
  prev_rev INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  value BLOB
);
CREATE INDEX IF NOT EXISTS log_key_rev ON log (key, rev);
CREATE TABLE IF NOT EXISTS current (
  key BLOB PRIMARY KEY,
  rev INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
`;

export interface KvRow {
  rev: number;
  key: Buffer;
  create_rev: number;
  value: Buffer | null;
}

export interface EventRow extends KvRow {
  prev_rev: number;
  deleted: number;
  p_create: number | null;
  p_value: Buffer | null;
}

const KV = 'l.rev AS rev, l.key AS key, l.create_rev AS create_rev, l.value AS value';
const EVENTS = `SELECT ${KV}, l.prev_rev AS prev_rev, l.deleted AS deleted, p.create_rev AS p_create, p.value AS p_value
  FROM log l LEFT JOIN log p ON l.prev_rev > 0 AND p.rev = l.prev_rev
  WHERE l.rev > @after AND l.rev <= @upTo`;
const LIST_AT = (bounded: boolean) => `SELECT ${KV} FROM log l
  JOIN (SELECT MAX(rev) AS m FROM log WHERE key >= @start ${bounded ? 'AND key < @end' : ''} AND rev <= @rev GROUP BY key) x
  ON l.rev = x.m WHERE l.deleted = 0 ORDER BY l.key LIMIT @limit`;

export function openDatabase(file: string): Database.Database {
  // A short busy timeout: the only other holder of the lock is another process owning the file.
  const db = new Database(file, { timeout: 200 });
  // Durability: WAL with synchronous=NORMAL. A commit is written to the WAL file (the OS page
  // cache) before the call returns, so every acknowledged write survives the process being
  // killed (kill -9); only an OS crash or power loss can lose the last commits. FULL would
  // fsync every commit and cost an order of magnitude in write throughput.
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // One process owns the file: the backend keeps the revision counter in memory.
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('wal_autocheckpoint = 1000');
    db.pragma('journal_size_limit = 16777216');
    db.pragma('cache_size = -4000');
    db.pragma('temp_store = MEMORY');
    db.exec(SCHEMA);
    // Take the file's lock now (EXCLUSIVE mode keeps it until close), even with no writes yet.
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

export function prepareStatements(db: Database.Database) {
  return {
    getCurrent: db.prepare<[Buffer], KvRow>(
      `SELECT ${KV} FROM current c JOIN log l ON l.rev = c.rev WHERE c.key = ?`,
    ),
    getAt: db.prepare<[Buffer, number], KvRow & { deleted: number }>(
      `SELECT ${KV}, l.deleted AS deleted FROM log l WHERE l.key = ? AND l.rev <= ? ORDER BY l.rev DESC LIMIT 1`,
    ),
    listCurrent: db.prepare<{ start: Buffer; end: Buffer; limit: number }, KvRow>(
      `SELECT ${KV} FROM current c JOIN log l ON l.rev = c.rev
       WHERE c.key >= @start AND c.key < @end ORDER BY c.key LIMIT @limit`,
    ),
    listCurrentOpen: db.prepare<{ start: Buffer; limit: number }, KvRow>(
      `SELECT ${KV} FROM current c JOIN log l ON l.rev = c.rev WHERE c.key >= @start ORDER BY c.key LIMIT @limit`,
    ),
    listAt: db.prepare<{ start: Buffer; end: Buffer; rev: number; limit: number }, KvRow>(LIST_AT(true)),
    listAtOpen: db.prepare<{ start: Buffer; rev: number; limit: number }, KvRow>(LIST_AT(false)),
    count: db.prepare<[Buffer, Buffer], { n: number }>(
      'SELECT COUNT(*) AS n FROM current WHERE key >= ? AND key < ?',
    ),
    countOpen: db.prepare<[Buffer], { n: number }>('SELECT COUNT(*) AS n FROM current WHERE key >= ?'),
    insertLog: db.prepare<[number, Buffer, number, number, number, Buffer | null]>(
      'INSERT INTO log (rev, key, create_rev, prev_rev, deleted, value) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    setCurrent: db.prepare<[Buffer, number]>(
      'INSERT INTO current (key, rev) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET rev = excluded.rev',
    ),
    /** A create's claim on its key: changes 0 when the key is live already. */
    claimCurrent: db.prepare<[Buffer, number]>('INSERT INTO current (key, rev) VALUES (?, ?) ON CONFLICT (key) DO NOTHING'),
    deleteCurrent: db.prepare<[Buffer]>('DELETE FROM current WHERE key = ?'),
    events: db.prepare<{ after: number; upTo: number; start: Buffer; end: Buffer }, EventRow>(
      `${EVENTS} AND l.key >= @start AND l.key < @end ORDER BY l.rev`,
    ),
    eventsOpen: db.prepare<{ after: number; upTo: number; start: Buffer }, EventRow>(
      `${EVENTS} AND l.key >= @start ORDER BY l.rev`,
    ),
    /**
     * Compaction of the rows in (lo, hi]: every update/delete there supersedes the row named by
     * its prev_rev, which is deleted (it may be older than lo: a survivor of an earlier
     * compaction); then tombstones in the range go too. Run in ascending ranges.
     */
    compactSuperseded: db.prepare<{ lo: number; hi: number }>(
      'DELETE FROM log WHERE rev IN (SELECT prev_rev FROM log WHERE rev > @lo AND rev <= @hi AND prev_rev > 0)',
    ),
    compactTombstones: db.prepare<{ lo: number; hi: number }>(
      'DELETE FROM log WHERE rev > @lo AND rev <= @hi AND deleted = 1',
    ),
    maxRev: db.prepare<[], { rev: number | null }>(
      "SELECT MAX(rev) AS rev FROM (SELECT seq AS rev FROM sqlite_sequence WHERE name = 'log' UNION ALL SELECT MAX(rev) FROM log)",
    ),
    getMeta: db.prepare<[string], { value: number }>('SELECT value FROM meta WHERE name = ?'),
    setMeta: db.prepare<[string, number]>(
      'INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
