/**
 * What is specific to `openSqliteServerStorage` (the shared contract and the
 * write failures are in storage.test.ts and sqliteFailure.test.ts): an append
 * resolves at its commit and `sync()` once the WAL is synced after it (every
 * other write only then), the WAL's syncs are one at a time and a commit made
 * during one waits for the next, and a checkpoint's database sync comes before
 * the next write. The syncs are observed (and held) at `fs.fdatasync`, the
 * call the storage makes them with.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import { openSqliteServerStorage } from '../../server/storage/sqliteServer.ts';
import type { BoardStorage } from '../../server/storage/types.ts';
import { waitFor } from '../helpers/clients.ts';
import { holdSyncs } from '../helpers/heldSyncs.ts';
import { board, bytes } from './storageContract.ts';

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

  it('resolves an append at its commit, and sync() and every other write once the WAL is synced', async () => {
    const { s, file } = await open();
    await s.createBoard(board('b'));
    syncs = holdSyncs();
    syncs.hold(`${file}-wal`);
    // Committed (a process kill cannot lose it; a fresh connection reads it) while its sync is held.
    expect(await s.append([{ docName: 'b', update: bytes(1) }])).toEqual([1]);
    const reader = await openSqliteStorage({ dataDir: path.dirname(file), readonly: true });
    expect((await reader.load('b')).updates).toHaveLength(1);
    await reader.close();
    const done = { synced: false, titled: false };
    const synced = s.sync!().then(() => (done.synced = true));
    const titled = s.updateTitle('b', 'Renamed').then(() => (done.titled = true));
    await turns(5);
    expect(syncs.waitingFor(`${file}-wal`)).toBe(1);
    expect(done).toEqual({ synced: false, titled: false });
    syncs.release();
    await Promise.all([synced, titled]);
    expect(done).toEqual({ synced: true, titled: true });
  });

  it('syncs the WAL one sync at a time: a commit made while one runs waits for the next', async () => {
    const { s, file } = await open();
    await s.createBoard(board('d'));
    syncs = holdSyncs();
    syncs.hold(`${file}-wal`);
    await s.append([{ docName: 'd', update: bytes(1) }]);
    const first = s.sync!();
    await turns(3);
    expect(syncs.waitingFor(`${file}-wal`)).toBe(1);
    // Committed after the running sync started: that sync may not cover it.
    await s.append([{ docName: 'd', update: bytes(2) }]);
    await s.append([{ docName: 'd', update: bytes(3) }]);
    let secondDone = false;
    const second = s.sync!().then(() => (secondDone = true));
    await turns(3);
    expect(syncs.waitingFor(`${file}-wal`)).toBe(1); // not a second one beside it
    syncs.releaseOne();
    await first;
    await turns(3);
    expect(secondDone).toBe(false);
    expect(syncs.waitingFor(`${file}-wal`)).toBe(1); // one sync for both later commits
    syncs.releaseOne();
    await second;
  });

  it('checkpoints between writes, and syncs the database before the next write starts', async () => {
    const { s, file } = await open();
    await s.createBoard(board('c'));
    syncs = holdSyncs();
    syncs.hold(file);
    const update = new Uint8Array(1500).fill(3);
    // Enough writes for a checkpoint; it runs once they are synced, and its database sync is held.
    for (let i = 0; i < 64; i++) await s.append([{ docName: 'c', update }]);
    // The WAL's own sync (not held: a real fdatasync) comes first; on a busy disk it takes more than a few turns.
    await waitFor(() => syncs!.waitingFor(file) === 1, "the checkpoint's database sync");
    expect(syncs.waitingFor(file)).toBe(1);
    const walBytes = fs.statSync(`${file}-wal`).size;
    // The next write waits: it could restart the WAL over pages the database has not synced yet.
    let acknowledged = false;
    const next = s.append([{ docName: 'c', update: bytes(9) }]).then(() => (acknowledged = true));
    await turns(5);
    expect(acknowledged).toBe(false);
    expect((await s.load('c')).updates).toHaveLength(64);
    syncs.release();
    await next;
    expect((await s.load('c')).updates).toHaveLength(65);
    // Checkpointed: the writes after it rewrite the WAL from its start instead of growing it.
    for (let i = 0; i < 30; i++) await s.append([{ docName: 'c', update }]);
    expect(fs.statSync(`${file}-wal`).size).toBe(walBytes);
  });

  it('checkpoints under a steady load too: a due checkpoint holds the next write until the WAL is synced', async () => {
    const { s, file } = await open();
    await s.createBoard(board('e'));
    syncs = holdSyncs();
    syncs.hold(`${file}-wal`);
    const update = new Uint8Array(1500).fill(5);
    // Every commit resolves while the WAL's sync is held: no moment comes when all are synced.
    for (let i = 0; i < 64; i++) await s.append([{ docName: 'e', update }]);
    await turns(3);
    let acknowledged = false;
    const next = s.append([{ docName: 'e', update }]).then(() => (acknowledged = true));
    await turns(5);
    expect(acknowledged).toBe(false);
    syncs.release();
    await next;
    const walBytes = fs.statSync(`${file}-wal`).size;
    for (let i = 0; i < 30; i++) await s.append([{ docName: 'e', update }]);
    expect(fs.statSync(`${file}-wal`).size).toBe(walBytes);
    expect((await s.load('e')).updates).toHaveLength(95);
  });
});
