/**
 * What is specific to `openSqliteServerStorage` (the shared contract and the
 * write failures are in storage.test.ts and sqliteFailure.test.ts): an append
 * resolves once it is written to the update journal and `sync()` once the
 * journal is synced after it (every other write only once SQLite's WAL is),
 * the journal's syncs are one at a time, SQLite takes the journal's updates in
 * one transaction shortly after, opening the store puts into SQLite what only
 * the journal had (after a kill), and a checkpoint's database sync comes
 * before the next SQLite write. The syncs are observed (and held) at
 * `fs.fdatasync`, the call the storage makes them with.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { readingJournal } from '../../server/storage/journalReader.ts';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import { openSqliteServerStorage } from '../../server/storage/sqliteServer.ts';
import type { BoardStorage } from '../../server/storage/types.ts';
import { waitFor } from '../helpers/clients.ts';
import { holdSyncs } from '../helpers/heldSyncs.ts';
import { board, bytes } from './storageContract.ts';

/** The files a killed server leaves: copied while the store is open (what the OS holds for them; nothing closes). */
function killedCopy(dataDir: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'vcp-storage-killed-'));
  for (const name of fs.readdirSync(dataDir)) fs.copyFileSync(path.join(dataDir, name), path.join(copy, name));
  return copy;
}

/** What SQLite alone holds for a doc (a second connection, read-only; the journal not read). */
async function inSqlite(dataDir: string, docName: string): Promise<Uint8Array[]> {
  const reader = openSqliteStorage({ dataDir, readonly: true });
  try {
    return (await reader.load(docName)).updates;
  } finally {
    await reader.close();
  }
}

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setTimeout(r, 1));
};

describe('openSqliteServerStorage', () => {
  const dirs: string[] = [];
  const opened: BoardStorage[] = [];
  let syncs: ReturnType<typeof holdSyncs> | undefined;
  afterEach(async () => {
    syncs?.release();
    syncs?.restore();
    syncs = undefined;
    for (const s of opened.splice(0)) await s.close();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  async function open(): Promise<{ s: BoardStorage; file: string }> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vcp-storage-server-'));
    dirs.push(dataDir);
    const s = await openSqliteServerStorage({ dataDir });
    opened.push(s);
    return { s, file: path.join(dataDir, 'vcp.sqlite') };
  }

  it('resolves an append once it is in the journal, and sync() and every other write once they are synced', async () => {
    const { s, file } = await open();
    await s.createBoard(board('b'));
    syncs = holdSyncs();
    syncs.hold(`${file}-log0`);
    syncs.hold(`${file}-wal`);
    // Written (a process kill cannot lose it) while every sync is held.
    expect(await s.append([{ docName: 'b', update: bytes(1) }])).toEqual([1]);
    const killed = killedCopy(path.dirname(file));
    dirs.push(killed);
    const reopened = await openSqliteServerStorage({ dataDir: killed });
    expect((await reopened.load('b')).updates).toEqual([bytes(1)]);
    await reopened.close();
    const done = { synced: false, titled: false };
    const synced = s.sync!().then(() => (done.synced = true));
    const titled = s.updateTitle('b', 'Renamed').then(() => (done.titled = true));
    await turns(5);
    expect(syncs.waitingFor(`${file}-log0`)).toBe(1);
    expect(done).toEqual({ synced: false, titled: false });
    syncs.releaseOne();
    await synced;
    await turns(5);
    expect(done).toEqual({ synced: true, titled: false }); // the title waits for the WAL
    syncs.release();
    await titled;
  });

  it("syncs the journal one sync at a time: an append made while one runs waits for the next", async () => {
    const { s, file } = await open();
    await s.createBoard(board('d'));
    syncs = holdSyncs();
    syncs.hold(`${file}-log0`);
    await s.append([{ docName: 'd', update: bytes(1) }]);
    const first = s.sync!();
    await turns(3);
    expect(syncs.waitingFor(`${file}-log0`)).toBe(1);
    // Written after the running sync started: that sync may not cover it.
    await s.append([{ docName: 'd', update: bytes(2) }]);
    await s.append([{ docName: 'd', update: bytes(3) }]);
    let secondDone = false;
    const second = s.sync!().then(() => (secondDone = true));
    await turns(3);
    expect(syncs.waitingFor(`${file}-log0`)).toBe(1); // not a second one beside it
    syncs.releaseOne();
    await first;
    await turns(3);
    expect(secondDone).toBe(false);
    expect(syncs.waitingFor(`${file}-log0`)).toBe(1); // one sync for both later appends
    syncs.releaseOne();
    await second;
  });

  it('lets SQLite take the journal\'s updates shortly after, in order, and reads them meanwhile', async () => {
    const { s, file } = await open();
    await s.createBoard(board('f'));
    const seqs = [];
    for (let i = 1; i <= 20; i++) seqs.push(...(await s.append([{ docName: 'f', update: bytes(i) }, { docName: 'f/control', update: bytes(100 + i) }])));
    expect(seqs.filter((_, i) => i % 2 === 0)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await s.load('f')).updates).toEqual(Array.from({ length: 20 }, (_, i) => bytes(i + 1)));
    await waitFor(async () => (await inSqlite(path.dirname(file), 'f')).length === 20, 'SQLite has the updates');
    expect(await inSqlite(path.dirname(file), 'f/control')).toEqual(Array.from({ length: 20 }, (_, i) => bytes(101 + i)));
    expect((await s.load('f')).lastSeq).toBe(20);
    expect(await s.append([{ docName: 'f', update: bytes(21) }])).toEqual([21]);
  });

  it('puts into SQLite, on opening, what only the journal had: nothing twice, nothing of a deleted board, nothing after a torn record', async () => {
    const { s, file } = await open();
    const dataDir = path.dirname(file);
    await s.createBoard(board('g'));
    await s.createBoard(board('gone'));
    await s.append([{ docName: 'g', update: bytes(1) }]);
    await s.compact('g', bytes(50), 1); // SQLite has seq 1 (in the snapshot)
    await s.append([{ docName: 'g', update: bytes(2) }, { docName: 'gone', update: bytes(7) }]);
    await s.deleteBoard('gone');
    await s.append([{ docName: 'g', update: bytes(3) }]);
    await s.append([{ docName: 'g', update: bytes(4) }]);
    const killed = killedCopy(dataDir);
    dirs.push(killed);
    // The last record torn (the kill came in the middle of its write, or a power loss took its end).
    const journal = `${killed}/vcp.sqlite-log0`;
    const whole = fs.readFileSync(journal);
    const cut = whole.lastIndexOf(Buffer.from('g')) + 3; // inside the last record
    fs.writeFileSync(journal, Buffer.concat([whole.subarray(0, cut), Buffer.alloc(whole.byteLength - cut)]));
    const reopened = await openSqliteServerStorage({ dataDir: killed });
    opened.push(reopened);
    expect(await reopened.load('g')).toEqual({ snapshot: bytes(50), updates: [bytes(2), bytes(3)], lastSeq: 3, logBytes: 2 });
    expect(await reopened.getBoard('gone')).toBeUndefined();
    expect((await reopened.load('gone')).updates).toEqual([]);
    expect(await inSqlite(killed, 'g')).toEqual([bytes(2), bytes(3)]);
    expect(await reopened.append([{ docName: 'g', update: bytes(4) }])).toEqual([4]);
  });

  it('moves to its other file as it grows, and a kill at any point loses nothing it wrote', async () => {
    const { s, file } = await open();
    const dataDir = path.dirname(file);
    await s.createBoard(board('h'));
    const update = (i: number) => new Uint8Array(3000).fill(i % 251);
    const copies: { dir: string; count: number }[] = [];
    for (let i = 1; i <= 1200; i++) {
      await s.append([{ docName: 'h', update: update(i) }]);
      if (i % 150 === 0) {
        const dir = killedCopy(dataDir);
        dirs.push(dir);
        copies.push({ dir, count: i });
      }
      if (i % 40 === 0) await new Promise((r) => setTimeout(r, 60)); // SQLite takes them meanwhile
    }
    // 3.6 MB through a journal that moves on after 1 MB: each file was started again
    // (its header's epoch, bytes 8-11) more than once.
    const epochs = [0, 1].map((n) => fs.readFileSync(`${file}-log${n}`).readUInt32LE(8));
    expect(Math.min(...epochs)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...epochs)).toBeGreaterThanOrEqual(3);
    for (const { dir, count } of copies) {
      const reopened = await openSqliteServerStorage({ dataDir: dir });
      const { updates, lastSeq } = await reopened.load('h');
      expect(lastSeq).toBe(count);
      expect(updates.length).toBe(count);
      expect(updates.every((u, i) => u.byteLength === 3000 && u[0] === (i + 1) % 251)).toBe(true);
      await reopened.close();
    }
  });

  it('fails to open, holding no file, when SQLite refuses what only the journal had, and opens with it all once SQLite takes it', async () => {
    const { s, file } = await open();
    await s.createBoard(board('j'));
    await s.append([{ docName: 'j', update: bytes(1) }]);
    const killed = killedCopy(path.dirname(file));
    dirs.push(killed);
    const raw = new Database(path.join(killed, 'vcp.sqlite'));
    raw.exec(`CREATE TRIGGER fail_j BEFORE INSERT ON doc_updates BEGIN SELECT RAISE(ABORT, 'injected replay failure'); END;`);
    const heldFiles = () =>
      fs.readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(`${killed}/vcp.sqlite-`);
        } catch {
          return false; // closed meanwhile (the readdir's own fd)
        }
      });
    const before = heldFiles(); // the raw connection's
    await expect(openSqliteServerStorage({ dataDir: killed })).rejects.toThrow(/injected replay failure/);
    expect(heldFiles()).toEqual(before); // the store's journal files, WAL, database and lock closed again
    raw.exec('DROP TRIGGER fail_j');
    raw.close();
    const reopened = await openSqliteServerStorage({ dataDir: killed });
    opened.push(reopened);
    expect((await reopened.load('j')).updates).toEqual([bytes(1)]);
  });

  it('refuses appends while SQLite refuses the journal\'s updates, keeping them, and takes them once it can', async () => {
    const { s, file } = await open();
    const dataDir = path.dirname(file);
    await s.createBoard(board('k'));
    const raw = new Database(file);
    raw.exec(`CREATE TRIGGER fail_k BEFORE INSERT ON doc_updates WHEN NEW.doc_name = 'k' BEGIN SELECT RAISE(ABORT, 'injected write failure'); END;`);
    // In the journal: resolved, and loaded from there.
    expect(await s.append([{ docName: 'k', update: bytes(1) }])).toEqual([1]);
    await waitFor(async () => {
      try {
        await s.append([{ docName: 'k/control', update: bytes(9) }]);
        return false;
      } catch (error) {
        return /SQLite refuses them: injected write failure/.test((error as Error).message);
      }
    }, 'appends refused');
    expect((await s.load('k')).updates).toEqual([bytes(1)]);
    expect(await inSqlite(dataDir, 'k')).toEqual([]);
    raw.exec('DROP TRIGGER fail_k');
    raw.close();
    await waitFor(async () => (await inSqlite(dataDir, 'k')).length === 1, 'SQLite takes them once it can');
    expect(await s.append([{ docName: 'k', update: bytes(2) }])).toEqual([2]);
  });

  it("lets a reader beside it (the CLI's) read the journal's updates too, each once, and none of a deleted board", async () => {
    const { s, file } = await open();
    const dataDir = path.dirname(file);
    await s.createBoard(board('r'));
    await s.createBoard(board('dropped'));
    await s.append([{ docName: 'r', update: bytes(1) }, { docName: 'dropped', update: bytes(5) }]);
    await waitFor(async () => (await inSqlite(dataDir, 'r')).length === 1, 'SQLite has the first');
    await s.deleteBoard('dropped');
    const raw = new Database(file);
    raw.exec(`CREATE TRIGGER hold_r BEFORE INSERT ON doc_updates BEGIN SELECT RAISE(ABORT, 'held back'); END;`);
    await s.append([{ docName: 'r', update: bytes(2) }]);
    await s.append([{ docName: 'r/control', update: bytes(3) }]);
    const reader = readingJournal(openSqliteStorage({ dataDir, readonly: true }), `${file}-log`);
    try {
      expect(await inSqlite(dataDir, 'r')).toEqual([bytes(1)]);
      expect(await reader.load('r')).toEqual({ snapshot: null, updates: [bytes(1), bytes(2)], lastSeq: 2, logBytes: 2 });
      expect((await reader.load('r/control')).updates).toEqual([bytes(3)]);
      expect((await reader.load('dropped')).updates).toEqual([]);
    } finally {
      await reader.close();
      raw.exec('DROP TRIGGER hold_r');
      raw.close();
    }
  });

  it('is the only server on its data directory: a second one is refused until the first closes', async () => {
    const { s, file } = await open();
    const dataDir = path.dirname(file);
    await s.createBoard(board('only'));
    await expect(openSqliteServerStorage({ dataDir })).rejects.toThrow(/in use by another server process/);
    // Nothing of the first was touched: it goes on.
    expect(await s.append([{ docName: 'only', update: bytes(1) }])).toEqual([1]);
    await s.close();
    const next = await openSqliteServerStorage({ dataDir });
    opened.push(next);
    expect((await next.load('only')).updates).toEqual([bytes(1)]);
    // A data directory that does not exist yet (a first start) is made, lock and all.
    const fresh = path.join(dataDir, 'not', 'yet');
    const first = await openSqliteServerStorage({ dataDir: fresh });
    opened.push(first);
    expect(await first.listBoards()).toEqual([]);
  });

  it('checkpoints between writes, and syncs the database before the next SQLite write starts', async () => {
    const { s, file } = await open();
    await s.createBoard(board('c'));
    syncs = holdSyncs();
    syncs.hold(file);
    // With the board's creation, a checkpoint's worth of writes (64); it runs once they are synced, and its database sync is held.
    for (let i = 0; i < 63; i++) await s.updateTitle('c', `Title ${i}`);
    await waitFor(() => syncs!.waitingFor(file) === 1, "the checkpoint's database sync");
    const walBytes = fs.statSync(`${file}-wal`).size;
    // The next SQLite write waits: it could restart the WAL over pages the database has not synced yet.
    let titled = false;
    const next = s.updateTitle('c', 'After the checkpoint').then(() => (titled = true));
    // Appends go to the journal meanwhile; SQLite takes them after the database sync.
    expect(await s.append([{ docName: 'c', update: bytes(9) }])).toEqual([1]);
    await new Promise((r) => setTimeout(r, 120));
    expect(titled).toBe(false);
    expect(await inSqlite(path.dirname(file), 'c')).toEqual([]);
    expect((await s.load('c')).updates).toEqual([bytes(9)]);
    syncs.release();
    await next;
    expect((await s.getBoard('c'))?.title).toBe('After the checkpoint');
    expect(await inSqlite(path.dirname(file), 'c')).toEqual([bytes(9)]);
    // Checkpointed: the writes after it rewrite the WAL from its start instead of growing it.
    for (let i = 0; i < 30; i++) await s.updateTitle('c', `Again ${i}`);
    expect(fs.statSync(`${file}-wal`).size).toBe(walBytes);
  });

  it('checkpoints under a steady load too: a due checkpoint holds SQLite until the WAL is synced, not the appends', async () => {
    const { s, file } = await open();
    await s.createBoard(board('e'));
    syncs = holdSyncs();
    syncs.hold(`${file}-wal`);
    const update = new Uint8Array(300_000).fill(5);
    // Each append is enough for SQLite to take it at once; four are a checkpoint's worth of bytes.
    for (let i = 0; i < 4; i++) {
      await s.append([{ docName: 'e', update }]);
      await waitFor(async () => (await inSqlite(path.dirname(file), 'e')).length === i + 1, 'SQLite took it');
    }
    await turns(3);
    // The checkpoint waits for the WAL's sync (held); SQLite takes nothing more meanwhile.
    expect(await s.append([{ docName: 'e', update }])).toEqual([5]);
    await new Promise((r) => setTimeout(r, 120));
    expect((await inSqlite(path.dirname(file), 'e')).length).toBe(4);
    syncs.release();
    await waitFor(async () => (await inSqlite(path.dirname(file), 'e')).length === 5, 'SQLite takes it after the checkpoint');
    const walBytes = fs.statSync(`${file}-wal`).size;
    for (let i = 0; i < 3; i++) await s.updateTitle('e', `Title ${i}`);
    expect(fs.statSync(`${file}-wal`).size).toBe(walBytes);
    expect((await s.load('e')).updates).toHaveLength(5);
  });
});
