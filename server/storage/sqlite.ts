/**
 * SQLite implementation of BoardStorage (better-sqlite3, synchronous under an async facade).
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
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  CLOSED_MESSAGE,
  assertBoardId,
  assertBoardRecord,
  assertBytes,
  assertDocName,
  assertDocUpdateBatch,
  assertNewSnapshot,
  assertSeq,
  assertSnapshotId,
  assertSnapshotIds,
  docBelongsToBoard,
} from './types.ts';
import type { BoardRecord, BoardStorage, DocUpdate, NewSnapshot, SnapshotMeta, SnapshotReason, StoredDoc } from './types.ts';

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
];

export const SCHEMA_VERSION = MIGRATIONS.length;

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

// ---------------------------------------------------------------------------
// Byte conversion
// ---------------------------------------------------------------------------

/** Buffer -> plain Uint8Array view over the same memory (no copy). */
function toU8(buf: Buffer): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Uint8Array -> Buffer view (no copy) so better-sqlite3 binds it as a BLOB. */
function toBuf(u8: Uint8Array): Buffer {
  return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
}

/** First string after every string that starts with `prefix` (binary collation). */
function prefixUpperBound(prefix: string): string {
  // Only used with prefixes ending in '/', whose successor '0' is a plain ASCII char.
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

interface BoardRow {
  id: string;
  title: string;
  created_at: number;
  facilitator_hash: string;
  participant_hash: string;
  viewer_hash: string;
}

interface SnapshotRow {
  id: string;
  at: number;
  reason: string;
  label: string | null;
  phase: string | null;
  bytes: number;
}

function rowToSnapshotMeta(r: SnapshotRow): SnapshotMeta {
  const meta: SnapshotMeta = { id: r.id, at: r.at, reason: r.reason as SnapshotReason, bytes: r.bytes };
  if (r.label !== null) meta.label = r.label;
  if (r.phase !== null) meta.phase = r.phase;
  return meta;
}

function rowToBoard(r: BoardRow): BoardRecord {
  return {
    id: r.id,
    title: r.title,
    createdAt: r.created_at,
    secretHashes: { facilitator: r.facilitator_hash, participant: r.participant_hash, viewer: r.viewer_hash },
  };
}

// ---------------------------------------------------------------------------

export interface SqliteStorageOptions {
  dataDir: string;
  /** Defaults to `vcp.sqlite`. */
  fileName?: string;
  /** Open read-only (e.g. a CLI inspecting the DATA_DIR of a running server). Writes reject. */
  readonly?: boolean;
}

export function openSqliteStorage(opts: SqliteStorageOptions): BoardStorage {
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
      db.pragma('synchronous = FULL');
      migrate(db, file);
    }
  } catch (err) {
    db.close();
    throw err;
  }

  // Prepared once. Preparing writes on a read-only connection is fine; running them rejects.
  const st = {
    insertBoard: db.prepare<[string, string, number, string, string, string]>(
      `INSERT INTO boards (id, title, created_at, facilitator_hash, participant_hash, viewer_hash)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    getBoard: db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE id = ?'),
    listBoards: db.prepare<[], BoardRow>('SELECT * FROM boards ORDER BY created_at, id'),
    updateTitle: db.prepare<[string, string]>('UPDATE boards SET title = ? WHERE id = ?'),
    deleteBoard: db.prepare<[string]>('DELETE FROM boards WHERE id = ?'),
    // Docs `id` and `id/...`: equality plus a half-open range on the primary-key index
    // (a LIKE pattern would need escaping of % and _ inside ids).
    deleteDocUpdates: db.prepare<[string, string, string]>(
      'DELETE FROM doc_updates WHERE doc_name = ? OR (doc_name >= ? AND doc_name < ?)',
    ),
    deleteSnapshots: db.prepare<[string, string, string]>(
      'DELETE FROM snapshots WHERE doc_name = ? OR (doc_name >= ? AND doc_name < ?)',
    ),
    // Seqs continue after the snapshot point even when the log was fully compacted.
    lastSeq: db
      .prepare<{ doc: string }, number>(
        `SELECT max(
           coalesce((SELECT max(seq) FROM doc_updates WHERE doc_name = $doc), 0),
           coalesce((SELECT upto_seq FROM snapshots WHERE doc_name = $doc), 0)
         )`,
      )
      .pluck(),
    insertUpdate: db.prepare<[string, number, Buffer]>(
      'INSERT INTO doc_updates (doc_name, seq, data) VALUES (?, ?, ?)',
    ),
    getSnapshot: db.prepare<[string], { data: Buffer; upto_seq: number }>(
      'SELECT data, upto_seq FROM snapshots WHERE doc_name = ?',
    ),
    getUpdates: db.prepare<[string], { seq: number; data: Buffer }>(
      'SELECT seq, data FROM doc_updates WHERE doc_name = ? ORDER BY seq',
    ),
    upsertSnapshot: db.prepare<[string, Buffer, number]>(
      `INSERT INTO snapshots (doc_name, data, upto_seq) VALUES (?, ?, ?)
       ON CONFLICT (doc_name) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq`,
    ),
    deleteUpdatesUpto: db.prepare<[string, number]>('DELETE FROM doc_updates WHERE doc_name = ? AND seq <= ?'),
    insertHistory: db.prepare<[string, string, number, string, string | null, string | null, Buffer]>(
      'INSERT INTO history_snapshots (board_id, id, at, reason, label, phase, state) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    listHistory: db.prepare<[string], SnapshotRow>(
      `SELECT id, at, reason, label, phase, length(state) AS bytes FROM history_snapshots
       WHERE board_id = ? ORDER BY at, id`,
    ),
    getHistory: db.prepare<[string, string], SnapshotRow & { state: Buffer }>(
      `SELECT id, at, reason, label, phase, length(state) AS bytes, state FROM history_snapshots
       WHERE board_id = ? AND id = ?`,
    ),
    historyExists: db.prepare<[string, string], number>('SELECT 1 FROM history_snapshots WHERE board_id = ? AND id = ?').pluck(),
    deleteHistory: db.prepare<[string, string]>('DELETE FROM history_snapshots WHERE board_id = ? AND id = ?'),
    deleteBoardHistory: db.prepare<[string]>('DELETE FROM history_snapshots WHERE board_id = ?'),
  };

  // --- transactions (all-or-nothing; any throw rolls back) ---

  const appendTx = db.transaction((batch: DocUpdate[]): number[] => {
    const next = new Map<string, number>();
    return batch.map(({ docName, update }) => {
      const seq = (next.get(docName) ?? (st.lastSeq.get({ doc: docName }) ?? 0)) + 1;
      next.set(docName, seq);
      st.insertUpdate.run(docName, seq, toBuf(update));
      return seq;
    });
  });

  const createBoardTx = db.transaction((r: BoardRecord, initial: DocUpdate[]) => {
    const h = r.secretHashes;
    try {
      st.insertBoard.run(r.id, r.title, r.createdAt, h.facilitator, h.participant, h.viewer);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new Error(`board ${JSON.stringify(r.id)} already exists`, { cause: err });
      }
      throw err;
    }
    appendTx(initial); // nested: becomes a savepoint inside this transaction
  });

  const deleteBoardTx = db.transaction((id: string) => {
    const lo = `${id}/`;
    const hi = prefixUpperBound(lo);
    st.deleteDocUpdates.run(id, lo, hi);
    st.deleteSnapshots.run(id, lo, hi);
    st.deleteBoardHistory.run(id);
    st.deleteBoard.run(id);
  });

  const putSnapshotTx = db.transaction((boardId: string, snap: NewSnapshot) => {
    if (!st.getBoard.get(boardId)) throw new Error(`board ${JSON.stringify(boardId)} not found`);
    if (st.historyExists.get(boardId, snap.id)) throw new Error(`snapshot ${JSON.stringify(snap.id)} already exists`);
    st.insertHistory.run(boardId, snap.id, snap.at, snap.reason, snap.label ?? null, snap.phase ?? null, toBuf(snap.state));
  });

  const deleteSnapshotsTx = db.transaction((boardId: string, ids: readonly string[]): number => {
    let deleted = 0;
    for (const id of new Set(ids)) deleted += st.deleteHistory.run(boardId, id).changes;
    return deleted;
  });

  const compactTx = db.transaction((docName: string, snapshot: Uint8Array, uptoSeq: number) => {
    const prev = st.getSnapshot.get(docName);
    if (prev && uptoSeq < prev.upto_seq) {
      throw new Error(
        `stale compaction of ${JSON.stringify(docName)}: uptoSeq ${uptoSeq} < current snapshot point ${prev.upto_seq}`,
      );
    }
    const last = st.lastSeq.get({ doc: docName }) ?? 0;
    if (uptoSeq > last) {
      throw new Error(`compaction of ${JSON.stringify(docName)} beyond log end: uptoSeq ${uptoSeq} > lastSeq ${last}`);
    }
    st.upsertSnapshot.run(docName, toBuf(snapshot), uptoSeq);
    st.deleteUpdatesUpto.run(docName, uptoSeq);
  });

  // Reads that span two statements run in one (deferred) transaction for a consistent view.
  const loadTx = db.transaction((docName: string): StoredDoc => {
    const snap = st.getSnapshot.get(docName);
    const rows = st.getUpdates.all(docName);
    let logBytes = 0;
    const updates = rows.map((r) => {
      logBytes += r.data.byteLength;
      return toU8(r.data);
    });
    const lastRow = rows[rows.length - 1];
    const lastSeq = Math.max(lastRow?.seq ?? 0, snap?.upto_seq ?? 0);
    return { snapshot: snap ? toU8(snap.data) : null, updates, lastSeq, logBytes };
  });

  let closed = false;
  function open(): void {
    if (closed) throw new Error(CLOSED_MESSAGE);
  }

  return {
    async createBoard(record, initial = []) {
      open();
      assertBoardRecord(record);
      assertDocUpdateBatch(initial);
      for (const u of initial) {
        if (!docBelongsToBoard(u.docName, record.id)) {
          throw new Error(`initial update for ${JSON.stringify(u.docName)} does not belong to board ${record.id}`);
        }
      }
      createBoardTx.immediate(record, initial);
    },

    async getBoard(id) {
      open();
      if (typeof id !== 'string') throw new TypeError('board id must be a string');
      const row = st.getBoard.get(id);
      return row ? rowToBoard(row) : undefined;
    },

    async updateTitle(id, title) {
      open();
      if (typeof id !== 'string') throw new TypeError('board id must be a string');
      if (typeof title !== 'string') throw new TypeError('board title must be a string');
      const res = st.updateTitle.run(title, id);
      if (res.changes === 0) throw new Error(`board ${JSON.stringify(id)} not found`);
    },

    async listBoards() {
      open();
      return st.listBoards.all().map(rowToBoard);
    },

    async deleteBoard(id) {
      open();
      assertBoardId(id);
      deleteBoardTx.immediate(id);
    },

    async load(docName) {
      open();
      assertDocName(docName);
      return loadTx.deferred(docName);
    },

    async append(batch) {
      open();
      assertDocUpdateBatch(batch);
      if (batch.length === 0) return [];
      return appendTx.immediate(batch);
    },

    async compact(docName, snapshot, uptoSeq) {
      open();
      assertDocName(docName);
      assertBytes('snapshot', snapshot);
      assertSeq('uptoSeq', uptoSeq);
      compactTx.immediate(docName, snapshot, uptoSeq);
    },

    async putSnapshot(boardId, snapshot) {
      open();
      assertBoardId(boardId);
      assertNewSnapshot(snapshot);
      putSnapshotTx.immediate(boardId, snapshot);
    },

    async listSnapshots(boardId) {
      open();
      assertBoardId(boardId);
      return st.listHistory.all(boardId).map(rowToSnapshotMeta);
    },

    async getSnapshot(boardId, id) {
      open();
      assertBoardId(boardId);
      assertSnapshotId(id);
      const row = st.getHistory.get(boardId, id);
      return row ? { ...rowToSnapshotMeta(row), state: toU8(row.state) } : undefined;
    },

    async deleteSnapshots(boardId, ids) {
      open();
      assertBoardId(boardId);
      assertSnapshotIds(ids);
      if (ids.length === 0) return 0;
      return deleteSnapshotsTx.immediate(boardId, ids);
    },

    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
