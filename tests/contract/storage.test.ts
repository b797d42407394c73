import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openMemoryStorage } from '../../server/storage/memory.ts';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import { openSqliteServerStorage } from '../../server/storage/sqliteServer.ts';
import { openSqliteWorkerStorage } from '../../server/storage/sqliteWorker.ts';
import type { BoardStorage } from '../../server/storage/types.ts';
import { board, bytes, storageContractSuite } from './storageContract.ts';

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'vcp-storage-'));
}

storageContractSuite('sqlite', async () => {
  const dataDir = tmpDir();
  return {
    storage: openSqliteStorage({ dataDir }),
    reopen: async () => openSqliteStorage({ dataDir }),
    cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
});

storageContractSuite('sqlite in a worker thread', async () => {
  const dataDir = tmpDir();
  return {
    storage: await openSqliteWorkerStorage({ dataDir }),
    reopen: async () => openSqliteWorkerStorage({ dataDir }),
    cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
});

storageContractSuite('sqlite for the server (fsyncs in the thread pool)', async () => {
  const dataDir = tmpDir();
  return {
    storage: await openSqliteServerStorage({ dataDir }),
    reopen: async () => openSqliteServerStorage({ dataDir }),
    cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
});

storageContractSuite('memory', async () => ({
  storage: openMemoryStorage(),
  cleanup: async () => {},
}), { persistent: false });

describe('openSqliteStorage specifics', () => {
  const opened: BoardStorage[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  function dir(): string {
    const d = tmpDir();
    dirs.push(d);
    return d;
  }
  function open(...args: Parameters<typeof openSqliteStorage>): BoardStorage {
    const s = openSqliteStorage(...args);
    opened.push(s);
    return s;
  }

  it('creates a missing (nested) data dir and uses vcp.sqlite by default or fileName', async () => {
    const root = dir();
    const nested = path.join(root, 'a', 'b');
    await open({ dataDir: nested }).createBoard(board('x'));
    expect(fs.existsSync(path.join(nested, 'vcp.sqlite'))).toBe(true);
    await open({ dataDir: root, fileName: 'other.db' }).createBoard(board('y'));
    expect(fs.existsSync(path.join(root, 'other.db'))).toBe(true);
  });

  it('read-only instance reads what a running writer committed and cannot write', async () => {
    const dataDir = dir();
    const writer = open({ dataDir });
    await writer.createBoard(board('ro'), [{ docName: 'ro', update: bytes(1) }]);
    const reader = open({ dataDir, readonly: true });
    expect(await reader.getBoard('ro')).toEqual(board('ro'));
    await writer.append([{ docName: 'ro', update: bytes(2) }]);
    expect((await reader.load('ro')).updates).toEqual([bytes(1), bytes(2)]);
    await expect(reader.append([{ docName: 'ro', update: bytes(3) }])).rejects.toThrow(/readonly/i);
    await expect(reader.createBoard(board('ro2'))).rejects.toThrow(/readonly/i);
    expect((await writer.load('ro')).lastSeq).toBe(2);
  });

  it('read-only instance works after the writer has closed (WAL files removed)', async () => {
    const dataDir = dir();
    const writer = openSqliteStorage({ dataDir });
    await writer.createBoard(board('later'));
    await writer.close();
    const reader = open({ dataDir, readonly: true });
    expect(await reader.listBoards()).toEqual([board('later')]);
  });

  it('read-only open of a missing database fails clearly and creates nothing', () => {
    const dataDir = path.join(dir(), 'missing');
    expect(() => openSqliteStorage({ dataDir, readonly: true })).toThrow(/does not exist/);
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('sets the durability pragmas and the schema version', async () => {
    const dataDir = dir();
    await open({ dataDir }).listBoards();
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(path.join(dataDir, 'vcp.sqlite'), { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.pragma('user_version', { simple: true })).toBe(3);
      const tables = raw
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .pluck()
        .all();
      expect(tables).toEqual(['boards', 'doc_updates', 'history_snapshots', 'snapshots']);
    } finally {
      raw.close();
    }
  });

  it('upgrades a version-1 database (before version history) keeping its boards and docs', async () => {
    const dataDir = dir();
    const { raw, old } = await oldDatabase(dataDir, 1);
    raw.prepare('INSERT INTO doc_updates VALUES (?, ?, ?)').run('old', 1, Buffer.from([7]));
    raw.close();
    expect(() => openSqliteStorage({ dataDir, readonly: true })).toThrow(/schema version 1, expected 3/);
    const s = open({ dataDir });
    expect(await s.getBoard('old')).toEqual(old);
    expect((await s.load('old')).updates).toEqual([bytes(7)]);
    await s.putSnapshot('old', { id: 'first', at: 1, reason: 'manual', state: bytes(1) });
    expect((await s.listSnapshots('old')).map((x) => x.id)).toEqual(['first']);
  });

  it('upgrades a version-2 database (before saved versions recorded their saver): its versions stay, kept like the facilitator\'s', async () => {
    const dataDir = dir();
    const { raw } = await oldDatabase(dataDir, 2);
    raw.prepare('INSERT INTO history_snapshots VALUES (?, ?, ?, ?, ?, ?, ?)').run('old', 'v1', 5, 'manual', 'Agreed', null, Buffer.from([1]));
    raw.close();
    const s = open({ dataDir });
    expect(await s.listSnapshots('old')).toEqual([{ id: 'v1', at: 5, reason: 'manual', label: 'Agreed', bytes: 1 }]);
    await s.putSnapshot('old', { id: 'v2', at: 6, reason: 'manual', savedBy: 'participant', state: bytes(1) });
    expect((await s.listSnapshots('old')).map((x) => x.savedBy)).toEqual([undefined, 'participant']);
  });

  it('refuses a database from a newer schema version', async () => {
    const dataDir = dir();
    await openSqliteStorage({ dataDir }).close();
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(path.join(dataDir, 'vcp.sqlite'));
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => openSqliteStorage({ dataDir })).toThrow(/newer/);
    expect(() => openSqliteStorage({ dataDir, readonly: true })).toThrow(/schema version 99/);
  });
});

/** A database file as an older release wrote it (schema `version`: 1 before version history, 2 before savers), with board "old". */
async function oldDatabase(dataDir: string, version: 1 | 2) {
  const { default: Database } = await import('better-sqlite3');
  const raw = new Database(path.join(dataDir, 'vcp.sqlite'));
  raw.exec(`
    CREATE TABLE boards (id TEXT PRIMARY KEY NOT NULL, title TEXT NOT NULL, created_at INTEGER NOT NULL,
      facilitator_hash TEXT NOT NULL, participant_hash TEXT NOT NULL, viewer_hash TEXT NOT NULL) STRICT;
    CREATE TABLE doc_updates (doc_name TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (doc_name, seq)) STRICT;
    CREATE TABLE snapshots (doc_name TEXT PRIMARY KEY NOT NULL, data BLOB NOT NULL, upto_seq INTEGER NOT NULL) STRICT;
  `);
  if (version === 2) {
    raw.exec(`
      CREATE TABLE history_snapshots (board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE, id TEXT NOT NULL,
        at INTEGER NOT NULL, reason TEXT NOT NULL, label TEXT, phase TEXT, state BLOB NOT NULL, PRIMARY KEY (board_id, id)) STRICT;
    `);
  }
  const old = board('old');
  raw.prepare('INSERT INTO boards VALUES (?, ?, ?, ?, ?, ?)').run(old.id, old.title, old.createdAt, old.secretHashes.facilitator, old.secretHashes.participant, old.secretHashes.viewer);
  raw.pragma(`user_version = ${version}`);
  return { raw, old };
}
