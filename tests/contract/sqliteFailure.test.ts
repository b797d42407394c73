/**
 * Write failures in the SQLite storage surface as rejected promises and never leave
 * a partial write behind: for the synchronous implementation, the one whose
 * writes run in a worker thread and the server's (fsyncs in the thread pool).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import { openSqliteServerStorage } from '../../server/storage/sqliteServer.ts';
import { openSqliteWorkerStorage } from '../../server/storage/sqliteWorker.ts';
import type { BoardStorage, DocUpdate } from '../../server/storage/types.ts';
import { board, bytes } from './storageContract.ts';

const u = (docName: string, ...xs: number[]): DocUpdate => ({ docName, update: bytes(...xs) });

/**
 * Another connection holding the database's write lock, in its own thread (as
 * another process would, and so that it can let go while this thread is
 * blocked in a write): `letGo()` ends its transaction, or it lets go by itself
 * after `letGoAfterMs`.
 */
async function holdWriteLock(file: string, options: { letGoAfterMs?: number } = {}): Promise<{ letGo(): Promise<void>; end(): Promise<void> }> {
  const holder = new Worker(`
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require('better-sqlite3');
    const db = new Database(workerData.file, { timeout: 0 });
    db.exec('BEGIN IMMEDIATE');
    const letGo = () => { if (db.inTransaction) db.exec('ROLLBACK'); parentPort.postMessage('let go'); };
    parentPort.on('message', letGo);
    if (workerData.letGoAfterMs !== undefined) setTimeout(letGo, workerData.letGoAfterMs);
    parentPort.postMessage('holding');
  `, { eval: true, workerData: { file, ...options } });
  const next = () => new Promise<string>((resolve, reject) => {
    holder.once('message', resolve);
    holder.once('error', reject);
  });
  expect(await next()).toBe('holding');
  return {
    async letGo() {
      const answered = next();
      holder.postMessage('let go');
      await answered;
    },
    end: async () => void (await holder.terminate()),
  };
}

/**
 * `journaled`: an append is written to the update journal and SQLite takes it
 * later (./sqliteServer.ts), so SQLite refusing it cannot reject the append
 * itself; what that store does instead (refuses the next appends, keeps the
 * journal's, retries) is in sqliteServer.test.ts.
 */
const implementations: [string, (dataDir: string) => Promise<BoardStorage>, { offThread: boolean; journaled: boolean }][] = [
  ['sqlite', async (dataDir) => openSqliteStorage({ dataDir }), { offThread: false, journaled: false }],
  ['sqlite in a worker thread', (dataDir) => openSqliteWorkerStorage({ dataDir }), { offThread: true, journaled: false }],
  ['sqlite for the server (fsyncs in the thread pool)', (dataDir) => openSqliteServerStorage({ dataDir }), { offThread: false, journaled: true }],
];

describe.each(implementations)('%s write failures', (_name, openStorage, { offThread, journaled }) => {
  let dataDir: string;
  let file: string;
  let s: BoardStorage;

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vcp-storage-fail-'));
    file = path.join(dataDir, 'vcp.sqlite');
    s = await openStorage(dataDir);
    await s.createBoard(board('b'), [u('b', 1)]);
  });

  afterEach(async () => {
    await s.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Installs a trigger (from a second connection) that makes inserting the given doc fail. */
  function failInsertsOf(docName: string): void {
    const raw = new Database(file);
    raw.exec(`
      CREATE TRIGGER fail_doc BEFORE INSERT ON doc_updates
      WHEN NEW.doc_name = '${docName}'
      BEGIN SELECT RAISE(ABORT, 'injected write failure'); END;
    `);
    raw.close();
  }

  // (Registered only where an append is SQLite's own transaction; see `journaled`.)
  if (!journaled) it('a failure on the last element of a batch rolls back the earlier inserts', async () => {
    failInsertsOf('boom');
    await expect(s.append([u('b', 2), u('b/control', 3), u('boom', 4)])).rejects.toThrow(/injected write failure/);
    expect((await s.load('b')).updates).toEqual([bytes(1)]);
    expect((await s.load('b')).lastSeq).toBe(1);
    expect((await s.load('b/control')).updates).toEqual([]);
    // the storage is still usable and seqs have no gap
    expect(await s.append([u('b', 2)])).toEqual([2]);
  });

  it('a failure in the initial updates rolls back the board record', async () => {
    failInsertsOf('nb/boom');
    await expect(s.createBoard(board('nb'), [u('nb', 1), u('nb/boom', 2)])).rejects.toThrow(/injected/);
    expect(await s.getBoard('nb')).toBeUndefined();
    expect((await s.load('nb')).updates).toEqual([]);
    expect((await s.listBoards()).map((b) => b.id)).toEqual(['b']);
  });

  it('a failure during compaction keeps the old snapshot and the log', async () => {
    await s.append([u('b', 2), u('b', 3)]);
    await s.compact('b', bytes(10), 1);
    const raw = new Database(file);
    raw.exec(`
      CREATE TRIGGER fail_compact BEFORE DELETE ON doc_updates
      BEGIN SELECT RAISE(ABORT, 'injected delete failure'); END;
    `);
    raw.close();
    await expect(s.compact('b', bytes(20), 3)).rejects.toThrow(/injected delete failure/);
    const doc = await s.load('b');
    expect(doc.snapshot).toEqual(bytes(10));
    expect(doc.updates).toEqual([bytes(2), bytes(3)]);
  });

  it('writes through a read-only instance reject and change nothing', async () => {
    const ro = openSqliteStorage({ dataDir, readonly: true });
    try {
      await expect(ro.append([u('b', 9)])).rejects.toThrow(/readonly/i);
      await expect(ro.compact('b', bytes(9), 1)).rejects.toThrow(/readonly/i);
      await expect(ro.updateTitle('b', 'x')).rejects.toThrow(/readonly/i);
      await expect(ro.deleteBoard('b')).rejects.toThrow(/readonly/i);
    } finally {
      await ro.close();
    }
    expect(await s.getBoard('b')).toEqual(board('b'));
    expect(await s.load('b')).toEqual({ snapshot: null, updates: [bytes(1)], lastSeq: 1, logBytes: 1 });
  });

  it('a write after close rejects and the data on disk is unchanged', async () => {
    await s.close();
    await expect(s.append([u('b', 2)])).rejects.toThrow('BoardStorage is closed');
    s = await openStorage(dataDir);
    expect((await s.load('b')).updates).toEqual([bytes(1)]);
  });

  it('a write that meets another connection\'s write lock waits for it, then succeeds', async () => {
    const lock = await holdWriteLock(file, offThread ? {} : { letGoAfterMs: 200 });
    try {
      const written = s.append([u('b', 2)]);
      if (offThread) {
        // The write waits in the worker; this thread runs on meanwhile and is the one that lets go.
        let settled = false;
        void written.finally(() => (settled = true)).catch(() => {});
        for (let turn = 0; turn < 5; turn++) await new Promise((r) => setImmediate(r));
        expect(settled).toBe(false);
        await lock.letGo();
      }
      // On the calling thread the write blocks it until the other connection lets go by itself.
      expect(await written).toEqual([2]);
    } finally {
      await lock.end();
    }
    expect((await s.load('b')).updates).toEqual([bytes(1), bytes(2)]);
  });

  it('a write blocked by a lock that is never released rejects as busy and writes nothing', async () => {
    const raw = new Database(file, { timeout: 0 });
    raw.exec('BEGIN IMMEDIATE');
    try {
      // The journaled store's appends do not write SQLite; its other writes do.
      if (journaled) await expect(s.updateTitle('b', 'Blocked')).rejects.toThrow(/locked|busy/i);
      else await expect(s.append([u('b', 2)])).rejects.toThrow(/locked|busy/i);
    } finally {
      raw.exec('ROLLBACK');
      raw.close();
    }
    expect((await s.load('b')).updates).toEqual([bytes(1)]);
    expect((await s.getBoard('b'))?.title).toBe(board('b').title);
  }, 15_000);
});
