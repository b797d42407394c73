/** Faults: failing writes, slow readers, dead peers, compaction — the real server, real clients. */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { MessageKind } from '../../shared/protocol.ts';
import { addCard, readCards } from '../../shared/doc/index.ts';
import { openMemoryStorage } from '../../server/storage/memory.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createBoard, trackClients, waitFor, wsUrl } from '../helpers/clients.ts';
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
    await new Promise((r) => setTimeout(r, 100));
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
    const raw = new WebSocket(`${wsUrl(server.url)}/${board.id}?token=${board.secrets.participant}`);
    await new Promise((r) => raw.once('open', r));
    const frames = Array.from({ length: 20 }, (_, i) => {
      const doc = new Y.Doc();
      addCard(doc, { column: 'value', text: `v${i}` });
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageKind.sync);
      syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(doc));
      return encoding.toUint8Array(encoder);
    });
    const before = storage.appendedBatches.length;
    // One TCP write: the server reads all 20 frames in one tick.
    const socket = (raw as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
    socket.cork();
    for (const frame of frames) raw.send(frame);
    socket.uncork();
    await waitFor(() => readCards(watcher.doc).length === 20, 'all cards broadcast');
    const batches = storage.appendedBatches.slice(before);
    expect(batches.reduce((sum, n) => sum + n, 0)).toBe(20);
    expect(batches.length).toBeLessThan(5);
    raw.close();
  });

  it('closes a client that stops reading once its send buffer passes the cap; others are unaffected', async () => {
    server = await startTestServer();
    const board = await createBoard(server.url);
    const writer = client(server.url, board.id, board.secrets.participant);
    const reader = client(server.url, board.id, board.secrets.viewer);
    await Promise.all([writer.synced, reader.synced]);
    const attached = server.rooms.connectionCount;
    const stalled = new WebSocket(`${wsUrl(server.url)}/${board.id}?token=${board.secrets.viewer}`);
    await new Promise((r) => stalled.once('open', r));
    // The server counts the connection once it has authorized it and loaded the board.
    await waitFor(() => server!.rooms.connectionCount === attached + 1, 'stalled client attached');
    // Stop reading: the kernel buffers fill, then the server's send buffer grows.
    (stalled as unknown as { _socket: { pause(): void } })._socket.pause();
    const before = server.rooms.connectionCount;
    const big = 'x'.repeat(400_000);
    for (let i = 0; i < 80; i++) {
      // 400 kB per update, yet within a card's text limit and the board's size budget: each
      // payload replaces the one before (a card holds at most 10,000 characters).
      writer.doc.transact(() => {
        addCard(writer.doc, { column: 'value', text: `${i}` });
        writer.doc.getMap('bulk').set('payload', `${i} ${big}`);
      });
      if (i % 10 === 9) await waitFor(() => readCards(reader.doc).length === i + 1, `card ${i} at reader`, 20_000);
    }
    await waitFor(() => server!.rooms.connectionCount === before - 1, 'stalled client dropped', 20_000);
    expect(readCards(reader.doc).length).toBe(80);
    stalled.terminate();
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
    await new Promise((r) => setTimeout(r, 200));
    expect(server.rooms.connectionCount).toBe(1);
    expect(live.provider.wsconnected).toBe(true);
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
    // Compaction runs after the write that crosses the threshold; give it its tick.
    await new Promise((r) => setTimeout(r, 50));
    const stored = await server.storage.load(board.id);
    expect(stored.snapshot).not.toBeNull();
    expect(stored.updates.length).toBeLessThan(10);
    const dataDir = server.dataDir;
    await server.stop();
    server = await startTestServer({ dataDir });
    const b = client(server.url, board.id, board.secrets.viewer);
    await b.synced;
    expect(readCards(b.doc).length).toBe(25);
  });
});
