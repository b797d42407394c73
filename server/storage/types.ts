/**
 * Storage contract for boards and their Yjs documents.
 *
 * Implementations: `openSqliteStorage` (./sqlite.ts, synchronous on the calling
 * thread: the CLI's read-only access), `openSqliteServerStorage` (./sqliteServer.ts,
 * the same SQLite code with its fsyncs in the thread pool: the server),
 * `openSqliteWorkerStorage` (./sqliteWorker.ts, all of SQLite in a worker thread,
 * the server's before) and `openMemoryStorage`
 * (./memory.ts). Each is opened behind `checkedStorage` (./checked.ts), which
 * checks every call's arguments before the implementation sees them. All are
 * held to the same contract suite (tests/contract/storageContract.ts).
 */

/** Role secrets are stored only as SHA-256 hex hashes. */
export interface BoardRecord {
  id: string;
  title: string;
  createdAt: number; // ms epoch
  secretHashes: Record<SecretRole, string>;
}

/** The roles whose secret hashes the board record keeps (CONTRACT.md's three). */
export type SecretRole = 'facilitator' | 'participant' | 'viewer';

/** What is stored for one Yjs document: the last compacted snapshot plus the update log after it. */
export interface StoredDoc {
  /** Compacted state (a Yjs update covering every log entry with seq <= the compaction point), or null. */
  snapshot: Uint8Array | null;
  /** Log entries after the snapshot, oldest first. */
  updates: Uint8Array[];
  /** Highest seq ever written for this doc (log or snapshot point); 0 if nothing was ever written. */
  lastSeq: number;
  /** Sum of the byte lengths of `updates` (not counting the snapshot). */
  logBytes: number;
}

/**
 * Why a history snapshot was taken: a phase change, periodically, on demand,
 * when the board was created, or just before an update that removes many cards.
 */
export const SNAPSHOT_REASONS = ['phase', 'periodic', 'manual', 'created', 'removal'] as const;
export type SnapshotReason = (typeof SNAPSHOT_REASONS)[number];

/**
 * Who saved a manual snapshot. The facilitator's are kept for good; a
 * participant's are thinned as they age, like the automatic ones (server/history/thinning.ts).
 */
export const SNAPSHOT_SAVERS = ['facilitator', 'participant'] as const;
export type SnapshotSaver = (typeof SNAPSHOT_SAVERS)[number];

/** A history snapshot of a board's content document, without its state (listing). */
export interface SnapshotMeta {
  /** Unique per board: 1-64 letters, digits, '-' or '_'. */
  id: string;
  at: number; // ms epoch
  reason: SnapshotReason;
  /** Up to 200 characters (manual snapshots). */
  label?: string;
  /** The workshop phase when it was taken (up to 64 characters). */
  phase?: string;
  /** Manual snapshots: who saved it (absent on those stored before this was recorded: kept like the facilitator's). */
  savedBy?: SnapshotSaver;
  /** Byte length of the state. */
  bytes: number;
}

/** What `putSnapshot` stores: the content document's full state (a Yjs update). */
export interface NewSnapshot {
  id: string;
  at: number;
  reason: SnapshotReason;
  label?: string;
  phase?: string;
  savedBy?: SnapshotSaver;
  state: Uint8Array;
}

export interface HistorySnapshot extends SnapshotMeta {
  state: Uint8Array;
}

export interface DocUpdate {
  docName: string;
  update: Uint8Array;
}

/**
 * Persistence behind small interfaces, one per concern, so each caller depends
 * only on what it uses and each store (SQLite, memory, PostgreSQL) implements
 * the same three parts:
 * - `DocLog`: the Yjs documents (update log + compacted snapshot per doc);
 * - `BoardRecords`: the board records (id, title, role secret hashes);
 * - `HistorySnapshots`: the version history of a board's content document.
 * `BoardStorage` is all three plus `close()`.
 *
 * docName is `<boardId>` or `<boardId>/<sub>` (e.g. `abc/control`); all docs of a board are deleted with it.
 * Every method is async even where SQLite is synchronous.
 *
 * Invalid arguments (wrong types, a board id containing `/`, ...) reject with a
 * `TypeError`/`Error` before anything is written. After `close()` every method
 * except `close()` itself rejects with an Error saying the storage is closed.
 * Both are checked once, for every implementation, by `checkedStorage`
 * (./checked.ts), before the implementation runs.
 */

/** The Yjs documents: per doc an append-only update log and one compacted snapshot. */
export interface DocLog {
  /** Never rejects for an unknown doc: returns an empty StoredDoc (snapshot null, lastSeq 0). */
  load(docName: string): Promise<StoredDoc>;
  /**
   * Appends all updates in ONE transaction (all or nothing); resolves only after commit,
   * when a kill of the process can no longer lose them. Returns the new seq per update.
   * A store with `sync` may resolve before the commit is on disk (a power loss could
   * still take it); every other store resolves only once it is.
   */
  append(batch: DocUpdate[]): Promise<number[]>;
  /** Resolves once every append that resolved before the call is on disk (./sqliteServer.ts). */
  sync?(): Promise<void>;
  /**
   * Replaces the snapshot and deletes log entries with seq <= uptoSeq, in one transaction.
   * Rejects (writing nothing) if uptoSeq is behind the current snapshot point (a stale
   * compaction would lose the updates folded into the newer snapshot) or beyond lastSeq.
   */
  compact(docName: string, snapshot: Uint8Array, uptoSeq: number): Promise<void>;
}

/** The board records. Creating and deleting a board also creates/deletes its documents and history. */
export interface BoardRecords {
  /**
   * Atomically creates the board record and (optionally) its initial document updates. Rejects if the id exists.
   * Every initial update must belong to the board (docName `id` or `id/...`).
   */
  createBoard(record: BoardRecord, initial?: DocUpdate[]): Promise<void>;
  getBoard(id: string): Promise<BoardRecord | undefined>;
  /** Rejects if the board does not exist. */
  updateTitle(id: string, title: string): Promise<void>;
  /**
   * Replaces the hash of one role's secret (a reset link): the old secret opens
   * nothing once this resolves. Rejects if the board does not exist.
   */
  updateSecretHash(id: string, role: SecretRole, hash: string): Promise<void>;
  /** All boards, oldest first (createdAt, then id). */
  listBoards(): Promise<BoardRecord[]>;
  /** Deletes the board, every doc `id` / `id/...` and its history. Deleting a missing board is a no-op. */
  deleteBoard(id: string): Promise<void>;
}

/** The version history: full-state snapshots of a board's content document. */
export interface HistorySnapshots {
  /**
   * Stores a history snapshot of a board (version history). Rejects (writing
   * nothing) if the board does not exist, the id is taken, or an argument is invalid.
   */
  putSnapshot(boardId: string, snapshot: NewSnapshot): Promise<void>;
  /** The board's history snapshots without their state, oldest first (at, then id); [] for an unknown board. */
  listSnapshots(boardId: string): Promise<SnapshotMeta[]>;
  getSnapshot(boardId: string, id: string): Promise<HistorySnapshot | undefined>;
  /** Deletes these snapshots of the board in one transaction (unknown ids are ignored); returns how many went. */
  deleteSnapshots(boardId: string, ids: readonly string[]): Promise<number>;
}

/** The whole store: the three concerns over one database, closed together. */
export interface BoardStorage extends DocLog, BoardRecords, HistorySnapshots {
  /** Idempotent. */
  close(): Promise<void>;
}

/** True if docName is the board's main doc or one of its sub-docs. */
export function docBelongsToBoard(docName: string, boardId: string): boolean {
  return docName === boardId || docName.startsWith(`${boardId}/`);
}
