/**
 * Questions that cost the server far more than they cost the asker: a sync
 * step 1 with an empty state vector is answered with the whole board (on a
 * 2,000-card board edited since it loaded, encoded afresh each time), and a
 * query of awareness with everyone's presence. A real client asks once per
 * connection, so a connection may ask a few times and is then closed with
 * 4429, instead of making the server encode and send the board hundreds of
 * times a second while the room waits. Other people's round trips go on.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { addCard } from '../../shared/doc/index.ts';
import { CloseCode, MessageKind } from '../../shared/protocol.ts';
import { buildBoard } from '../bench/boardBuilder.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createBoard, rawSocket, roundTrip, socketOf, trackClients, waitFor } from '../helpers/clients.ts';

let server: TestServer;
const clients = trackClients();
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  clients.destroyAll();
  await server.close();
});

/** A sync step 1 from a client that has nothing: "send me the whole board". */
function askForEverything(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageKind.sync);
  syncProtocol.writeSyncStep1(encoder, new Y.Doc());
  return encoding.toUint8Array(encoder);
}

function queryAwareness(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageKind.queryAwareness);
  return encoding.toUint8Array(encoder);
}

const received = (messages: Uint8Array[]) => messages.reduce((n, m) => n + m.byteLength, 0);

describe('questions that cost the server more than the asker', () => {
  it('a socket asking for the whole board over and over is closed after a few answers; the room goes on', async () => {
    const board = await createBoard(server.url);
    const facilitator = clients.connect(server.url, board.id, board.secrets.facilitator);
    await facilitator.synced;
    Y.applyUpdate(facilitator.doc, Y.encodeStateAsUpdate(buildBoard(2000).doc));
    const watcher = clients.connect(server.url, board.id, board.secrets.viewer);
    await watcher.synced;
    await waitFor(() => watcher.doc.getMap('cards').size >= 2000, 'the 2,000-card board on the server');
    // Edited since it loaded: the answer is encoded from the document each time.
    addCard(facilitator.doc, { column: 'goal', text: 'An edit' });
    expect(await roundTrip(socketOf(facilitator))).toBe('answered');
    const boardBytes = Y.encodeStateAsUpdate(watcher.doc).byteLength;

    // Even a viewer's link: 200 requests, as fast as the socket takes them (within the message rate limit).
    const asker = rawSocket(server.url, board.id, board.secrets.viewer);
    await asker.opened;
    const ask = askForEverything();
    for (let i = 0; i < 200; i++) asker.ws.send(ask);
    expect(await asker.closed).toEqual({ code: CloseCode.rateLimited, reason: 'too many requests for the whole board' });
    // A handful of answers, not two hundred boards.
    expect(received(asker.messages)).toBeLessThan(12 * boardBytes);
    expect(await roundTrip(socketOf(facilitator))).toBe('answered');
  }, 60_000);

  it('a socket querying everyone’s presence over and over is closed likewise; one query is answered', async () => {
    const board = await createBoard(server.url);
    const asker = rawSocket(server.url, board.id, board.secrets.participant);
    await asker.opened;
    asker.ws.send(queryAwareness());
    expect(await roundTrip(asker.ws)).toBe('answered');
    for (let i = 0; i < 200; i++) asker.ws.send(queryAwareness());
    expect(await asker.closed).toEqual({ code: CloseCode.rateLimited, reason: 'too many requests for the whole board' });
  });

  it('the stock client, reconnecting again and again, is never closed for asking', async () => {
    const board = await createBoard(server.url);
    const client = clients.connect(server.url, board.id, board.secrets.participant);
    await client.synced;
    for (let i = 0; i < 5; i++) {
      client.provider.disconnect();
      client.provider.connect();
      await waitFor(() => client.provider.synced, 'synced again');
      expect(await roundTrip(socketOf(client))).toBe('answered');
    }
  });
});
