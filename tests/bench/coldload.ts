/**
 * S4: cold load of a stored board to a connected client.
 *
 * The board is built through the document layer, stored with the storage's
 * `createBoard` (one update, as an HTTP import would), and every measurement
 * starts a fresh server on that DATA_DIR, so nothing is loaded in it (the OS
 * file cache is warm, and so is V8's JIT after the first repetition).
 *
 * - server side (the target): from asking for the room to the first client's
 *   sync step 2 being ready to send: `rooms.opened(room)` (the claim, the read
 *   from SQLite) plus `DocRoom.syncStep2` of an empty state vector, which is
 *   the stored bytes as they are while the room applies them (a connection
 *   answers a new client's first sync so, upgrade.ts `earlySyncReply`);
 * - the load: to `rooms.get(room)` resolving (read, apply, migrate: the room
 *   takes writes and answers every sync from then on);
 * - raw client: from opening a websocket to receiving the server's step 2
 *   (no client-side apply);
 * - stock WebsocketProvider: to `synced` (includes the client applying it);
 *   both clients run in a worker thread, not in the server's;
 * - reference floor: the same update applied into a fresh Y.Doc and encoded
 *   again, in the same process.
 */
import { performance } from 'node:perf_hooks';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import { newRoleSecrets } from '../../server/secrets.ts';
import { MessageKind, parseRoom, roomName } from '../../shared/protocol.ts';
import { readCards } from '../../shared/doc/index.ts';
import { startTestServer } from '../helpers/server.ts';
import { wsUrl } from '../helpers/clients.ts';
import { buildBoard } from './boardBuilder.ts';
import { dist, type Dist } from './common.ts';

export interface ColdLoadResult {
  cards: number;
  links: number;
  buildMs: number;
  updateBytes: number;
  /** Server side: the room's stored state read (rooms.opened) + the first client's sync step 2 built from it. */
  serverMs: Dist;
  /** To the room loaded (rooms.get: read + apply + migrate), timed from the same start. */
  serverLoadMs: Dist;
  /** The sync step 2 itself (DocRoom.syncStep2 of an empty state vector, from the stored bytes). */
  serverEncodeMs: Dist;
  /** Raw websocket: connect → server's sync step 2 received. */
  rawClientMs: Dist;
  /** Stock WebsocketProvider: connect → synced (includes applying the state). */
  providerSyncedMs: Dist;
  /** Floor: apply the same update into a fresh Y.Doc + encode its state. */
  floorMs: Dist;
  floorApplyMs: Dist;
  ratio: number;
  /**
   * After an edit (the stored bytes no longer answer): the sync step 2 for the
   * first new client (an encoding of the board) and for each of the next nine
   * (DocRoom's shared answer until the next change): a town hall joining a board in use.
   */
  editedFirstMs: Dist;
  editedNextMs: Dist;
}

const EMPTY_SV = Y.encodeStateVector(new Y.Doc());

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((x, i) => x === b[i]);
}

/**
 * The clients run in a worker thread: a client in the server's own thread could
 * not read its step 2 while the server applies the board (one event loop), nor
 * apply what it received while the server works. `raw` sends a new client's sync
 * step 1 and times the arrival of the step 2; `provider` times the stock
 * WebsocketProvider to `synced` (it applies the step 2) and sends back its state vector.
 */
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const WebSocket = require(workerData.ws);
const Y = require(workerData.yjs);
const { WebsocketProvider } = require(workerData.provider);
const reply = (m) => parentPort.postMessage(m);
parentPort.on('message', (job) => {
  const t0 = performance.now();
  if (job.mode === 'raw') {
    const ws = new WebSocket(job.url, { perMessageDeflate: false });
    ws.binaryType = 'nodebuffer';
    let done = false;
    ws.on('open', () => ws.send(Buffer.from(job.step1)));
    ws.on('message', (data) => {
      if (done || data[0] !== job.sync || data[1] !== job.step2) return;
      done = true;
      reply({ ms: performance.now() - t0 });
      ws.close();
    });
    ws.on('error', (e) => done || ((done = true), reply({ error: String(e) })));
    ws.on('close', (code) => done || ((done = true), reply({ error: 'closed ' + code + ' before sync step 2' })));
  } else {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(job.base, job.room, doc, { params: { token: job.token }, WebSocketPolyfill: WebSocket, disableBc: true });
    provider.on('sync', (synced) => {
      if (!synced) return;
      const ms = performance.now() - t0;
      reply({ ms, stateVector: Y.encodeStateVector(doc) });
      provider.destroy();
      doc.destroy();
    });
  }
});
`;

/** A worker thread for the clients, kept for a whole S4 run (its JIT warms up like the server's). */
class ClientThread {
  private readonly worker: Worker;
  constructor() {
    const require = createRequire(import.meta.url);
    this.worker = new Worker(CLIENT, { eval: true, workerData: { ws: require.resolve('ws'), yjs: require.resolve('yjs'), provider: require.resolve('y-websocket') } });
  }

  private run(job: Record<string, unknown>): Promise<{ ms: number; stateVector?: Uint8Array }> {
    return new Promise((resolve, reject) => {
      const onError = (error: unknown) => reject(error);
      this.worker.once('error', onError);
      this.worker.once('message', (m: { ms?: number; stateVector?: Uint8Array; error?: string }) => {
        this.worker.off('error', onError);
        if (m.ms === undefined) reject(new Error(m.error));
        else resolve({ ms: m.ms, ...(m.stateVector ? { stateVector: m.stateVector } : {}) });
      });
      this.worker.postMessage(job);
    });
  }

  /** Raw websocket: sends a new client's sync step 1, times the arrival of the step 2. */
  async rawStep2(httpUrl: string, room: string, token: string): Promise<number> {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageKind.sync);
    encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep1);
    encoding.writeVarUint8Array(e, EMPTY_SV);
    const url = `${wsUrl(httpUrl)}/${room}?token=${encodeURIComponent(token)}`;
    return (await this.run({ mode: 'raw', url, step1: encoding.toUint8Array(e), sync: MessageKind.sync, step2: syncProtocol.messageYjsSyncStep2 })).ms;
  }

  /** The stock WebsocketProvider to `synced`: the time, and the state vector it then holds. */
  providerSynced(httpUrl: string, room: string, token: string): Promise<{ ms: number; stateVector?: Uint8Array }> {
    return this.run({ mode: 'provider', base: wsUrl(httpUrl), room, token });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

/**
 * `repetitions` measured rounds, each on fresh servers; with `warmup`, one more
 * round first, not recorded (a long-running server has its code JIT-compiled).
 */
export async function runColdLoad(cards: number, repetitions: number, log: (m: string) => void, warmup = false): Promise<ColdLoadResult> {
  const tb = performance.now();
  const built = buildBoard(cards);
  const update = Y.encodeStateAsUpdate(built.doc);
  const buildMs = performance.now() - tb;
  const cardCount = readCards(built.doc).length;
  const storedStateVector = Y.encodeStateVector(built.doc);
  built.doc.destroy();
  log(`  ${cards} cards: built in ${Math.round(buildMs)} ms, ${update.byteLength} bytes encoded`);

  const dataDir = mkdtempSync(join(tmpdir(), 'vcp-bench-s4-'));
  const id = `bench${cards}cards`;
  const { secrets, hashes } = newRoleSecrets();
  const storage = openSqliteStorage({ dataDir });
  await storage.createBoard({ id, title: 'bench', createdAt: Date.now(), secretHashes: hashes }, [{ docName: id, update }]);
  await storage.close();
  const room = parseRoom(id)!;

  const serverMs: number[] = [];
  const serverLoadMs: number[] = [];
  const serverEncodeMs: number[] = [];
  const rawClientMs: number[] = [];
  const providerMs: number[] = [];
  const floorMs: number[] = [];
  const floorApplyMs: number[] = [];
  const editedFirstMs: number[] = [];
  const editedNextMs: number[] = [];
  const clients = new ClientThread();
  try {
    for (let r = warmup ? -1 : 0; r < repetitions; r++) {
      if (r === 0) {
        for (const list of [serverMs, serverLoadMs, serverEncodeMs, rawClientMs, providerMs, floorMs, floorApplyMs, editedFirstMs, editedNextMs]) list.length = 0;
      }
      {
        const server = await startTestServer({ dataDir });
        try {
          const t0 = performance.now();
          const opened = await server.rooms.opened(room);
          const t1 = performance.now();
          // What the connection sends a new client (DocRoom.syncStep2: the stored bytes, before and after the apply).
          const bytes = opened.syncStep2(EMPTY_SV);
          const t2 = performance.now();
          const loaded = await server.rooms.get(room);
          const t3 = performance.now();
          if (loaded !== opened || bytes.byteLength < update.byteLength / 2) throw new Error('the first sync is not the stored board');
          serverEncodeMs.push(t2 - t1);
          serverMs.push(t2 - t0);
          serverLoadMs.push(t3 - t0);
        } finally {
          await server.stop();
        }
      }
      {
        const server = await startTestServer({ dataDir });
        try {
          rawClientMs.push(await clients.rawStep2(server.url, roomName(id, 'content'), secrets.participant));
        } finally {
          await server.stop();
        }
      }
      {
        const server = await startTestServer({ dataDir });
        try {
          const synced = await clients.providerSynced(server.url, roomName(id, 'content'), secrets.participant);
          providerMs.push(synced.ms);
          if (!synced.stateVector || !equalBytes(synced.stateVector, storedStateVector)) throw new Error('the client did not receive the whole board');
        } finally {
          await server.stop();
        }
      }
      {
        const t0 = performance.now();
        const doc = new Y.Doc();
        Y.applyUpdate(doc, update);
        const t1 = performance.now();
        Y.encodeStateAsUpdate(doc);
        const t2 = performance.now();
        floorApplyMs.push(t1 - t0);
        floorMs.push(t2 - t0);
        doc.destroy();
      }
    }
    // A board in use (on a copy: the runs above read the board as stored): after each edit, ten new clients that have nothing.
    const editedDir = mkdtempSync(join(tmpdir(), 'vcp-bench-s4-edited-'));
    cpSync(dataDir, editedDir, { recursive: true });
    const server = await startTestServer({ dataDir: editedDir });
    try {
      const loaded = await server.rooms.get(room);
      for (let r = 0; r < Math.max(repetitions, 5); r++) {
        loaded.doc.transact(() => loaded.doc.getMap('benchEdits').set('n', r));
        for (let i = 0; i < 10; i++) {
          const e0 = performance.now();
          loaded.syncStep2(EMPTY_SV);
          (i === 0 ? editedFirstMs : editedNextMs).push(performance.now() - e0);
        }
      }
    } finally {
      await server.stop();
      rmSync(editedDir, { recursive: true, force: true });
    }
  } finally {
    await clients.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const server = dist(serverMs);
  const floor = dist(floorMs);
  return {
    cards: cardCount,
    links: built.links,
    buildMs,
    updateBytes: update.byteLength,
    serverMs: server,
    serverLoadMs: dist(serverLoadMs),
    serverEncodeMs: dist(serverEncodeMs),
    rawClientMs: dist(rawClientMs),
    providerSyncedMs: dist(providerMs),
    floorMs: floor,
    floorApplyMs: dist(floorApplyMs),
    ratio: server.p50 / floor.p50,
    editedFirstMs: dist(editedFirstMs),
    editedNextMs: dist(editedNextMs),
  };
}
