/**
 * A browser re-sends what the server already has: its offline copy (IndexedDB)
 * loads after the websocket connected, and the stock provider sends that whole
 * copy as an update. Yjs ignores what it already has; so must the rules: no
 * card is "replaced", reverted or counted as removed, nothing is broadcast.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { readCards } from '../../shared/doc/index.ts';
import { MessageKind } from '../../shared/protocol.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createBoard, rawSocket, trackClients } from '../helpers/clients.ts';

let server: TestServer;
const clients = trackClients();
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => clients.destroyAll());
afterAll(async () => {
  await server.close();
});

function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageKind.sync);
  encoding.writeVarUint(encoder, 2); // y-protocols messageYjsUpdate
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

describe('an update that re-sends what the server has', () => {
  for (const role of ['participant', 'facilitator'] as const) {
    it(`from a ${role} (an offline copy loaded after connecting) changes nothing and takes no removal snapshot`, async () => {
      const board = await createBoard(server.url, { title: 'Resend', example: true });
      const watcher = clients.connect(server.url, board.id, board.secrets.facilitator);
      await watcher.synced;
      const cardsBefore = readCards(watcher.doc).length;
      expect(cardsBefore).toBeGreaterThan(10);
      const entries = new Map([...watcher.doc.getMap('cards')].map(([id, card]) => [id, card]));
      let changed = 0;
      watcher.doc.on('update', () => changed++);

      const browser = rawSocket(server.url, board.id, board.secrets[role]);
      await browser.opened;
      browser.ws.send(updateMessage(Y.encodeStateAsUpdate(watcher.doc)));
      // A marker written after it by the same socket: once the watcher has it, the re-send was handled.
      const marker = new Y.Doc();
      marker.getMap('links').set('probe', 'after');
      browser.ws.send(updateMessage(Y.encodeStateAsUpdate(marker)));
      await expect.poll(() => watcher.doc.getMap('links').get('probe')).toBe('after');

      expect(changed).toBe(1); // the marker, nothing else
      expect(readCards(watcher.doc).length).toBe(cardsBefore);
      for (const [id, card] of watcher.doc.getMap('cards')) expect(card).toBe(entries.get(id));
      const history = (await (await fetch(`${server.url}/api/boards/${board.id}/history`, { headers: { Authorization: `Bearer ${board.secrets.facilitator}` } })).json()) as { snapshots: { reason: string }[] };
      expect(history.snapshots.map((s) => s.reason)).toEqual(['created']);
      browser.ws.close();
    });
  }
});
