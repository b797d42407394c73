/**
 * The cold load on PostgreSQL with board ownership (server/cluster/): the
 * process that claims a board answers a new client's first sync from the bytes
 * PostgreSQL holds before it applies them, as on SQLite (coldLoad.test.ts), and
 * a client of another process is forwarded to it and syncs the same board.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { addCard, initBoard, readCards } from '../../shared/doc/index.ts';
import { MessageKind, roomName } from '../../shared/protocol.ts';
import { newRoleSecrets } from '../../server/secrets.ts';
import { openPostgresStorage } from '../../server/storage/postgres.ts';
import { openServerStorage } from '../../server/storage/open.ts';
import { rawSocket, trackClients, waitFor } from '../helpers/clients.ts';
import { postgresSuite } from '../helpers/postgres.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

postgresSuite('cold load on PostgreSQL', (server) => {
  let url = '';
  const clients = trackClients();
  const servers: { stop(): Promise<void> }[] = [];
  beforeAll(async () => {
    url = await server().createDatabase('coldload');
  });
  afterEach(async () => {
    clients.destroyAll();
    for (const s of servers.splice(0).reverse()) await s.stop().catch(() => {});
  });

  /** A server "process" in this test process: its own PostgreSQL storage, leases and forwarder. */
  async function processOnPostgres(): Promise<TestServer> {
    const opened = await openServerStorage({ dataDir: '/nonexistent', databaseUrl: url });
    const ownership = opened.ownership!;
    const s = await startTestServer({ storage: opened.storage, claims: ownership, cluster: ownership.cluster });
    ownership.setOwnerUrl(s.url);
    ownership.onLost = (boardId) => s.rooms.dropBoard(boardId);
    servers.push({
      stop: async () => {
        await s.close();
        await ownership.close();
      },
    });
    return s;
  }

  it("the owner answers a new client's first sync from the stored bytes before its load; another process's client is forwarded and syncs", async () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Cold on PostgreSQL', createdAt: 1_700_000_000_000 });
    for (let i = 0; i < 20; i++) addCard(doc, { column: 'goal', text: `card ${i}` });
    const content = Y.encodeStateAsUpdate(doc);
    const id = `ColdPg${Math.random().toString(36).slice(2, 10)}`;
    const { secrets, hashes } = newRoleSecrets();
    const storage = await openPostgresStorage({ url });
    try {
      await storage.createBoard({ id, title: 'Cold on PostgreSQL', createdAt: Date.now(), secretHashes: hashes }, [{ docName: roomName(id, 'content'), update: content }]);
    } finally {
      await storage.close();
    }
    const a = await processOnPostgres();
    const b = await processOnPostgres();
    expect(a.rooms.isLoaded(id)).toBe(false);

    const raw = rawSocket(a.url, roomName(id, 'content'), secrets.participant);
    raw.ws.once('open', () => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageKind.sync);
      syncProtocol.writeSyncStep1(encoder, new Y.Doc());
      raw.ws.send(encoding.toUint8Array(encoder));
    });
    await waitFor(() => raw.messages.length >= 2, 'the first two messages');
    const steps = raw.messages.slice(0, 2).map((m) => {
      const d = decoding.createDecoder(m);
      expect(decoding.readVarUint(d)).toBe(MessageKind.sync);
      return { step: decoding.readVarUint(d), payload: decoding.readVarUint8Array(d) };
    });
    // Its step 2 (the stored bytes as they are) came before the server's step 1, which needs the loaded document.
    expect(steps.map((s) => s.step)).toEqual([syncProtocol.messageYjsSyncStep2, syncProtocol.messageYjsSyncStep1]);
    expect(steps[0]!.payload).toEqual(content);
    expect(a.rooms.isLoaded(id)).toBe(true);

    const onB = clients.connect(b.url, id, secrets.participant);
    await onB.synced;
    expect(readCards(onB.doc)).toHaveLength(20);
    expect(b.rooms.isLoaded(id)).toBe(false); // forwarded to the owner
    raw.ws.close();
  });
});
