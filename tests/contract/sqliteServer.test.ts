/**
 * What is specific to `openSqliteServerStorage` (the shared contract and the
 * write failures are in storage.test.ts and sqliteFailure.test.ts): a write is
 * acknowledged only once the WAL is synced, and a checkpoint's database sync
 * comes before the next write. The syncs are observed (and held) at
 * `fs.fdatasync`, the call the storage makes them with.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openSqliteServerStorage } from '../../server/storage/sqliteServer.ts';
import type { BoardStorage } from '../../server/storage/types.ts';
import { board, bytes } from './storageContract.ts';

type Callback = (error: NodeJS.ErrnoException | null) => void;

/** Holds every fdatasync of the files whose inode `held` names until released. */
function holdSyncs() {
  const real = fs.fdatasync;
  const waiting: { fd: number; done: Callback }[] = [];
  const held = new Set<number>();
  const spy = vi.spyOn(fs, 'fdatasync').mockImplementation(((fd: number, done: Callback) => {
    if (held.has(fs.fstatSync(fd).ino)) waiting.push({ fd, done });
    else real(fd, done);
  }) as typeof fs.fdatasync);
  return {
    hold: (file: string) => held.add(fs.statSync(file).ino),
    release() {
      held.clear();
      for (const w of waiting.splice(0)) real(w.fd, w.done);
    },
    waitingFor: (file: string) => waiting.filter((w) => fs.fstatSync(w.fd).ino === fs.statSync(file).ino).length,
    restore: () => spy.mockRestore(),
  };
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

  it('acknowledges a write only once the WAL has been synced', async () => {
    const { s, file } = await open();
    await s.createBoard(board('b'));
    syncs = holdSyncs();
    syncs.hold(`${file}-wal`);
    let acknowledged = false;
    const written = s.append([{ docName: 'b', update: bytes(1) }]).then((seqs) => {
      acknowledged = true;
      return seqs;
    });
    await turns(5);
    expect(syncs.waitingFor(`${file}-wal`)).toBe(1);
    expect(acknowledged).toBe(false);
    syncs.release();
    expect(await written).toEqual([1]);
  });

  it('checkpoints between writes, and syncs the database before the next write starts', async () => {
    const { s, file } = await open();
    await s.createBoard(board('c'));
    syncs = holdSyncs();
    syncs.hold(file);
    const update = new Uint8Array(1500).fill(3);
    // Enough writes for a checkpoint; it runs once they are synced, and its database sync is held.
    for (let i = 0; i < 64; i++) await s.append([{ docName: 'c', update }]);
    await turns(5);
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
});
