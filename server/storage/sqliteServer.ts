/**
 * The server's SQLite store: live updates through an update journal, SQLite
 * on the event loop, the fsyncs in libuv's thread pool.
 *
 * Why: SQLite's commit of one small update cost 80-120 µs of the event loop
 * under the S3 load (its pages cold in the CPU's caches), and every live
 * update was one; what takes time besides is the fsync (0.1-1 ms on a quiet
 * disk, 15-500 ms on a busy one), which must not stall the event loop. (The
 * store before ran all of SQLite in a worker thread, ./sqliteWorker.ts: every
 * commit crossed threads twice and the worker's isolate cost ~15 MB.)
 *
 * - `append` (the sync server's live updates) writes the updates to the
 *   journal (./updateJournal.ts: one write(2), ~5-10 µs) and resolves: from
 *   then on a kill of the process at any moment loses none of it (CONTRACT.md's
 *   rule for what is broadcast). The journal is fdatasync'd right after, one
 *   sync at a time (a group commit, ./groupSync.ts); `sync()` resolves once
 *   every append made before the call is on disk, and what answers a person
 *   (an HTTP 201, a facilitation step) waits for it (DocRoom.whenDurable).
 * - SQLite takes the journal's updates in one transaction FLUSH_AFTER_MS after
 *   the first of them (sooner past FLUSH_AFTER_BYTES) and before every other
 *   write; `load` reads SQLite and the updates it has not taken yet. If SQLite
 *   refuses them, they stay in the journal and in memory, the flush is retried
 *   with backoff and appends are refused meanwhile (./pendingLog.ts).
 * - Every other write (a board, a title, a secret, a snapshot, a compaction)
 *   resolves only once SQLite's WAL is synced after it. SQLite only writes
 *   (synchronous = OFF, sqliteSchema.ts `fsync: 'caller'`); this file makes
 *   its writes durable in the order synchronous = FULL would. The WAL's
 *   fdatasync after a flush waits until something needs it: a durable write,
 *   a checkpoint, or the journal moving to its other file (which it may start
 *   again only once SQLite has its updates on disk).
 * - WAL checkpoints run between writes (none is automatic), every
 *   CHECKPOINT_AFTER_WRITES writes or CHECKPOINT_AFTER_BYTES: SQLite writes
 *   wait while the WAL's sync catches up with every commit (the WAL is
 *   durable), the checkpoint copies its pages and the database file is
 *   fdatasync'd, because the next write may restart the WAL over frames whose
 *   pages are only now in the database. Appends go on meanwhile (journal only).
 *   A failing sync is retried; its waiters wait.
 * - Opening puts into SQLite what only the journal has (the server was killed
 *   before SQLite took it): each update of a board that exists and the next
 *   seq of its doc, so nothing twice and nothing after a torn record.
 * - The WAL file is opened once: its inode stays the same while this connection
 *   is open (SQLite removes the WAL only when the last connection closes, and
 *   truncates it only with journal_size_limit or a TRUNCATE checkpoint, neither used).
 *
 * So a process kill loses nothing appended, and a power loss (or kernel
 * crash) nothing acknowledged to a person; it may take the last fraction of a
 * millisecond of live updates, the ones whose journal sync had not ended,
 * which the clients that received them still hold and send again when they
 * reconnect (the Yjs sync exchange). Why not sync before broadcasting: on this
 * VM one paced fdatasync (0.2-0.4 ms) alone is more than the whole room S3
 * allows our server over the in-memory reference (docs/BENCHMARKS.md).
 * Readers beside the server (the CLI) read the journal too (./journalReader.ts).
 *
 * Reads run on the event loop too: loading a 10,000-card board is ~4 ms there,
 * less than the worker's round trip and copy (docs/BENCHMARKS.md, S4). A write
 * meeting another connection's write lock (a CLI import) waits up to
 * busy_timeout on the event loop, as with `openSqliteStorage`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkedStorage } from './checked.ts';
import { holdDataDir } from './dataDirLock.ts';
import { GroupSync, SYNC_RETRY_MS } from './groupSync.ts';
import { PendingLog } from './pendingLog.ts';
import { openUncheckedSqliteStorage } from './sqlite.ts';
import type { SqliteStorageOptions } from './sqliteSchema.ts';
import type { BoardStorage, DocUpdate } from './types.ts';
import { UpdateJournal } from './updateJournal.ts';

export type SqliteServerStorageOptions = Omit<SqliteStorageOptions, 'readonly' | 'fsync' | 'checkpoints'>;

/** Checkpoint once this many writes were synced since the last one (a few WAL pages each)... */
const CHECKPOINT_AFTER_WRITES = 64;
/** ...or this many bytes were written (a compaction, an import). */
const CHECKPOINT_AFTER_BYTES = 1 << 20;
/**
 * SQLite takes the journal's updates this long after the first of them: fewer,
 * larger transactions cost less CPU and write fewer WAL pages (S6 written to
 * the disk: 120x the update bytes with 50 ms, 56x with 1 s); the journal holds
 * them meanwhile, and `load`, the CLI and its backup read it...
 */
const FLUSH_AFTER_MS = 1000;
/** ...or once they are this many bytes. */
const FLUSH_AFTER_BYTES = 256 << 10;
/** A flush SQLite refused is tried again after this, doubling up to 5 s. */
const FLUSH_RETRY_MS = 100;

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
  const file = path.join(opts.dataDir, opts.fileName ?? 'vcp.sqlite');
  const lock = holdDataDir(file);
  let inner: ReturnType<typeof openUncheckedSqliteStorage>;
  try {
    inner = openUncheckedSqliteStorage({ ...opts, readonly: false, fsync: 'caller' });
  } catch (error) {
    lock.close();
    throw error;
  }
  let walFd: number;
  let dbFd: number;
  try {
    // The connection opened the WAL (O_CREAT) when it first read the database in WAL mode.
    walFd = fs.openSync(`${file}-wal`, 'r+');
    dbFd = fs.openSync(file, 'r+');
  } catch (error) {
    await inner.close();
    lock.close();
    throw error;
  }
  let journal: UpdateJournal;
  let opening: UpdateJournal | undefined;
  try {
    const opened = UpdateJournal.open(`${file}-log`);
    journal = opening = opened.journal;
    // What the journal holds that SQLite lacks (the server stopped before SQLite took it).
    if (opened.recovered.length > 0) inner.replay(opened.recovered);
  } catch (error) {
    opening?.abandon(); // its files stay as they are: the next open reads them again
    await inner.close();
    fs.closeSync(walFd);
    fs.closeSync(dbFd);
    lock.close();
    throw error;
  }
  // What opening wrote (a new database, a migration, the journal's updates) was not synced by SQLite.
  await Promise.all([fdatasync(walFd), fdatasync(dbFd)]);
  journal.start();
  const log = new PendingLog(inner, journal);

  /** A checkpoint's database sync: no write starts before it is done. */
  let dbSynced: Promise<void> | null = null;
  let writes = 0;
  let bytes = 0;
  let checkpointDue = false;
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

  const wal = new GroupSync(() => fdatasync(walFd));

  function checkpoint(): void {
    checkpointDue = false;
    if (closed || dbSynced) return;
    writes = 0;
    bytes = 0;
    // Writes wait from here until the database is synced: the WAL's sync must first
    // cover every frame the checkpoint copies (under a steady load it never would by
    // itself: commits keep coming while each sync runs).
    dbSynced = (async () => {
      await wal.sync();
      if (closed) return;
      try {
        inner.checkpoint();
      } catch {
        return; // e.g. busy under another connection's lock: tried again after more writes
      }
      await syncDatabase();
    })().finally(() => (dbSynced = null));
  }

  function wrote(byteCount: number): void {
    writes++;
    bytes += byteCount;
    if (checkpointDue || (writes < CHECKPOINT_AFTER_WRITES && bytes < CHECKPOINT_AFTER_BYTES)) return;
    checkpointDue = true;
    // After the callers of the writes ran (their acknowledgments and broadcasts go first).
    setImmediate(() => checkpointDue && checkpoint());
  }

  /**
   * Commits the journal's pending updates into SQLite (one transaction, on the
   * event loop); throws, keeping them, if SQLite refuses. Their WAL pages are
   * synced only when something asks (a checkpoint, a durable write, the
   * journal moving to its other file): until then the journal keeps them.
   */
  function flushPending(): void {
    const flushed = log.flush();
    if (flushed === undefined) return;
    wal.committed(false);
    wrote(flushed);
    journal.flushed(() => wal.sync());
  }

  let flushTimer: NodeJS.Timeout | null = null;
  let flushFailures = 0;
  function scheduleFlush(delayMs: number): void {
    if (closed) return;
    if (flushTimer) {
      if (delayMs > 0) return;
      clearTimeout(flushTimer);
    }
    flushTimer = setTimeout(() => {
      flushTimer = null;
      void (async () => {
        while (dbSynced) await dbSynced;
        try {
          flushPending();
          flushFailures = 0;
        } catch {
          // Kept in the journal and in memory; appends are refused until SQLite takes them (PendingLog).
          flushFailures++;
          scheduleFlush(Math.min(5_000, FLUSH_RETRY_MS * 2 ** Math.min(flushFailures - 1, 6)));
        }
      })();
    }, delayMs);
  }

  /**
   * Runs a write transaction (synchronously, inside `commit`, after the
   * journal's pending updates: SQLite then has every update written before
   * it); resolves once its WAL pages are synced.
   */
  async function durably<T>(byteCount: number, commit: () => Promise<T>): Promise<T> {
    while (dbSynced) await dbSynced;
    flushPending();
    const value = await commit();
    wal.committed();
    wrote(byteCount);
    await wal.sync();
    return value;
  }

  function append(batch: DocUpdate[]): number[] {
    const seqs = log.append(batch);
    if (log.bytes >= FLUSH_AFTER_BYTES) scheduleFlush(0);
    else scheduleFlush(FLUSH_AFTER_MS);
    return seqs;
  }

  return checkedStorage({
    createBoard: (record, initial = []) => durably(bytesOf(initial), () => inner.createBoard(record, initial)),
    getBoard: (id) => inner.getBoard(id),
    updateTitle: (id, title) => durably(0, () => inner.updateTitle(id, title)),
    updateSecretHash: (id, role, hash) => durably(0, () => inner.updateSecretHash(id, role, hash)),
    listBoards: () => inner.listBoards(),
    deleteBoard: (id) => durably(0, () => inner.deleteBoard(id)),
    async load(docName) {
      // Both read in the same turn: a flush cannot move updates from one to the other in between.
      const stored = inner.load(docName);
      const pending = log.pendingOf(docName);
      return log.merged(await stored, pending);
    },
    append: async (batch) => append(batch),
    sync: () => journal.synced(),
    compact: (docName, snapshot, uptoSeq) => durably(snapshot.byteLength, () => inner.compact(docName, snapshot, uptoSeq)),
    putSnapshot: (boardId, snapshot) => durably(snapshot.state.byteLength, () => inner.putSnapshot(boardId, snapshot)),
    listSnapshots: (boardId) => inner.listSnapshots(boardId),
    getSnapshot: (boardId, id) => inner.getSnapshot(boardId, id),
    deleteSnapshots: (boardId, ids) => durably(0, () => inner.deleteSnapshots(boardId, ids)),
    async close() {
      closed = true;
      if (flushTimer) clearTimeout(flushTimer);
      while (dbSynced) await dbSynced;
      try {
        flushPending();
      } catch {
        // They stay in the journal: the next open puts them into SQLite.
      }
      await journal.close(); // syncs what it holds
      wal.close(); // from here a failing sync is not retried: closing gives up on it
      await wal.sync();
      while (dbSynced) await dbSynced;
      try {
        await inner.close(); // checkpoints and syncs (synchronous = FULL) and removes the WAL
      } finally {
        fs.closeSync(walFd);
        fs.closeSync(dbFd);
        lock.close();
      }
    },
  });
}
