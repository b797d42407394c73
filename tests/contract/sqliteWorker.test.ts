/**
 * What is specific to `openSqliteWorkerStorage` (the shared contract and the
 * write-failure suite run against it elsewhere): the worker's death, open
 * failures, call ordering, close() draining, and that the calling thread keeps
 * running while a write waits in the worker.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import { openSqliteWorkerStorage, type SqliteWorkerStorage, type SqliteWorkerStorageOptions } from '../../server/storage/sqliteWorker.ts';
import type { DocUpdate } from '../../server/storage/types.ts';
import { WriteBatcher } from '../../server/sync/writeBatcher.ts';
import { board, bytes } from './storageContract.ts';

const u = (docName: string, ...xs: number[]): DocUpdate => ({ docName, update: bytes(...xs) });

describe('openSqliteWorkerStorage', () => {
  const opened: SqliteWorkerStorage[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  function dir(): string {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'vcp-storage-worker-'));
    dirs.push(d);
    return d;
  }
  async function open(opts: SqliteWorkerStorageOptions): Promise<SqliteWorkerStorage> {
    const s = await openSqliteWorkerStorage(opts);
    opened.push(s);
    return s;
  }

  describe('WAL checkpoints', () => {
    it('checkpoints between commits: the WAL stays small and is rewritten in place instead of growing', async () => {
      const dataDir = dir();
      const s = await open({ dataDir });
      await s.createBoard(board('w'));
      const update = new Uint8Array(1500).fill(5);
      // 600 commits of 1.5 KB add ~600 pages: left to SQLite (1,000 pages), the WAL would grow past 2 MB.
      for (let i = 0; i < 600; i++) await s.append([{ docName: 'w', update }]);
      const wal = fs.statSync(path.join(dataDir, 'vcp.sqlite-wal')).size;
      expect(wal).toBeLessThan(1024 * 1024);
      expect((await s.load('w')).updates).toHaveLength(600);
    });
  });

  describe('when the worker dies', () => {
    it('rejects the pending call and every later one, writes nothing, and close() still resolves', async () => {
      const dataDir = dir();
      const s = await open({ dataDir });
      await s.createBoard(board('b'), [u('b', 1)]);
      s.exitWorkerOnNextRequest(70);
      const exited = new Promise<number>((resolve) => s.worker.once('exit', resolve));
      await expect(s.append([u('b', 2)])).rejects.toThrow(/SQLite worker exited unexpectedly \(exit code 70\)/);
      expect(await exited).toBe(70);
      await expect(s.append([u('b', 3)])).rejects.toThrow(/SQLite worker exited/);
      await expect(s.load('b')).rejects.toThrow(/SQLite worker exited/);
      await expect(s.getBoard('b')).rejects.toThrow(/SQLite worker exited/);
      await s.close();
      await expect(s.append([u('b', 4)])).rejects.toThrow(/closed/);

      const reopened = await open({ dataDir });
      expect((await reopened.load('b')).updates).toEqual([bytes(1)]);
    });

    it('rejects every call already queued behind the one running when it died', async () => {
      const s = await open({ dataDir: dir() });
      s.exitWorkerOnNextRequest();
      const calls = [s.append([u('q', 1)]), s.append([u('q', 2)]), s.load('q'), s.listBoards(), s.deleteBoard('q')];
      const results = await Promise.allSettled(calls);
      expect(results.map((r) => r.status)).toEqual(Array(calls.length).fill('rejected'));
    });

    it('also when it is terminated from outside', async () => {
      const s = await open({ dataDir: dir() });
      await s.append([u('t', 1)]);
      await s.worker.terminate();
      await expect(s.append([u('t', 2)])).rejects.toThrow(/SQLite worker exited/);
      await expect(s.load('t')).rejects.toThrow(/SQLite worker exited/);
    });

    it('leaves the write batcher retrying without acknowledging', async () => {
      const s = await open({ dataDir: dir() });
      await s.worker.terminate();
      const attempts: number[] = [];
      const batcher = new WriteBatcher(s, (_error, attempt) => attempts.push(attempt));
      let acknowledged = false;
      void batcher.write('w', bytes(1)).then(() => (acknowledged = true));
      await expect.poll(() => attempts.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
      expect(acknowledged).toBe(false);
      expect(batcher.pendingCount).toBe(1);
      await batcher.close(0);
    });
  });

  describe('failures', () => {
    it('rejects opening a database of a newer schema version with the synchronous message', async () => {
      const dataDir = dir();
      await openSqliteStorage({ dataDir }).close();
      const raw = new Database(path.join(dataDir, 'vcp.sqlite'));
      raw.pragma('user_version = 99');
      raw.close();
      await expect(openSqliteWorkerStorage({ dataDir })).rejects.toThrow(/schema version 99 is newer than this build supports/);
    });

    it('rejects opening when the data dir cannot be created', async () => {
      const file = path.join(dir(), 'not-a-dir');
      fs.writeFileSync(file, 'x');
      await expect(openSqliteWorkerStorage({ dataDir: path.join(file, 'sub') })).rejects.toThrow(/ENOTDIR/);
    });

    it('keeps the SQLite error name and code of a failed write', async () => {
      const dataDir = dir();
      const s = await open({ dataDir });
      const raw = new Database(path.join(dataDir, 'vcp.sqlite'));
      raw.exec(`CREATE TRIGGER fail BEFORE INSERT ON doc_updates BEGIN SELECT RAISE(ABORT, 'injected write failure'); END;`);
      raw.close();
      const error = await s.append([u('x', 1)]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject({ name: 'SqliteError', code: 'SQLITE_CONSTRAINT_TRIGGER', message: 'injected write failure' });
      expect((error as Error).stack).toContain('SQLite worker thread');
    });
  });

  describe('ordering', () => {
    it('reads see every write called before them, even without awaiting it', async () => {
      const s = await open({ dataDir: dir() });
      const writes = [s.createBoard(board('o'), [u('o', 1)]), s.append([u('o', 2)]), s.updateTitle('o', 'renamed')];
      const [doc, rec] = await Promise.all([s.load('o'), s.getBoard('o')]);
      await Promise.all(writes);
      expect(doc.updates).toEqual([bytes(1), bytes(2)]);
      expect(rec?.title).toBe('renamed');
    });

    it('a write waiting for the database lock leaves this thread running and resolves once committed', async () => {
      const dataDir = dir();
      const s = await open({ dataDir });
      await s.append([u('l', 1)]);
      const raw = new Database(path.join(dataDir, 'vcp.sqlite'));
      raw.exec('BEGIN IMMEDIATE');
      let settled = false;
      const appended = s.append([u('l', 2)]).finally(() => (settled = true));
      let ticks = 0;
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          if (++ticks === 5) {
            clearInterval(timer);
            resolve();
          }
        }, 20);
      });
      expect(settled).toBe(false);
      raw.exec('ROLLBACK');
      raw.close();
      expect(await appended).toEqual([2]);
      expect((await s.load('l')).lastSeq).toBe(2);
    });
  });

  it('close() waits for the calls made before it, then the data is on disk', async () => {
    const dataDir = dir();
    const s = await openSqliteWorkerStorage({ dataDir });
    const seqs = Array.from({ length: 20 }, (_, i) => s.append([u('c', i)]));
    await s.close();
    expect(await Promise.all(seqs)).toEqual(Array.from({ length: 20 }, (_, i) => [i + 1]));
    expect(s.worker.threadId).toBe(-1); // terminated
    const again = openSqliteStorage({ dataDir, readonly: true });
    expect((await again.load('c')).lastSeq).toBe(20);
    await again.close();
  });

  it('under node --import tsx: a pending call keeps the process alive, an idle worker does not', () => {
    const dataDir = dir();
    const script = `
      import { openSqliteWorkerStorage } from ${JSON.stringify(path.resolve('server/storage/sqliteWorker.ts'))};
      const s = await openSqliteWorkerStorage({ dataDir: ${JSON.stringify(dataDir)} });
      console.log(JSON.stringify(await s.append([{ docName: 'p', update: Uint8Array.of(1) }])));
      // no close(): the idle worker must not keep the process running
    `;
    const file = path.join(dataDir, 'script.mts');
    fs.writeFileSync(file, script);
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 20_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('[1]');
  });
});
