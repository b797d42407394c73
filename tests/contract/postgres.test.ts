/**
 * The storage contract against PostgreSQL (a throwaway server per file,
 * tests/helpers/postgres.ts; one database for the file, emptied before each
 * test), plus what is PostgreSQL's own: the schema, and commits that wait for
 * the WAL flush.
 */
import pg from 'pg';
import { beforeAll, expect, it } from 'vitest';
import { openPostgresStorage } from '../../server/storage/postgres.ts';
import { PG_SCHEMA_VERSION } from '../../server/storage/postgresSchema.ts';
import { postgresSuite } from '../helpers/postgres.ts';
import { board, bytes, storageContractSuite } from './storageContract.ts';

/** Empties every table of the schema (faster than a database per test). */
async function emptyDatabase(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('TRUNCATE boards, doc_heads, doc_updates, doc_snapshots, history_snapshots, board_leases CASCADE');
  } finally {
    await c.end();
  }
}

postgresSuite('PostgreSQL storage', (server) => {
  let url = '';
  beforeAll(async () => {
    url = await server().createDatabase('storage_contract');
  });

  storageContractSuite('postgres', async () => {
    const storage = await openPostgresStorage({ url });
    await emptyDatabase(url);
    return {
      storage,
      reopen: async () => openPostgresStorage({ url }),
      cleanup: async () => {},
    };
  });

  it('creates the schema once, also when several processes open it at the same time', async () => {
    const fresh = await server().createDatabase('storage_concurrent_open');
    const opened = await Promise.all(Array.from({ length: 5 }, () => openPostgresStorage({ url: fresh })));
    await opened[0]!.createBoard(board('b'), [{ docName: 'b', update: bytes(1) }]);
    expect((await opened[4]!.load('b')).updates).toEqual([bytes(1)]);
    for (const s of opened) await s.close();
    const c = new pg.Client({ connectionString: fresh });
    await c.connect();
    try {
      expect((await c.query('SELECT version FROM vcp_schema')).rows).toEqual([{ version: PG_SCHEMA_VERSION }]);
    } finally {
      await c.end();
    }
  });

  it('refuses a database whose schema is newer than this build', async () => {
    const fresh = await server().createDatabase('storage_newer');
    await (await openPostgresStorage({ url: fresh })).close();
    const c = new pg.Client({ connectionString: fresh });
    await c.connect();
    await c.query('UPDATE vcp_schema SET version = 99');
    await c.end();
    await expect(openPostgresStorage({ url: fresh })).rejects.toThrow(/schema version 99 is newer/);
  });

  it('refuses a database that acknowledges commits before they are flushed', async () => {
    const fresh = await server().createDatabase('storage_async_commit');
    const c = new pg.Client({ connectionString: server().adminUrl });
    await c.connect();
    await c.query('ALTER DATABASE storage_async_commit SET synchronous_commit = off');
    await c.end();
    await expect(openPostgresStorage({ url: fresh })).rejects.toThrow(/synchronous_commit is off/);
  });

  it('keeps working after its connection is killed (the call on it fails, the next one reconnects)', async () => {
    const fresh = await server().createDatabase('storage_reconnect');
    const s = await openPostgresStorage({ url: fresh });
    try {
      await s.append([{ docName: 'r', update: bytes(1) }]);
      const admin = new pg.Client({ connectionString: server().adminUrl });
      await admin.connect();
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'storage_reconnect' AND application_name = 'vcp-board storage'",
      );
      await admin.end();
      await expect.poll(async () => s.append([{ docName: 'r', update: bytes(2) }]).then(() => 'ok', (e: Error) => e.message), { timeout: 10_000 }).toBe('ok');
      expect((await s.load('r')).updates).toEqual([bytes(1), bytes(2)]);
    } finally {
      await s.close();
    }
  });
});
