/**
 * The two steps of a durable write on the SQLite server store
 * (server/storage/sqliteServer.ts): a change goes out to the other clients once
 * it is written to the update journal (a kill of the server can no longer lose
 * it: durability.test.ts), and what answers a person — here the REST
 * add-card's 201 — only once the journal is synced too. The journal's
 * fdatasync is held to tell the two apart.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readCards } from '../../shared/doc/index.ts';
import { createBoard, trackClients, waitFor } from '../helpers/clients.ts';
import { holdSyncs } from '../helpers/heldSyncs.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

describe('a write on the SQLite server store', () => {
  const clients = trackClients();
  let server: TestServer | undefined;
  let syncs: ReturnType<typeof holdSyncs> | undefined;
  afterEach(async () => {
    syncs?.release();
    syncs?.restore();
    syncs = undefined;
    clients.destroyAll();
    await server?.close();
    server = undefined;
  });

  it('reaches the other clients once written, and its 201 only once it is on disk', async () => {
    server = await startTestServer();
    const board = await createBoard(server.url, { title: 'Sync behind' });
    const watcher = clients.connect(server.url, board.id, board.secrets.viewer);
    await watcher.synced;
    syncs = holdSyncs();
    // The journal's file being written (the first, after a start) and the other.
    const journal = join(server.dataDir, 'vcp.sqlite-log0');
    syncs.hold(journal);
    syncs.hold(join(server.dataDir, 'vcp.sqlite-log1'));

    let answered: number | undefined;
    const posted = fetch(`${server.url}/api/boards/${board.id}/cards`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${board.secrets.participant}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ column: 'value', text: 'Saves an hour a week' }),
    }).then((res) => (answered = res.status));

    // Broadcast while the sync is held: the card is in the journal.
    await waitFor(() => readCards(watcher.doc).some((c) => c.text === 'Saves an hour a week'), 'the card at the watcher');
    expect(syncs.waitingFor(journal)).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(answered).toBeUndefined();

    syncs.release();
    await posted;
    expect(answered).toBe(201);
  });
});
