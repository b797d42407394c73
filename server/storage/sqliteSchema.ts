/**
 * The SQLite database file behind the storage: where it lives, how it is
 * opened (pragmas) and its schema, migrated in place.
 *
 * Pragmas:
 * - journal_mode = WAL: readers (e.g. the CLI with `readonly: true`) never block the
 *   writer and vice versa; commits append to the WAL instead of rewriting pages.
 * - synchronous = FULL: every commit fsyncs the WAL before `append()` resolves, so an
 *   acknowledged update survives kill -9 *and* power loss / OS crash. Measured on the
 *   dev VM: ~0.25-0.3 ms per single-update commit with FULL vs ~0.03 ms with NORMAL;
 *   the sync server batches updates per transaction, so FULL is affordable.
 *   (For the record: WAL+NORMAL would still be safe against a process kill, because a
 *   committed transaction is in the OS page cache once write() returns; it only risks
 *   losing the last commits on power loss / kernel crash.)
 * - busy_timeout = 5000: another process holding the write lock (a second server by
 *   mistake, a CLI write) makes us wait up to 5 s instead of failing with SQLITE_BUSY.
 * - foreign_keys = ON: enforced for any future relations (off by default in SQLite).
 * - wal_autocheckpoint: SQLite's default checkpoints the WAL inside the commit
 *   that grows it past 1,000 pages, so that commit (and every update waiting for
 *   it) pays for copying the pages into the database and an fsync of it. The
 *   server's writer (the worker, ./sqliteWorkerThread.ts) opens with
 *   `checkpoints: 'between-commits'` and checkpoints itself after answering,
 *   between requests; automatic checkpoints stay on as a backstop, far out
 *   (WAL_BACKSTOP_PAGES). A small WAL that is checkpointed often is also
 *   rewritten in place instead of growing: an fsync of overwritten pages does
 *   not have to commit file-size metadata too.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

type DB = Database.Database;

// ---------------------------------------------------------------------------
// Schema migrations. MIGRATIONS[i] upgrades schema version i to i + 1; the
// version is stored in `PRAGMA user_version`. Append new steps, never edit
// released ones.
// ---------------------------------------------------------------------------

const MIGRATIONS: ReadonlyArray<(db: DB) => void> = [
  // 0 -> 1: initial schema.
  (db) => {
    db.exec(`
      CREATE TABLE boards (
        id               TEXT    PRIMARY KEY NOT NULL,
        title            TEXT    NOT NULL,
        created_at       INTEGER NOT NULL,
        facilitator_hash TEXT    NOT NULL,
        participant_hash TEXT    NOT NULL,
        viewer_hash      TEXT    NOT NULL
      ) STRICT;
      CREATE TABLE doc_updates (
        doc_name TEXT    NOT NULL,
        seq      INTEGER NOT NULL,
        data     BLOB    NOT NULL,
        PRIMARY KEY (doc_name, seq)
      ) STRICT;
      CREATE TABLE snapshots (
        doc_name TEXT    PRIMARY KEY NOT NULL,
        data     BLOB    NOT NULL,
        upto_seq INTEGER NOT NULL
      ) STRICT;
    `);
  },
  // 1 -> 2: version history (history snapshots of a board's content document).
  (db) => {
    db.exec(`
      CREATE TABLE history_snapshots (
        board_id TEXT    NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
        id       TEXT    NOT NULL,
        at       INTEGER NOT NULL,
        reason   TEXT    NOT NULL,
        label    TEXT,
        phase    TEXT,
        state    BLOB    NOT NULL,
        PRIMARY KEY (board_id, id)
      ) STRICT;
      CREATE INDEX history_snapshots_by_time ON history_snapshots (board_id, at, id);
    `);
  },
  // 2 -> 3: who saved a manual snapshot ('facilitator' | 'participant'; NULL otherwise and on older rows).
  (db) => {
    db.exec('ALTER TABLE history_snapshots ADD COLUMN saved_by TEXT');
  },
];

const SCHEMA_VERSION = MIGRATIONS.length;

function userVersion(db: DB): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Runs every pending migration, each in its own transaction together with its version bump. */
function migrate(db: DB, file: string): void {
  const current = userVersion(db);
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `${file}: schema version ${current} is newer than this build supports (${SCHEMA_VERSION}); upgrade the server`,
    );
  }
  for (let v = current; v < SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new Error(`missing migration step ${v} -> ${v + 1}`);
    db.transaction(() => {
      step(db);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}

export interface SqliteStorageOptions {
  dataDir: string;
  /** Defaults to `vcp.sqlite`. */
  fileName?: string;
  /** Open read-only (e.g. a CLI inspecting the DATA_DIR of a running server). Writes reject. */
  readonly?: boolean;
  /**
   * 'automatic' (default): SQLite checkpoints inside the commit that fills the
   * WAL. 'between-commits': the caller checkpoints (`checkpoint()` of
   * ./sqlite.ts) when no commit is waiting; SQLite only at WAL_BACKSTOP_PAGES.
   */
  checkpoints?: 'automatic' | 'between-commits';
  /**
   * Who makes commits durable. 'sqlite' (default): synchronous = FULL, every
   * commit fsyncs the WAL before it returns. 'caller': SQLite only writes
   * (synchronous = OFF, no automatic checkpoint); the caller syncs the WAL after
   * commits, before it checkpoints, and the database after each `checkpoint()`,
   * before the next write (./sqliteServer.ts: when, and what waits for the syncs).
   * Closing switches back to FULL, so the last checkpoint is synced by SQLite.
   */
  fsync?: 'sqlite' | 'caller';
}

/** With `checkpoints: 'between-commits'`: the WAL size (pages) at which SQLite checkpoints anyway. */
const WAL_BACKSTOP_PAGES = 16_000;

/** Opens (creating and migrating, unless read-only) the database file of `opts`. */
export function openDatabase(opts: SqliteStorageOptions): DB {
  const file = path.join(opts.dataDir, opts.fileName ?? 'vcp.sqlite');
  const readonly = opts.readonly === true;

  if (readonly) {
    if (!fs.existsSync(file)) throw new Error(`cannot open ${file} read-only: file does not exist`);
  } else {
    fs.mkdirSync(opts.dataDir, { recursive: true });
  }

  const db = new Database(file, { readonly, fileMustExist: readonly, timeout: 5000 });
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    if (readonly) {
      // journal_mode cannot be changed read-only; the writer already set WAL (persistent).
      const v = userVersion(db);
      if (v !== SCHEMA_VERSION) {
        throw new Error(
          `${file}: schema version ${v}, expected ${SCHEMA_VERSION}; open it once read-write (start the server) to migrate`,
        );
      }
    } else {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`${file}: could not enable WAL journal mode (got ${String(mode)})`);
      if (opts.fsync === 'caller') {
        db.pragma('synchronous = OFF');
        // An automatic checkpoint would copy pages into the database inside a commit, unsynced.
        db.pragma('wal_autocheckpoint = 0');
      } else {
        db.pragma('synchronous = FULL');
        if (opts.checkpoints === 'between-commits') db.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`);
      }
      migrate(db, file);
    }
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
