/**
 * Servers on PostgreSQL (DATABASE_URL): the real server process stores its
 * boards there and keeps them across a restart; two processes on one
 * database never serve one board at once: the owner serves it, the other
 * refuses (4503, try again) until the owner has gone, then serves it with
 * everything the owner stored.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { addCard, readCards } from '../../shared/doc/index.ts';
import { CloseCode, roomName } from '../../shared/protocol.ts';
import { openPostgresStorage } from '../../server/storage/postgres.ts';
import { openServerStorage } from '../../server/storage/open.ts';
import { createBoard, rawSocket, trackClients, waitFor } from '../helpers/clients.ts';
import { postgresSuite } from '../helpers/postgres.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startChildServer } from '../security/childServer.ts';

postgresSuite('servers on PostgreSQL', (server) => {
  let url = '';
  const clients = trackClients();
  const servers: { stop(): Promise<unknown> }[] = [];
  beforeAll(async () => {
    url = await server().createDatabase('servers');
  });
  afterEach(async () => {
    clients.destroyAll();
    for (const s of servers.splice(0).reverse()) await s.stop().catch(() => {});
  });

  /** The cards of the board as a fresh load from PostgreSQL holds them. */
  async function storedCards(boardId: string): Promise<string[]> {
    const storage = await openPostgresStorage({ url });
    try {
      const stored = await storage.load(boardId);
      const doc = new Y.Doc();
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
      for (const u of stored.updates) Y.applyUpdate(doc, u);
      return readCards(doc).map((c) => c.text).sort();
    } finally {
      await storage.close();
    }
  }

  /** A server process in this test process: its own PostgreSQL storage and board leases. */
  async function processOnPostgres(): Promise<TestServer & { stop(): Promise<void> }> {
    const opened = await openServerStorage({ dataDir: '/nonexistent', databaseUrl: url });
    const s = await startTestServer({ storage: opened.storage, claims: opened.ownership! });
    opened.ownership!.setOwnerUrl(s.url);
    opened.ownership!.onLost = (boardId) => s.rooms.dropBoard(boardId);
    const stop = async () => {
      await s.close(); // closes the server and its storage
      await opened.ownership!.close();
    };
    const handle = { ...s, stop };
    servers.push(handle);
    return handle;
  }

  it('npm start with DATABASE_URL keeps boards in PostgreSQL (and nothing in DATA_DIR) across a restart', async () => {
    const first = await startChildServer({ DATABASE_URL: url });
    servers.push(first);
    const board = await createBoard(first.url, { title: 'On PostgreSQL' });
    const res = await fetch(`${first.url}/api/boards/${board.id}/cards`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${board.secrets.facilitator}` },
      body: JSON.stringify({ column: 'goal', text: 'Grow ARR' }),
    });
    expect(res.status).toBe(201);
    await first.stop();
    expect(await storedCards(board.id)).toEqual(['Grow ARR']);

    const second = await startChildServer({ DATABASE_URL: url });
    servers.push(second);
    const reader = clients.connect(second.url, board.id, board.secrets.viewer);
    await reader.synced;
    await waitFor(() => readCards(reader.doc).some((c) => c.text === 'Grow ARR'), 'the card after the restart');
    expect(second.startupLine).toMatch(/data in PostgreSQL postgres:\/\/postgres@127\.0\.0\.1:\d+\/servers/);
    expect(fs.existsSync(path.join(second.dataDir, 'vcp.sqlite'))).toBe(false);
  });

  it('two processes on one database: the owner serves the board, the other refuses until the owner is gone, then serves all of it', async () => {
    const a = await processOnPostgres();
    const b = await processOnPostgres();
    const board = await createBoard(a.url, { title: 'Owned' });

    const writerA = clients.connect(a.url, board.id, board.secrets.facilitator);
    await writerA.synced;
    addCard(writerA.doc, { column: 'goal', text: 'from A' });
    await waitFor(async () => (await storedCards(board.id)).includes('from A'), 'the card from A stored');

    const refused = rawSocket(b.url, roomName(board.id, 'content'), board.secrets.participant);
    expect((await refused.closed).code).toBe(CloseCode.shuttingDown);
    const restOnB = await fetch(`${b.url}/api/boards/${board.id}/cards`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${board.secrets.facilitator}` },
      body: JSON.stringify({ column: 'goal', text: 'refused on B' }),
    });
    expect(restOnB.status).toBe(503);
    expect(restOnB.headers.get('retry-after')).toBe('1');
    expect(((await restOnB.json()) as { error: { code: string } }).error.code).toBe('board_elsewhere');

    await a.stop(); // releases its boards
    const writerB = clients.connect(b.url, board.id, board.secrets.facilitator);
    await writerB.synced;
    await waitFor(() => readCards(writerB.doc).some((c) => c.text === 'from A'), 'A\'s card on B');
    addCard(writerB.doc, { column: 'goal', text: 'from B' });
    await waitFor(async () => (await storedCards(board.id)).includes('from B'), 'the card from B stored');
    expect(await storedCards(board.id)).toEqual(['from A', 'from B']);
  });
});
