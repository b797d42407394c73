/**
 * The browser's copy of a board (y-indexeddb) and what Yjs encodes for it
 * (client/sync/quietLoad.ts), with the stock provider against the real server:
 * the server's first sync and its live updates are stored as they came, without
 * Yjs encoding them again (it encodes a transaction only for `update`
 * listeners, and there are none while the server's are applied); the copy's
 * own load is neither stored again nor sent; local changes are stored and sent
 * as always. A stand-in records what the persistence would store: Node has no
 * IndexedDB (the browser test cachedOpen.test.ts opens a board from the real copy).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { IndexeddbPersistence } from 'y-indexeddb';
import { addCard, readCards } from '../../shared/doc/index.ts';
import { quietLoad } from '../../client/sync/quietLoad.ts';
import { buildBoard } from '../bench/boardBuilder.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createBoard, trackClients, waitFor } from '../helpers/clients.ts';

let server: TestServer;
const clients = trackClients();
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => clients.destroyAll());
afterAll(async () => {
  await server.close();
});

const texts = (doc: Y.Doc) => readCards(doc).map((c) => c.text).sort();

function replay(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

describe("the browser's copy and the server's updates", () => {
  it('stores the server’s sync and updates as they came, encodes none of them again, and still stores and sends local changes', async () => {
    const board = await createBoard(server.url, { title: 'Quiet', example: true });
    const doc = new Y.Doc();
    const stored: Uint8Array[] = [];
    const persistence = { _storeUpdate: (update: Uint8Array) => void stored.push(update) } as unknown as IndexeddbPersistence;
    doc.on('update', persistence._storeUpdate); // as y-indexeddb registers it
    const client = clients.connect(server.url, board.id, board.secrets.facilitator, 'content', doc);
    const stop = quietLoad(doc, persistence, client.provider);
    // Whether Yjs would encode the transaction: it does only when `update` has listeners.
    const encodes: { origin: unknown; encoded: boolean }[] = [];
    doc.on('afterTransactionCleanup', (transaction: Y.Transaction) => {
      encodes.push({ origin: transaction.origin, encoded: doc._observers.has('update') });
    });

    // The copy loads before the socket has opened: neither stored again nor sent as an update.
    const offline = buildBoard(3);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(offline.doc), persistence);
    expect(stored).toHaveLength(0);
    expect(encodes.at(-1)).toEqual({ origin: persistence, encoded: false });

    await client.synced;
    const other = clients.connect(server.url, board.id, board.secrets.facilitator);
    await other.synced;
    // The sync brought the board, and sent the copy's cards up.
    await waitFor(() => texts(other.doc).length === texts(doc).length && texts(doc).length > 10, 'both hold the whole board');
    expect(texts(other.doc)).toEqual(texts(doc));
    const fromServer = encodes.filter((e) => e.origin === client.provider);
    expect(fromServer.length).toBeGreaterThan(0);
    expect(fromServer.every((e) => !e.encoded)).toBe(true);
    // What the copy holds is the server's board (the copy's own cards were there before it).
    expect(stored.length).toBeGreaterThan(0);
    const copy = replay([Y.encodeStateAsUpdate(offline.doc), ...stored]);
    expect(texts(copy)).toEqual(texts(doc));

    // A live update from someone else: stored as it came, not encoded.
    const before = stored.length;
    addCard(other.doc, { column: 'goal', text: 'Written elsewhere' });
    await waitFor(() => texts(doc).includes('Written elsewhere'), 'the card from elsewhere arrived');
    expect(stored).toHaveLength(before + 1);
    expect(texts(replay([Y.encodeStateAsUpdate(offline.doc), ...stored]))).toEqual(texts(doc));
    expect(encodes.filter((e) => e.origin === client.provider).every((e) => !e.encoded)).toBe(true);

    // A local change: encoded, stored and sent as always.
    addCard(doc, { column: 'goal', text: 'Written here' });
    expect(encodes.at(-1)?.encoded).toBe(true);
    expect(stored).toHaveLength(before + 2);
    await waitFor(() => texts(other.doc).includes('Written here'), 'the local card reached the other client');

    stop();
    offline.doc.destroy();
  });
});
