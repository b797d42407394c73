/**
 * A client reconnecting after its server died (a failover, a restart) holds
 * edits the old server never stored; it sends them in its sync step 2, but an
 * edit typed between its step 1 and that step 2 goes out first and builds on
 * them. The server holds such an update until the client's step 2 is in,
 * then applies both; an update that still lacks state after it, or one that
 * came before any step 1, is refused (4422) as before.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { addCard, readCards } from '../../shared/doc/index.ts';
import { CloseCode, MessageKind, roomName } from '../../shared/protocol.ts';
import { createBoard, rawSocket, roundTrip, trackClients, updateFrame, waitFor } from '../helpers/clients.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const clients = trackClients();
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => clients.destroyAll());
afterAll(async () => {
  await server.close();
});

function step2Frame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageKind.sync);
  encoding.writeVarUint(encoder, 1); // y-protocols messageYjsSyncStep2
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** A raw client that asked for the server's state (step 1) and holds it; plus two edits, the second built on the first. */
async function reconnectedClient(boardId: string, secret: string) {
  const raw = rawSocket(server.url, roomName(boardId, 'content'), secret);
  await raw.opened;
  expect(await roundTrip(raw.ws)).toBe('answered'); // our step 1; the server's step 2 is in raw.messages
  const doc = new Y.Doc();
  for (const m of raw.messages) {
    const d = decoding.createDecoder(m);
    if (decoding.readVarUint(d) === MessageKind.sync && decoding.readVarUint(d) === 1) Y.applyUpdate(doc, decoding.readVarUint8Array(d));
  }
  const sv0 = Y.encodeStateVector(doc);
  addCard(doc, { column: 'goal', text: 'never stored by the old server' });
  const sv1 = Y.encodeStateVector(doc);
  const lost = Y.encodeStateAsUpdate(doc, sv0);
  addCard(doc, { column: 'goal', text: 'typed while reconnecting' });
  const typed = Y.encodeStateAsUpdate(doc, sv1);
  return { raw, lost, typed };
}

it("an edit typed before the client's step 2 waits for it, then both are stored and shown", async () => {
  const board = await createBoard(server.url);
  const observer = clients.connect(server.url, board.id, board.secrets.viewer);
  await observer.synced;
  const { raw, lost, typed } = await reconnectedClient(board.id, board.secrets.participant);
  raw.ws.send(updateFrame(typed)); // builds on `lost`, which the server does not have yet
  raw.ws.send(step2Frame(lost));
  expect(await roundTrip(raw.ws)).toBe('answered');
  await waitFor(() => readCards(observer.doc).length === 2, 'both cards on the observer');
  expect(readCards(observer.doc).map((c) => c.text).sort()).toEqual(['never stored by the old server', 'typed while reconnecting']);
});

it("an edit still lacking state after the client's step 2 is refused, as one sent before any step 1", async () => {
  const board = await createBoard(server.url);
  const first = await reconnectedClient(board.id, board.secrets.participant);
  first.raw.ws.send(updateFrame(first.typed));
  first.raw.ws.send(step2Frame(new Uint8Array([0, 0]))); // an empty step 2: `lost` never comes
  expect((await first.raw.closed).code).toBe(CloseCode.missingState);

  const second = await reconnectedClient(board.id, board.secrets.participant);
  const early = rawSocket(server.url, roomName(board.id, 'content'), board.secrets.participant);
  await early.opened;
  early.ws.send(updateFrame(second.typed)); // no step 1 before it: nothing to wait for
  expect((await early.closed).code).toBe(CloseCode.missingState);
  second.raw.ws.terminate();
});
