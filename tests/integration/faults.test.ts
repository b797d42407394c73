/** Faults: failing writes, slow readers, dead peers, compaction — the real server, real clients. */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { addCard, readCards } from '../../shared/doc/index.ts';
import { openMemoryStorage } from '../../server/storage/memory.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createBoard, trackClients, updateFrame, waitFor, wsUrl } from '../helpers/clients.ts';
import { frameHeader, rawUpgrade } from '../security/forge.ts';
import { faulty } from '../helpers/faultyStorage.ts';

let server: TestServer | undefined;
const clients = trackClients();
const client = clients.connect;
afterEach(async () => {
  clients.destroyAll();
  await server?.close();
  server = undefined;
});

describe('faults', () => {
  it('a failed write is never acknowledged or broadcast; the board stays in memory and is stored on recovery', async () => {
    const storage = faulty(openMemoryStorage());
    server = await startTestServer({ storage, idleUnloadMs: 20 });
    const board = await createBoard(server.url);
    const writer = client(server.url, board.id, board.secrets.participant);
    const reader = client(server.url, board.id, board.secrets.viewer);
    await Promise.all([writer.synced, reader.synced]);

    storage.failAppends = true;
    addCard(writer.doc, { column: 'goal', text: 'during outage' });
    const rest = fetch(`${server.url}/api/boards/${board.id}/cards`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${board.secrets.participant}` },
      body: JSON.stringify({ column: 'goal', text: 'rest during outage' }),
    });
    let restSettled = false;
    void rest.then(() => (restSettled = true));
    await waitFor(() => storage.appendCalls >= 3, 'retries');
    // Nothing went out, nothing was acknowledged, the room was not unloaded.
    expect(readCards(reader.doc)).toEqual([]);
    expect(restSettled).toBe(false);
    writer.destroy();
    await waitFor(() => server!.rooms.connectionCount === 1, 'the writer gone');
    expect(server.rooms.isLoaded(board.id)).toBe(true);

    storage.failAppends = false;
    const res = await rest;
    expect(res.status).toBe(201);
    await waitFor(() => readCards(reader.doc).length === 2, 'both cards after recovery');
    const stored = await storage.load(board.id);
    expect(stored.updates.length).toBeGreaterThan(0);
  });

  it('a REST card that storage cannot take in time gets a 503 naming it, and is stored and shown on recovery', async () => {
    const storage = faulty(openMemoryStorage());
    server = await startTestServer({ storage, durableWaitMs: 300 });
    const board = await createBoard(server.url);
    const reader = client(server.url, board.id, board.secrets.viewer);
    await reader.synced;

    storage.failAppends = true;
    const res = await fetch(`${server.url}/api/boards/${board.id}/cards`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${board.secrets.participant}` },
      body: JSON.stringify({ column: 'segment', text: 'sent during an outage' }),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('storage_unavailable');
    const cardId = /card (\S+) is kept/.exec(body.error.message)?.[1];
    expect(cardId).toBeTruthy();
    // Not acknowledged, so not sent to anyone yet.
    expect(readCards(reader.doc)).toEqual([]);

    storage.failAppends = false;
    await waitFor(() => readCards(reader.doc).some((c) => c.id === cardId && c.text === 'sent during an outage'), 'the card after recovery');
    expect((await storage.load(board.id)).updates.length).toBeGreaterThan(0);
  });

  it('batches the updates that arrive in one tick into one transaction', async () => {
    const storage = faulty(openMemoryStorage());
    server = await startTestServer({ storage });
    const board = await createBoard(server.url);
    const watcher = client(server.url, board.id, board.secrets.viewer);
    await watcher.synced;
    const raw = rawUpgrade(server.port, board.id, board.secrets.participant);
    expect(await raw.status).toBe(101);
    const frames = Array.from({ length: 20 }, (_, i) => {
      const doc = new Y.Doc();
      addCard(doc, { column: 'value', text: `v${i}` });
      const frame = updateFrame(Y.encodeStateAsUpdate(doc));
      return Buffer.concat([frameHeader(frame.length), frame]);
    });
    const before = storage.appendedBatches.length;
    // One TCP write: the server reads all 20 frames in one tick.
    raw.socket.write(Buffer.concat(frames));
    await waitFor(() => readCards(watcher.doc).length === 20, 'all cards broadcast');
    const batches = storage.appendedBatches.slice(before);
    expect(batches.reduce((sum, n) => sum + n, 0)).toBe(20);
    expect(batches.length).toBeLessThan(5);
    raw.socket.destroy();
  });

  it('closes a client that stops reading once its send buffer passes the cap; others are unaffected', async () => {
    server = await startTestServer();
    const board = await createBoard(server.url);
    const writer = client(server.url, board.id, board.secrets.participant);
    const reader = client(server.url, board.id, board.secrets.viewer);
    await Promise.all([writer.synced, reader.synced]);
    const attached = server.rooms.connectionCount;
    const stalled = rawUpgrade(server.port, board.id, board.secrets.viewer);
    expect(await stalled.status).toBe(101);
    // The server counts the connection once it has authorized it and loaded the board.
    await waitFor(() => server!.rooms.connectionCount === attached + 1, 'stalled client attached');
    // Stop reading: the kernel buffers fill, then the server's send buffer grows.
    stalled.socket.pause();
    const before = server.rooms.connectionCount;
    const big = 'x'.repeat(400_000);
    const holder = addCard(writer.doc, { column: 'value', text: 'holder' });
    for (let i = 0; i < 80; i++) {
      // 400 kB per update, yet within a card's text limit and the board's size budget: each
      // payload (a key of a card's own, read by nobody) replaces the one before (a card's text
      // holds at most 10,000 characters, and a participant writes no part the board lacks).
      writer.doc.transact(() => {
        addCard(writer.doc, { column: 'value', text: `${i}` });
        writer.doc.getMap<Y.Map<unknown>>('cards').get(holder)!.set('payload', `${i} ${big}`);
      });
      if (i % 10 === 9) await waitFor(() => readCards(reader.doc).length === i + 2, `card ${i} at reader`, 20_000);
    }
    await waitFor(() => server!.rooms.connectionCount === before - 1, 'stalled client dropped', 20_000);
    expect(readCards(reader.doc).length).toBe(81);
    stalled.socket.destroy();
  }, 60_000);

  it('drops a peer that stops answering pings', async () => {
    server = await startTestServer({ pingIntervalMs: 50 });
    const board = await createBoard(server.url);
    const live = client(server.url, board.id, board.secrets.viewer);
    await live.synced;
    const dead = new WebSocket(`${wsUrl(server.url)}/${board.id}?token=${board.secrets.viewer}`, { autoPong: false });
    await new Promise((r) => dead.once('open', r));
    const closed = new Promise((r) => dead.once('close', r));
    await waitFor(() => server!.rooms.connectionCount === 2, 'both connected');
    await closed;
    await waitFor(() => server!.rooms.connectionCount === 1, 'the dead peer dropped');
    expect(live.provider.wsconnected).toBe(true);
  });

  it('compacts the loaded boards on shutdown, so a restart reads snapshots', async () => {
    server = await startTestServer();
    const board = await createBoard(server.url);
    const a = client(server.url, board.id, board.secrets.participant);
    await a.synced;
    for (let i = 0; i < 5; i++) addCard(a.doc, { column: 'goal', text: `g${i}` });
    await waitFor(async () => (await server!.storage.load(board.id)).updates.length >= 5, 'the cards logged');
    const dataDir = server.dataDir;
    a.destroy();
    await server.stop();
    server = await startTestServer({ dataDir });
    const stored = await server.storage.load(board.id);
    expect(stored.updates).toHaveLength(0);
    expect(stored.snapshot).not.toBeNull();
    const b = client(server.url, board.id, board.secrets.viewer);
    await b.synced;
    expect(readCards(b.doc).map((c) => c.text).sort()).toEqual(['g0', 'g1', 'g2', 'g3', 'g4']);
  });

  it('compacts the update log into a snapshot and loads it back', async () => {
    server = await startTestServer({ compactAfterUpdates: 10 });
    const board = await createBoard(server.url);
    const a = client(server.url, board.id, board.secrets.participant);
    const watcher = client(server.url, board.id, board.secrets.viewer);
    await Promise.all([a.synced, watcher.synced]);
    for (let i = 0; i < 25; i++) {
      addCard(a.doc, { column: 'segment', text: `s${i}` });
      await waitFor(() => readCards(watcher.doc).length === i + 1, `card ${i}`);
    }
    // Compaction runs after the write that crosses the threshold.
    const stored = await waitFor(async () => {
      const doc = await server!.storage.load(board.id);
      return doc.snapshot !== null && doc;
    }, 'the log compacted into a snapshot');
    expect(stored.updates.length).toBeLessThan(10);
    const dataDir = server.dataDir;
    await server.stop();
    server = await startTestServer({ dataDir });
    const b = client(server.url, board.id, board.secrets.viewer);
    await b.synced;
    expect(readCards(b.doc).length).toBe(25);
  });
});
