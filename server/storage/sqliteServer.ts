/**
 * The server's SQLite store: SQLite on the event loop, its fsyncs in libuv's
 * thread pool.
 *
 * Why: a commit of a few updates costs SQLite some 20-50 µs of CPU; what takes
 * time is the fsync (0.1-1 ms on a quiet disk, 15-500 ms on a busy one), which
 * must not stall the event loop. The previous store ran all of SQLite in a
 * worker thread for that (./sqliteWorker.ts): every commit then crossed threads
 * twice (postMessage, ~10 % of the event loop's time under the S1 load, and a
 * thread wake-up each way) and the worker's V8 isolate with its own copy of
 * SQLite cost ~15 MB of memory. Here SQLite only writes (synchronous = OFF) and
 * this file makes the writes durable, in the same order SQLite's
 * synchronous = FULL would (sqliteSchema.ts, `fsync: 'caller'`):
 *
 * - after each write transaction commits, the WAL is fdatasync'd (`fs.fdatasync`,
 *   in the thread pool); the call resolves only then, so nothing is acknowledged
 *   or broadcast before it is on disk. A commit's pages are written to the WAL
 *   (write(2)) before the commit returns, so the sync that starts after it covers
 *   them. Concurrent writes each wait for a sync that started after their own commit.
 * - WAL checkpoints run between writes (none is automatic): only when every
 *   committed write's sync has completed (the WAL is durable), and the database
 *   file is then fdatasync'd before the next write starts, because that write
 *   may restart the WAL over frames whose pages are only now in the database.
 *   A failing database sync is retried; writes wait meanwhile.
 * - The WAL file is opened once: its inode stays the same while this connection
 *   is open (SQLite removes the WAL only when the last connection closes, and
 *   truncates it only with journal_size_limit or a TRUNCATE checkpoint, neither used).
 *
 * Process kill loses nothing acknowledged (the pages were in the OS before the
 * sync); power loss neither (they were synced before the acknowledgment).
 *
 * Reads run on the event loop too: loading a 10,000-card board is ~4 ms there,
 * less than the worker's round trip and copy (docs/BENCHMARKS.md, S4). A write
 * meeting another connection's write lock (a CLI import) waits up to
 * busy_timeout on the event loop, as with `openSqliteStorage`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkedStorage } from './checked.ts';
import { openUncheckedSqliteStorage } from './sqlite.ts';
import type { SqliteStorageOptions } from './sqliteSchema.ts';
import type { BoardStorage, DocUpdate } from './types.ts';

export type SqliteServerStorageOptions = Omit<SqliteStorageOptions, 'readonly' | 'fsync' | 'checkpoints'>;

/** Checkpoint once this many writes were synced since the last one (a few WAL pages each)... */
const CHECKPOINT_AFTER_WRITES = 64;
/** ...or this many bytes were written (a compaction, an import). */
const CHECKPOINT_AFTER_BYTES = 1 << 20;
/** Wait before retrying a failed database sync. */
const SYNC_RETRY_MS = 100;

function fdatasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fdatasync(fd, (error) => (error ? reject(error) : resolve())));
}

const bytesOf = (updates: readonly DocUpdate[]) => updates.reduce((n, u) => n + u.update.byteLength, 0);

/**
 * Opens (creating and migrating if needed) the database in DATA_DIR for the
 * server. Same contract as every BoardStorage (./types.ts); a call resolves
 * once what it wrote is on disk.
 */
export async function openSqliteServerStorage(opts: SqliteServerStorageOptions): Promise<BoardStorage> {
  const inner = openUncheckedSqliteStorage({ ...opts, readonly: false, fsync: 'caller' });
  const file = path.join(opts.dataDir, opts.fileName ?? 'vcp.sqlite');
  let walFd: number;
  let dbFd: number;
  try {
    // The connection opened the WAL (O_CREAT) when it first read the database in WAL mode.
    walFd = fs.openSync(`${file}-wal`, 'r+');
    dbFd = fs.openSync(file, 'r+');
  } catch (error) {
    await inner.close();
    throw error;
  }
  // What opening wrote (a new database, a migration) was not synced by SQLite.
  await Promise.all([fdatasync(walFd), fdatasync(dbFd)]);

  /** Syncs of committed writes still running (a checkpoint waits for none). */
  const syncing = new Set<Promise<void>>();
  /** A checkpoint's database sync: no write starts before it is done. */
  let dbSynced: Promise<void> | null = null;
  let writes = 0;
  let bytes = 0;
  let checkpointQueued = false;
  let closed = false;

  async function syncDatabase(): Promise<void> {
    for (;;) {
      try {
        return await fdatasync(dbFd);
      } catch {
        if (closed) return;
        await new Promise((r) => setTimeout(r, SYNC_RETRY_MS));
      }
    }
  }

  function checkpoint(): void {
    checkpointQueued = false;
    if (closed || dbSynced || syncing.size > 0) return; // the next synced write asks again
    writes = 0;
    bytes = 0;
    try {
      inner.checkpoint();
    } catch {
      return; // e.g. busy under another connection's lock: tried again after more writes
    }
    dbSynced = syncDatabase().finally(() => (dbSynced = null));
  }

  function wrote(byteCount: number): void {
    writes++;
    bytes += byteCount;
    if (checkpointQueued || (writes < CHECKPOINT_AFTER_WRITES && bytes < CHECKPOINT_AFTER_BYTES)) return;
    checkpointQueued = true;
    // After the callers of the synced writes ran (their acknowledgments and broadcasts go first).
    setImmediate(checkpoint);
  }

  /** Runs a write transaction (synchronously, inside `commit`) and resolves once its WAL pages are synced. */
  async function durably<T>(byteCount: number, commit: () => Promise<T>): Promise<T> {
    while (dbSynced) await dbSynced;
    const value = await commit();
    const synced = fdatasync(walFd);
    syncing.add(synced);
    try {
      await synced;
    } finally {
      syncing.delete(synced);
    }
    wrote(byteCount);
    return value;
  }

  return checkedStorage({
    createBoard: (record, initial = []) => durably(bytesOf(initial), () => inner.createBoard(record, initial)),
    getBoard: (id) => inner.getBoard(id),
    updateTitle: (id, title) => durably(0, () => inner.updateTitle(id, title)),
    updateSecretHash: (id, role, hash) => durably(0, () => inner.updateSecretHash(id, role, hash)),
    listBoards: () => inner.listBoards(),
    deleteBoard: (id) => durably(0, () => inner.deleteBoard(id)),
    load: (docName) => inner.load(docName),
    append: (batch) => durably(bytesOf(batch), () => inner.append(batch)),
    compact: (docName, snapshot, uptoSeq) => durably(snapshot.byteLength, () => inner.compact(docName, snapshot, uptoSeq)),
    putSnapshot: (boardId, snapshot) => durably(snapshot.state.byteLength, () => inner.putSnapshot(boardId, snapshot)),
    listSnapshots: (boardId) => inner.listSnapshots(boardId),
    getSnapshot: (boardId, id) => inner.getSnapshot(boardId, id),
    deleteSnapshots: (boardId, ids) => durably(0, () => inner.deleteSnapshots(boardId, ids)),
    async close() {
      closed = true;
      await Promise.allSettled([...syncing]);
      while (dbSynced) await dbSynced;
      try {
        await inner.close(); // checkpoints and syncs (synchronous = FULL) and removes the WAL
      } finally {
        fs.closeSync(walFd);
        fs.closeSync(dbFd);
      }
    },
  });
}
