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
 * - A write transaction's pages are in the WAL (write(2), the OS page cache)
 *   when its commit returns: from then on a kill of the server process at any
 *   moment loses none of it (CONTRACT.md's rule for what is broadcast).
 * - After each commit the WAL is fdatasync'd, one sync at a time in the thread
 *   pool (a group commit: a sync asked for while one runs is the next one,
 *   covering every commit made meanwhile). `append` — the sync server's
 *   updates — resolves at the commit, and its sync starts right after the
 *   broadcast it allows (on the next turn of the event loop); `sync()` resolves
 *   once every commit made before the call is on disk, and what answers a
 *   person (an HTTP 201, a facilitation step) waits for it (DocRoom.whenDurable).
 *   Every other write (a board, a title, a secret, a snapshot, a compaction)
 *   resolves only once synced. A failing sync is retried; its waiters wait.
 * - WAL checkpoints run between writes (none is automatic), every
 *   CHECKPOINT_AFTER_WRITES writes or CHECKPOINT_AFTER_BYTES: writes wait while
 *   the WAL's sync catches up with every commit (the WAL is durable), the
 *   checkpoint copies its pages and the database file is fdatasync'd, because
 *   the next write may restart the WAL over frames whose pages are only now in
 *   the database. A failing database sync is retried; writes wait meanwhile.
 * - The WAL file is opened once: its inode stays the same while this connection
 *   is open (SQLite removes the WAL only when the last connection closes, and
 *   truncates it only with journal_size_limit or a TRUNCATE checkpoint, neither used).
 *
 * So a process kill loses nothing committed, and a power loss (or kernel
 * crash) nothing acknowledged to a person; it may take the last fraction of a
 * millisecond of live updates, the ones whose sync had not ended, which the
 * clients that received them still hold and send again when they reconnect
 * (the Yjs sync exchange). Why not sync before broadcasting: on this VM one
 * paced fdatasync (0.2-0.4 ms) alone is more than the whole room S3 allows
 * our server over the in-memory reference (docs/BENCHMARKS.md).
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

  const wal = new WalSync(walFd);

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

  /** Runs a write transaction (synchronously, inside `commit`); resolves at the commit, or once its WAL pages are synced. */
  async function write<T>(byteCount: number, commit: () => Promise<T>, until: 'committed' | 'synced'): Promise<T> {
    while (dbSynced) await dbSynced;
    const value = await commit();
    wal.committed();
    wrote(byteCount);
    if (until === 'synced') await wal.sync();
    return value;
  }
  const durably = <T>(byteCount: number, commit: () => Promise<T>) => write(byteCount, commit, 'synced');

  return checkedStorage({
    createBoard: (record, initial = []) => durably(bytesOf(initial), () => inner.createBoard(record, initial)),
    getBoard: (id) => inner.getBoard(id),
    updateTitle: (id, title) => durably(0, () => inner.updateTitle(id, title)),
    updateSecretHash: (id, role, hash) => durably(0, () => inner.updateSecretHash(id, role, hash)),
    listBoards: () => inner.listBoards(),
    deleteBoard: (id) => durably(0, () => inner.deleteBoard(id)),
    load: (docName) => inner.load(docName),
    append: (batch) => write(bytesOf(batch), () => inner.append(batch), 'committed'),
    sync: () => wal.sync(),
    compact: (docName, snapshot, uptoSeq) => durably(snapshot.byteLength, () => inner.compact(docName, snapshot, uptoSeq)),
    putSnapshot: (boardId, snapshot) => durably(snapshot.state.byteLength, () => inner.putSnapshot(boardId, snapshot)),
    listSnapshots: (boardId) => inner.listSnapshots(boardId),
    getSnapshot: (boardId, id) => inner.getSnapshot(boardId, id),
    deleteSnapshots: (boardId, ids) => durably(0, () => inner.deleteSnapshots(boardId, ids)),
    async close() {
      closed = true;
      wal.close(); // from here a failing sync is not retried: closing gives up on it
      await wal.sync();
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

/**
 * The WAL's fdatasyncs, one at a time (a group commit). `committed()` after
 * each commit starts a sync on the next turn of the event loop (after what the
 * commit allows, a broadcast, has gone out) unless one is running, in which
 * case the next one starts when it ends; `sync()` resolves once a sync that
 * started after every commit made before the call has ended. A failing sync
 * is retried (until `close()`).
 */
class WalSync {
  /** Commits so far, and how many of them the last completed sync covered. */
  private commits = 0;
  private synced = 0;
  private running = false;
  private scheduled = false;
  private closed = false;
  private waiters: { upTo: number; resolve: () => void }[] = [];

  constructor(private readonly fd: number) {}

  /** Records a commit (its sync starts on the next turn of the event loop, or after the running one). */
  committed(): void {
    this.commits++;
    this.schedule();
  }

  /** Resolves once every commit made before the call is on disk. */
  sync(): Promise<void> {
    const upTo = this.commits;
    if (this.synced >= upTo) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.waiters.push({ upTo, resolve }));
    this.schedule();
    return done;
  }

  close(): void {
    this.closed = true;
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.run();
    });
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const upTo = this.commits;
    for (;;) {
      try {
        await fdatasync(this.fd);
        break;
      } catch {
        if (this.closed) break;
        await new Promise((r) => setTimeout(r, SYNC_RETRY_MS));
      }
    }
    this.synced = upTo;
    this.running = false;
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) {
      if (w.upTo <= upTo) w.resolve();
      else this.waiters.push(w);
    }
    if (this.synced < this.commits) this.schedule();
  }
}
