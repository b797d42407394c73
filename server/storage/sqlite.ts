/**
 * SQLite implementation of BoardStorage (better-sqlite3, synchronous under an
 * async facade). The file, its pragmas (WAL, synchronous = FULL, busy_timeout)
 * and its schema are in ./sqliteSchema.ts; every write is one transaction.
 */
import { checkedStorage } from './checked.ts';
import { openDatabase, type SqliteStorageOptions } from './sqliteSchema.ts';
import { followingEntries, type JournalEntry } from './journalFile.ts';
import { prefixUpperBound, rowToBoard, rowToSnapshotMeta, toBuf, toU8, type BoardRow, type SnapshotRow } from './sqliteRows.ts';
import type { BoardRecord, BoardStorage, DocUpdate, NewSnapshot, StoredDoc } from './types.ts';

/** The SQLite storage on the calling thread, SQLite syncing each commit itself: the CLI's access. The server's is ./sqliteServer.ts. */
export function openSqliteStorage(opts: SqliteStorageOptions): BoardStorage {
  return checkedStorage(openUncheckedSqliteStorage(opts));
}

/** The unchecked storage of the server's writer (./sqliteServer.ts, ./sqliteWorkerThread.ts), with its WAL checkpoint. */
export interface UncheckedSqliteStorage extends BoardStorage {
  /**
   * Copies the WAL's committed pages into the database without waiting for
   * readers (PRAGMA wal_checkpoint(PASSIVE)); once all are copied, the next
   * commit rewrites the WAL from its start. Synchronous (it fsyncs the database).
   */
  checkpoint(): void;
  /** The highest seq written for the doc (log or snapshot point), as `load` tells it. */
  lastSeqOf(docName: string): number;
  /** Inserts updates under the seqs they were given (the update journal's), in one transaction: all or nothing. */
  appendAt(entries: readonly JournalEntry[]): void;
  /**
   * Inserts, in one transaction, the journal's updates the log lacks: each one
   * of a board that exists and the next seq of its doc (older ones are in the
   * log or a snapshot already; one after a gap could not apply). Returns how many.
   */
  replay(entries: readonly JournalEntry[]): number;
}

/**
 * The same storage without the argument checks: for the worker thread
 * (./sqliteWorkerThread.ts), whose calls were checked on the calling thread.
 */
export function openUncheckedSqliteStorage(opts: SqliteStorageOptions): UncheckedSqliteStorage {
  const db = openDatabase(opts);
  // Prepared once. Preparing writes on a read-only connection is fine; running them rejects.
  const st = {
    insertBoard: db.prepare<[string, string, number, string, string, string]>(
      `INSERT INTO boards (id, title, created_at, facilitator_hash, participant_hash, viewer_hash)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    getBoard: db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE id = ?'),
    listBoards: db.prepare<[], BoardRow>('SELECT * FROM boards ORDER BY created_at, id'),
    updateTitle: db.prepare<[string, string]>('UPDATE boards SET title = ? WHERE id = ?'),
    // One statement per role: a column name is no bound parameter.
    updateHash: {
      facilitator: db.prepare<[string, string]>('UPDATE boards SET facilitator_hash = ? WHERE id = ?'),
      participant: db.prepare<[string, string]>('UPDATE boards SET participant_hash = ? WHERE id = ?'),
      viewer: db.prepare<[string, string]>('UPDATE boards SET viewer_hash = ? WHERE id = ?'),
    },
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
    insertHistory: db.prepare<[string, string, number, string, string | null, string | null, string | null, Buffer]>(
      'INSERT INTO history_snapshots (board_id, id, at, reason, label, phase, saved_by, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    listHistory: db.prepare<[string], SnapshotRow>(
      `SELECT id, at, reason, label, phase, saved_by, length(state) AS bytes FROM history_snapshots
       WHERE board_id = ? ORDER BY at, id`,
    ),
    getHistory: db.prepare<[string, string], SnapshotRow & { state: Buffer }>(
      `SELECT id, at, reason, label, phase, saved_by, length(state) AS bytes, state FROM history_snapshots
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

  const appendAtTx = db.transaction((entries: readonly JournalEntry[]) => {
    for (const e of entries) st.insertUpdate.run(e.docName, e.seq, toBuf(e.update));
  });

  const replayTx = db.transaction((entries: readonly JournalEntry[]): number => {
    const added = followingEntries(
      entries,
      (docName) => st.lastSeq.get({ doc: docName }) ?? 0,
      (boardId) => st.getBoard.get(boardId) !== undefined,
    );
    for (const e of added) st.insertUpdate.run(e.docName, e.seq, toBuf(e.update));
    return added.length;
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
    st.insertHistory.run(boardId, snap.id, snap.at, snap.reason, snap.label ?? null, snap.phase ?? null, snap.savedBy ?? null, toBuf(snap.state));
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

  return {
    async createBoard(record, initial = []) {
      createBoardTx.immediate(record, initial);
    },

    async getBoard(id) {
      const row = st.getBoard.get(id);
      return row ? rowToBoard(row) : undefined;
    },

    async updateTitle(id, title) {
      const res = st.updateTitle.run(title, id);
      if (res.changes === 0) throw new Error(`board ${JSON.stringify(id)} not found`);
    },

    async updateSecretHash(id, role, hash) {
      const res = st.updateHash[role].run(hash, id);
      if (res.changes === 0) throw new Error(`board ${JSON.stringify(id)} not found`);
    },

    async listBoards() {
      return st.listBoards.all().map(rowToBoard);
    },

    async deleteBoard(id) {
      deleteBoardTx.immediate(id);
    },

    async load(docName) {
      return loadTx.deferred(docName);
    },

    async append(batch) {
      return appendTx.immediate(batch);
    },

    async compact(docName, snapshot, uptoSeq) {
      compactTx.immediate(docName, snapshot, uptoSeq);
    },

    async putSnapshot(boardId, snapshot) {
      putSnapshotTx.immediate(boardId, snapshot);
    },

    async listSnapshots(boardId) {
      return st.listHistory.all(boardId).map(rowToSnapshotMeta);
    },

    async getSnapshot(boardId, id) {
      const row = st.getHistory.get(boardId, id);
      return row ? { ...rowToSnapshotMeta(row), state: toU8(row.state) } : undefined;
    },

    async deleteSnapshots(boardId, ids) {
      return deleteSnapshotsTx.immediate(boardId, ids);
    },

    async close() {
      if (!db.open) return;
      // Closing checkpoints the WAL into the database and deletes it: let SQLite sync that.
      if (opts.fsync === 'caller') db.pragma('synchronous = FULL');
      db.close();
    },

    lastSeqOf(docName) {
      return st.lastSeq.get({ doc: docName }) ?? 0;
    },

    appendAt(entries) {
      appendAtTx.immediate(entries);
    },

    replay(entries) {
      return replayTx.immediate(entries);
    },

    checkpoint() {
      if (db.open) db.pragma('wal_checkpoint(PASSIVE)');
    },
  };
}
