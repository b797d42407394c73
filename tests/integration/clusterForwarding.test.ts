/**
 * Forwarding between server processes on one PostgreSQL (server/cluster/):
 * a process that does not own a board pipes the websocket and relays the
 * HTTP request to the owner, which alone loads, checks and stores the board.
 * One hop: only a peer's mark (the cluster secret) stops a request from
 * being forwarded, and a client cannot forge it.
 */
import * as Y from 'yjs';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { addCard, readCards } from '../../shared/doc/index.ts';
import { roomName } from '../../shared/protocol.ts';
import { openPostgresStorage } from '../../server/storage/postgres.ts';
import { openServerStorage } from '../../server/storage/open.ts';
import { PEER_HEADER } from '../../server/cluster/peers.ts';
import { createBoard, rawSocket, roundTrip, socketOf, trackClients, waitFor } from '../helpers/clients.ts';
import { postgresSuite } from '../helpers/postgres.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

postgresSuite('forwarding to the board owner', (server) => {
  let url = '';
  const clients = trackClients();
  const servers: { stop(): Promise<void> }[] = [];
  beforeAll(async () => {
    url = await server().createDatabase('forwarding');
  });
  afterEach(async () => {
    clients.destroyAll();
    for (const s of servers.splice(0).reverse()) await s.stop().catch(() => {});
  });

  /** A server "process" in this test process: its own PostgreSQL storage, leases and forwarder. */
  async function processOnPostgres(): Promise<TestServer & { stop(): Promise<void>; secret: string }> {
    const opened = await openServerStorage({ dataDir: '/nonexistent', databaseUrl: url });
    const ownership = opened.ownership!;
    const s = await startTestServer({ storage: opened.storage, claims: ownership, cluster: ownership.cluster });
    ownership.setOwnerUrl(s.url);
    ownership.onLost = (boardId) => s.rooms.dropBoard(boardId);
    const stop = async () => {
      await s.close();
      await ownership.close();
    };
    const handle = { ...s, stop, secret: ownership.cluster.secret };
    servers.push(handle);
    return handle;
  }

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

  const postCard = (base: string, boardId: string, secret: string, text: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/boards/${boardId}/cards`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${secret}`, ...headers },
      body: JSON.stringify({ column: 'goal', text }),
    });

  it('a client of the process that does not own the board is served by the owner, over websocket and HTTP', async () => {
    const a = await processOnPostgres();
    const b = await processOnPostgres();
    const board = await createBoard(a.url, { title: 'Forwarded' });
    const onA = clients.connect(a.url, board.id, board.secrets.facilitator);
    await onA.synced; // A owns the board now
    const onB = clients.connect(b.url, board.id, board.secrets.participant);
    await onB.synced;

    addCard(onB.doc, { column: 'goal', text: 'written on B' });
    addCard(onA.doc, { column: 'goal', text: 'written on A' });
    await waitFor(() => readCards(onA.doc).some((c) => c.text === 'written on B'), "B's card on A");
    await waitFor(() => readCards(onB.doc).some((c) => c.text === 'written on A'), "A's card on B");

    const rest = await postCard(b.url, board.id, board.secrets.facilitator, 'posted to B');
    expect(rest.status).toBe(201);
    await waitFor(() => readCards(onA.doc).some((c) => c.text === 'posted to B'), 'the REST card on A');
    const info = await fetch(`${b.url}/api/boards/${board.id}`, { headers: { Authorization: `Bearer ${board.secrets.viewer}` } });
    expect(info.status).toBe(200);
    expect(((await info.json()) as { title: string }).title).toBe('Forwarded');

    // B never loaded the board: the owner did everything.
    expect(b.rooms.isLoaded(board.id)).toBe(false);
    expect(b.rooms.isLoaded(roomName(board.id, 'control'))).toBe(false);
    expect(await storedCards(board.id)).toEqual(['posted to B', 'written on A', 'written on B']);
    // Refusals come from the owner too: a wrong secret through B is the owner's 401.
    const wrong = rawSocket(b.url, roomName(board.id, 'content'), 'not-the-secret');
    expect(await wrong.refused).toBe(401);
  });

  it('a forged peer mark is not believed: the request is still forwarded (one hop is for peers only)', async () => {
    const a = await processOnPostgres();
    const b = await processOnPostgres();
    const board = await createBoard(a.url, { title: 'Forged' });
    const onA = clients.connect(a.url, board.id, board.secrets.facilitator);
    await onA.synced;

    // Believed, B would serve the board itself, which A owns: 503 board_elsewhere.
    const forged = await postCard(b.url, board.id, board.secrets.facilitator, 'forged mark', { [PEER_HEADER]: 'guessed-secret-guessed-secret' });
    expect(forged.status).toBe(201);
    // With the real secret B does serve it itself and, not owning the board, refuses: that is the one hop.
    const peer = await postCard(b.url, board.id, board.secrets.facilitator, 'as a peer', { [PEER_HEADER]: b.secret });
    expect(peer.status).toBe(503);
    expect(((await peer.json()) as { error: { code: string } }).error.code).toBe('board_elsewhere');
    await waitFor(() => readCards(onA.doc).some((c) => c.text === 'forged mark'), 'the forwarded card on A');
    expect(readCards(onA.doc).map((c) => c.text)).not.toContain('as a peer');
  });

  it('a forwarded websocket carries big frames both ways and the owner closes it as its own', async () => {
    const a = await processOnPostgres();
    const b = await processOnPostgres();
    const board = await createBoard(a.url, { title: 'Frames' });
    const onA = clients.connect(a.url, board.id, board.secrets.facilitator);
    await onA.synced;
    const raw = rawSocket(b.url, roomName(board.id, 'content'), board.secrets.participant);
    await raw.opened;
    expect(await roundTrip(raw.ws)).toBe('answered');
    // 80 kB of cards: the initial sync through B is one frame with a 64-bit length.
    for (let i = 0; i < 10; i++) addCard(onA.doc, { column: 'goal', text: `${i}`.padEnd(8_000, 'x') });
    expect(await roundTrip(socketOf(onA))).toBe('answered'); // the owner has them all
    const onB = clients.connect(b.url, board.id, board.secrets.participant);
    await onB.synced;
    expect(readCards(onB.doc).filter((c) => c.text.length === 8_000)).toHaveLength(10);
    raw.ws.send(new Uint8Array([0xff, 0xff, 0xff])); // nonsense: the owner closes with 4400, passed through
    expect((await raw.closed).code).toBe(4400);
  });

  it('join codes of boards owned by different processes: each is made and redeemed, through either process', async () => {
    const a = await processOnPostgres();
    const b = await processOnPostgres();
    const boards = [await createBoard(a.url, { title: 'Owned by A' }), await createBoard(b.url, { title: 'Owned by B' })];
    const owners = [a, b];
    for (const [i, board] of boards.entries()) await clients.connect(owners[i]!.url, board.id, board.secrets.facilitator).synced;
    const codes: string[] = [];
    for (const [i, board] of boards.entries()) {
      const res = await fetch(`${owners[i]!.url}/api/boards/${board.id}/join-codes`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${board.secrets.facilitator}` },
        body: '{}',
      });
      expect(res.status).toBe(201);
      codes.push(((await res.json()) as { code: string }).code);
    }
    for (const [i, code] of codes.entries()) {
      for (const via of [a, b]) {
        const res = await fetch(`${via.url}/api/join/${code}`);
        expect(res.status).toBe(200);
        expect(((await res.json()) as { boardId: string }).boardId).toBe(boards[i]!.id);
      }
    }
  });

  it('a reset of the participant link asked through the other process closes the sockets it forwards and shuts the old link out of both', async () => {
    const a = await processOnPostgres();
    const b = await processOnPostgres();
    const board = await createBoard(a.url, { title: 'Reset through B' });
    await clients.connect(a.url, board.id, board.secrets.facilitator).synced; // A owns the board now
    const viaB = rawSocket(b.url, roomName(board.id, 'content'), board.secrets.participant);
    await viaB.opened;
    expect(await roundTrip(viaB.ws)).toBe('answered');
    const viewerViaB = rawSocket(b.url, roomName(board.id, 'content'), board.secrets.viewer);
    await viewerViaB.opened;

    const res = await fetch(`${b.url}/api/boards/${board.id}/invites/reset`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${board.secrets.facilitator}` },
      body: JSON.stringify({ role: 'participant' }),
    });
    expect(res.status).toBe(200);
    const { participant } = (await res.json()) as { participant: string };
    expect((await viaB.closed).code).toBe(4401);
    expect(await roundTrip(viewerViaB.ws)).toBe('answered');
    for (const via of [a, b]) {
      expect((await fetch(`${via.url}/api/boards/${board.id}`, { headers: { Authorization: `Bearer ${board.secrets.participant}` } })).status).toBe(401);
      expect(await rawSocket(via.url, roomName(board.id, 'content'), board.secrets.participant).refused).toBe(401);
      expect((await fetch(`${via.url}/api/boards/${board.id}`, { headers: { Authorization: `Bearer ${participant}` } })).status).toBe(200);
    }
    viewerViaB.ws.terminate();
  });
});

