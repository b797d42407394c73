/**
 * The sync server against real clients: the stock WebsocketProvider and raw
 * websockets, the real server on port 0 with SQLite in a temp directory.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, readCards, readFacilitation, setCardText, setPhase } from '../../shared/doc/index.ts';
import { CloseCode, Limits, MessageKind } from '../../shared/protocol.ts';
import { serverEachTest } from '../helpers/server.ts';
import {
  createBoard, rawSocket, roundTrip, socketOf, trackClients, updateFrame, waitFor,
} from '../helpers/clients.ts';

const clients = trackClients();
const client = clients.connect;
const server = serverEachTest({}, clients);

describe('sync', () => {
  it('two clients converge, including concurrent typing in one card', async () => {
    const board = await createBoard(server.url);
    const a = client(server.url, board.id, board.secrets.participant);
    const b = client(server.url, board.id, board.secrets.facilitator);
    await Promise.all([a.synced, b.synced]);
    const id = addCard(a.doc, { column: 'goal', text: 'Grow ARR' });
    await waitFor(() => readCards(b.doc).some((c) => c.id === id), 'card on b');
    setCardText(a.doc, id, 'Grow ARR fast');
    setCardText(b.doc, id, 'Really Grow ARR');
    await waitFor(() => readCards(a.doc)[0]?.text === readCards(b.doc)[0]?.text && readCards(a.doc)[0]!.text.length > 15, 'texts merged');
    expect(readCards(a.doc)[0]?.text).toBe('Really Grow ARR fast');
  });

  it('a board survives a restart', async () => {
    const board = await createBoard(server.url);
    const a = client(server.url, board.id, board.secrets.participant);
    await a.synced;
    for (let i = 0; i < 20; i++) addCard(a.doc, { column: 'segment', text: `segment ${i}` });
    const b = client(server.url, board.id, board.secrets.viewer);
    await waitFor(() => readCards(b.doc).length === 20, 'viewer received 20 cards');
    a.destroy();
    b.destroy();
    await server.restart();
    const c = client(server.url, board.id, board.secrets.viewer);
    await c.synced;
    expect(readCards(c.doc).map((x) => x.text).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `segment ${i}`).sort());
  });

  it('drops viewer writes: never applied, broadcast or stored', async () => {
    const board = await createBoard(server.url);
    const viewer = client(server.url, board.id, board.secrets.viewer);
    const participant = client(server.url, board.id, board.secrets.participant);
    await Promise.all([viewer.synced, participant.synced]);
    addCard(viewer.doc, { column: 'goal', text: 'viewer was here' });
    // A later participant write arrives; the viewer's must not have come before it.
    const marker = addCard(participant.doc, { column: 'goal', text: 'participant' });
    await waitFor(() => readCards(viewer.doc).some((c) => c.id === marker), 'participant card at viewer');
    // The server has handled the viewer's write, and anything it sent because of it has arrived.
    expect(await roundTrip(socketOf(viewer))).toBe('answered');
    await roundTrip(socketOf(participant));
    expect(readCards(participant.doc).map((c) => c.text)).toEqual(['participant']);
    const fresh = client(server.url, board.id, board.secrets.facilitator);
    await fresh.synced;
    expect(readCards(fresh.doc).map((c) => c.text)).toEqual(['participant']);
  });

  it('a participant cannot change facilitation state, even with a hand-made update', async () => {
    const board = await createBoard(server.url);
    const facilitator = client(server.url, board.id, board.secrets.facilitator, 'control');
    await facilitator.synced;
    setPhase(facilitator.doc, 'goals');
    const participant = client(server.url, board.id, board.secrets.participant, 'control');
    await waitFor(() => readFacilitation(participant.doc).phase === 'goals', 'participant sees phase');

    // Hand-made: a doc that sets the phase, sent as a raw sync update frame.
    const forged = new Y.Doc();
    setPhase(forged, 'commit');
    const raw = rawSocket(server.url, `${board.id}/control`, board.secrets.participant);
    await raw.opened;
    raw.ws.send(updateFrame(Y.encodeStateAsUpdate(forged)));
    // And through the stock provider.
    setPhase(participant.doc, 'close');

    // Both writes handled by the server; a fresh connection then has what the server has.
    await roundTrip(raw.ws);
    await roundTrip(socketOf(participant));
    const facilitator2 = client(server.url, board.id, board.secrets.facilitator, 'control');
    await facilitator2.synced;
    await roundTrip(socketOf(facilitator));
    expect(readFacilitation(facilitator.doc).phase).toBe('goals');
    expect(readFacilitation(facilitator2.doc).phase).toBe('goals');
    // The facilitator can.
    setPhase(facilitator.doc, 'who');
    await waitFor(() => readFacilitation(facilitator2.doc).phase === 'who', 'facilitator change synced');
    raw.ws.close();
  });

  it('refuses a bad secret with 401 and an unknown board with 404 during the upgrade', async () => {
    const board = await createBoard(server.url);
    const bad = rawSocket(server.url, board.id, 'not-a-secret');
    expect(await bad.refused).toBe(401);
    const none = rawSocket(server.url, 'NoSuchBoard123', board.secrets.facilitator);
    expect(await none.refused).toBe(404);
    for (const path of ['..%2F..%2Fetc', `${board.id}%2F..%2F..%2Fetc`, '%E0%A4%A', `${board.id}/secrets`, `${board.id}/private`, `${board.id}/draft/..`]) {
      const hostile = rawSocket(server.url, path, board.secrets.facilitator);
      expect(await hostile.refused, path).toBe(404);
    }
    const wrongBoard = await createBoard(server.url);
    const crossed = rawSocket(server.url, wrongBoard.id, board.secrets.facilitator);
    expect(await crossed.refused).toBe(401);
  });

  it('malformed, truncated, oversized and random frames close only that socket', async () => {
    const board = await createBoard(server.url);
    const other = await createBoard(server.url);
    const a = client(server.url, board.id, board.secrets.participant);
    const b = client(server.url, board.id, board.secrets.participant);
    const c = client(server.url, other.id, other.secrets.participant);
    await Promise.all([a.synced, b.synced, c.synced]);
    addCard(a.doc, { column: 'goal', text: 'before' });
    await waitFor(() => readCards(b.doc).length === 1, 'first card');

    const valid = new Y.Doc();
    addCard(valid, { column: 'goal', text: 'x'.repeat(50) });
    const validFrame = updateFrame(Y.encodeStateAsUpdate(valid));
    let seed = 7;
    const random = (n: number) => Uint8Array.from({ length: n }, () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 255));
    const cases: [string, Uint8Array | string, number][] = [
      ['unknown message kind', Uint8Array.of(9, 0), CloseCode.badMessage],
      ['truncated update', validFrame.slice(0, validFrame.length - 10), CloseCode.badMessage],
      ['garbage update', Uint8Array.of(0, 2, 5, 255, 255, 255, 255, 15), CloseCode.badMessage],
      ['empty frame', new Uint8Array(0), CloseCode.badMessage],
      ['text frame', 'hello', CloseCode.badMessage],
      ['oversized', new Uint8Array(Limits.maxMessageBytes + 1), CloseCode.tooLarge],
    ];
    for (const [name, frame, code] of cases) {
      const raw = rawSocket(server.url, board.id, board.secrets.participant);
      await raw.opened;
      raw.ws.send(frame);
      const closed = await raw.closed;
      expect(closed.code, name).toBe(code);
    }
    // Random bytes: some parse as a harmless (empty) update; each is refused or changes nothing.
    const before = Y.encodeStateVector(b.doc);
    for (let i = 0; i < 30; i++) {
      const raw = rawSocket(server.url, board.id, board.secrets.participant);
      await raw.opened;
      raw.ws.send(Uint8Array.of(0, i % 3, ...random(8 + i * 4)));
      const outcome = await roundTrip(raw.ws);
      if (outcome !== 'answered') expect(outcome.code).toBe(CloseCode.badMessage);
      raw.ws.terminate();
    }
    const probe = client(server.url, board.id, board.secrets.viewer);
    await probe.synced;
    expect(Y.encodeStateVector(probe.doc)).toEqual(before);

    // Flooding: over the burst, closed for rate.
    const flood = rawSocket(server.url, board.id, board.secrets.participant);
    await flood.opened;
    for (let i = 0; i < Limits.messageBurst + 50; i++) flood.ws.send(Uint8Array.of(MessageKind.queryAwareness));
    expect((await flood.closed).code).toBe(CloseCode.rateLimited);

    addCard(a.doc, { column: 'goal', text: 'after' });
    addCard(c.doc, { column: 'goal', text: 'other board' });
    await waitFor(() => readCards(b.doc).length === 2, 'b still syncing');
    expect(a.provider.wsconnected && b.provider.wsconnected && c.provider.wsconnected).toBe(true);
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
  }, 90_000); // 40 sockets one after another: a guard against a hang, not a timing (a busy machine took over 30 s)

  it('sends the stored board in the first sync, even when the client connects while it loads', async () => {
    const board = await createBoard(server.url, { title: 'Example', example: true });
    // Many clients at once on a cold board: every one must get the full board.
    const many = Array.from({ length: 8 }, () => client(server.url, board.id, board.secrets.viewer));
    await Promise.all(many.map((m) => m.synced));
    const counts = many.map((m) => readCards(m.doc).length);
    expect(counts[0]).toBeGreaterThan(10);
    expect(new Set(counts).size).toBe(1);
  });

  it('unloads idle boards and reloads them on demand', async () => {
    await server.restart({ idleUnloadMs: 50 });
    const board = await createBoard(server.url);
    const a = client(server.url, board.id, board.secrets.participant);
    await a.synced;
    const observer = client(server.url, board.id, board.secrets.viewer);
    await observer.synced;
    addCard(a.doc, { column: 'goal', text: 'kept' });
    // Broadcast only happens after the card is stored.
    await waitFor(() => readCards(observer.doc).length === 1, 'card stored and broadcast');
    a.destroy();
    observer.destroy();
    await waitFor(() => server.rooms.loadedCount === 0, 'room unloaded');
    const b = client(server.url, board.id, board.secrets.participant);
    await b.synced;
    expect(readCards(b.doc).map((c) => c.text)).toEqual(['kept']);
  });
});
