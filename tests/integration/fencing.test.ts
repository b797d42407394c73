/**
 * Fencing a stuck owner (issue 14): the board's owner is stopped (SIGSTOP)
 * past a short lease, another process takes the board over and a write goes
 * through it; then the old owner runs again (SIGCONT) with a write of its
 * client already waiting in its socket. Its writes are refused by the
 * database, nothing it commits afterwards exists, it acknowledges (fans out)
 * nothing after the takeover, and it closes its clients, which find the new
 * owner. Clients that reached the stuck owner through the other process are
 * told to reconnect (1012) once its lease ran out.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addCard, readCards } from '../../shared/doc/index.ts';
import { MessageKind, roomName } from '../../shared/protocol.ts';
import { openPostgresStorage } from '../../server/storage/postgres.ts';
import { connect, createBoard, rawSocket, roundTrip, updateFrame, waitFor, type SyncClient } from '../helpers/clients.ts';
import { clusterProcess, freePort, type ClusterProcess } from '../helpers/cluster.ts';
import { postgresSuite } from '../helpers/postgres.ts';

const TTL_MS = 1_500;

/** The cards in what a raw socket received: every sync message (step 2 and updates) applied to a fresh doc. */
function cardsReceived(messages: Uint8Array[]): string[] {
  const doc = new Y.Doc();
  for (const m of messages) {
    const decoder = decoding.createDecoder(m);
    if (decoding.readVarUint(decoder) !== MessageKind.sync) continue;
    if (decoding.readVarUint(decoder) === 0) continue; // step 1: a state vector
    Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
  }
  return readCards(doc).map((c) => c.text);
}

postgresSuite('fencing a stuck owner', (server) => {
  let url = '';
  let a: ClusterProcess;
  let b: ClusterProcess;
  const clients: SyncClient[] = [];

  beforeAll(async () => {
    url = await server().createDatabase('fencing');
    const env = { DATABASE_URL: url, LEASE_TTL_MS: String(TTL_MS), LEASE_RENEW_MS: '300' };
    [a, b] = [clusterProcess('a', await freePort(), env), clusterProcess('b', await freePort(), env)];
    await Promise.all([a.start(), b.start()]);
  }, 120_000);
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await Promise.all([a?.stop(), b?.stop()]);
  });

  async function stored(boardId: string): Promise<{ texts: string[]; doc: Y.Doc }> {
    const storage = await openPostgresStorage({ url });
    try {
      const s = await storage.load(boardId);
      const doc = new Y.Doc();
      if (s.snapshot) Y.applyUpdate(doc, s.snapshot);
      for (const u of s.updates) Y.applyUpdate(doc, u);
      return { texts: readCards(doc).map((c) => c.text).sort(), doc };
    } finally {
      await storage.close();
    }
  }

  async function lease(boardId: string): Promise<{ owner_url: string; epoch: string }> {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query('SELECT owner_url, epoch FROM board_leases WHERE board_id = $1', [boardId])).rows[0];
    } finally {
      await c.end();
    }
  }

  const postCard = (base: string, boardId: string, secret: string, text: string) =>
    fetch(`${base}/api/boards/${boardId}/cards`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${secret}` },
      body: JSON.stringify({ column: 'goal', text }),
      signal: AbortSignal.timeout(30_000),
    });

  it('SIGSTOP past the lease, a write through another process, SIGCONT: the old owner is fenced and acknowledges nothing', async () => {
    const board = await createBoard(a.url, { title: 'Fenced' });
    const room = roomName(board.id, 'content');
    const writer = rawSocket(a.url, room, board.secrets.participant);
    const watcher = rawSocket(a.url, room, board.secrets.viewer);
    await Promise.all([writer.opened, watcher.opened]);
    expect(await roundTrip(writer.ws)).toBe('answered');
    expect(await roundTrip(watcher.ws)).toBe('answered');
    const before = await lease(board.id);
    expect(before.owner_url).toBe(a.url);

    // A client that reaches A through B (forwarded).
    const viaB = connect(b.url, board.id, board.secrets.facilitator);
    clients.push(viaB);
    const closes: number[] = [];
    viaB.provider.on('connection-close', (event: { code: number } | null) => event && closes.push(event.code));
    await viaB.synced;
    addCard(viaB.doc, { column: 'goal', text: 'before the stop' });
    await waitFor(() => cardsReceived(watcher.messages).includes('before the stop'), 'the first card on A');

    await a.signal('SIGSTOP');
    try {
      // B takes the board over once A's lease has run out, and stores a card.
      let taken: Response | undefined;
      const deadline = Date.now() + 60_000;
      while (!taken && Date.now() < deadline) {
        const res = await postCard(b.url, board.id, board.secrets.facilitator, 'after the takeover').catch(() => undefined);
        if (res?.status === 201) taken = res;
        else await new Promise((r) => setTimeout(r, 200));
      }
      expect(taken?.status).toBe(201);
      const after = await lease(board.id);
      expect(after.owner_url).toBe(b.url);
      expect(Number(after.epoch)).toBeGreaterThan(Number(before.epoch));

      // A write waiting in the stuck owner's socket, and a REST write waiting for it.
      const { doc } = await stored(board.id);
      const sv = Y.encodeStateVector(doc);
      addCard(doc, { column: 'goal', text: 'stale write' });
      writer.ws.send(updateFrame(Y.encodeStateAsUpdate(doc, sv)));
      const staleRest = postCard(a.url, board.id, board.secrets.facilitator, 'stale rest').then((r) => r.status, () => 0);
      await new Promise((r) => setTimeout(r, 300));
      await a.signal('SIGCONT');

      // A finds it was fenced and closes its clients.
      const [writerClosed, watcherClosed] = await Promise.all([writer.closed, watcher.closed]);
      expect(writerClosed.code).toBe(4503);
      expect(watcherClosed.code).toBe(4503);
      const restStatus = await staleRest;

      // Nothing it was sent after the takeover was acknowledged: no client of it got the stale card back.
      expect(cardsReceived(watcher.messages)).not.toContain('stale write');
      expect(cardsReceived(writer.messages)).not.toContain('stale write');
      // …nor stored. (A REST write A answered 201 went through B once A knew: then it is stored.)
      const final = await stored(board.id);
      expect(final.texts).toContain('after the takeover');
      expect(final.texts).not.toContain('stale write');
      if (restStatus === 201) expect(final.texts).toContain('stale rest');
      else expect(final.texts).not.toContain('stale rest');

      // The client forwarded through B was told to reconnect, and found the new owner.
      expect(closes).toContain(1012);
      await waitFor(() => readCards(viaB.doc).some((c) => c.text === 'after the takeover'), 'the new owner serves the forwarded client');
      // A, running again, forwards to B now.
      const onA = connect(a.url, board.id, board.secrets.viewer);
      clients.push(onA);
      await onA.synced;
      await waitFor(() => readCards(onA.doc).some((c) => c.text === 'after the takeover'), 'A forwards to B');
      expect(readCards(onA.doc).map((c) => c.text)).not.toContain('stale write');
      expect(a.output()).toMatch(/owned by another process now|moved to another/);
    } finally {
      if (a.pid !== undefined) await a.signal('SIGCONT').catch(() => {});
    }
  }, 180_000);
});
