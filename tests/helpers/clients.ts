/**
 * Real clients for integration tests: the stock y-websocket WebsocketProvider
 * (with the `ws` package as its WebSocket) and raw websockets for hand-made frames.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { MessageKind, roomName, type DocKind } from '../../shared/protocol.ts';

export interface SyncClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  synced: Promise<void>;
  destroy(): void;
}

/**
 * Each stock WebsocketProvider listens for the process's 'exit' until it is destroyed
 * (y-websocket.js: it removes its awareness state then). A test with a room of clients
 * holds dozens at once: past 10, Node warned of a listener leak that is none.
 */
const PROVIDERS_AT_ONCE = 200;
if (process.getMaxListeners() < PROVIDERS_AT_ONCE) process.setMaxListeners(PROVIDERS_AT_ONCE);

export function wsUrl(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws') + '/sync';
}

/**
 * Connects the stock WebsocketProvider to a board document. `person`: the
 * personal token from joining, which signs this connection's cards and comments.
 */
export function connect(httpUrl: string, boardId: string, token: string, kind: DocKind = 'content', doc = new Y.Doc(), personId?: string, person?: string): SyncClient {
  const provider = new WebsocketProvider(wsUrl(httpUrl), roomName(boardId, kind, personId), doc, {
    params: person ? { token, person } : { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 300,
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.once('sync', (isSynced: boolean) => isSynced && resolve());
  });
  return {
    doc,
    provider,
    synced,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Clients a test file opens, all closed by `destroyAll` (call it in afterEach). */
export function trackClients(): { connect: typeof connect; destroyAll(): void } {
  const open: SyncClient[] = [];
  return {
    connect: (...args) => {
      const c = connect(...args);
      open.push(c);
      return c;
    },
    destroyAll: () => {
      for (const c of open.splice(0)) c.destroy();
    },
  };
}

/** Polls until `check` returns (or resolves to) something truthy; throws after `timeoutMs`, naming what was awaited. */
export async function waitFor<T>(check: () => T | undefined | false | null | Promise<T | undefined | false | null>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Joins a board as a person (`POST /api/boards/<id>/people`); returns the personal token. */
export async function joinAs(httpUrl: string, boardId: string, secret: string, name: string): Promise<{ personId: string; token: string }> {
  const res = await fetch(`${httpUrl}/api/boards/${boardId}/people`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  if (res.status !== 201) throw new Error(`join: ${res.status} ${await res.text()}`);
  return (await res.json()) as { personId: string; token: string };
}

export interface CreatedBoard {
  id: string;
  title: string;
  secrets: { facilitator: string; participant: string; viewer: string; reviewer: string; projector: string };
}

export async function createBoard(httpUrl: string, body: unknown = { title: 'Test board' }): Promise<CreatedBoard> {
  const res = await fetch(`${httpUrl}/api/boards`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`create board: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreatedBoard;
}

/**
 * A raw websocket to a sync room; resolves with the socket once open, and records its close code.
 * `refused` is the HTTP status of a refused upgrade (401, 404, …), or undefined once the socket opened.
 */
export function rawSocket(httpUrl: string, room: string, token: string, options: { person?: string; headers?: Record<string, string> } = {}): {
  ws: WebSocket; opened: Promise<void>; refused: Promise<number | undefined>; closed: Promise<{ code: number; reason: string }>; messages: Uint8Array[];
} {
  const person = options.person ? `&person=${encodeURIComponent(options.person)}` : '';
  const ws = new WebSocket(`${wsUrl(httpUrl)}/${room}?token=${encodeURIComponent(token)}${person}`, options.headers ? { headers: options.headers } : {});
  const messages: Uint8Array[] = [];
  ws.binaryType = 'nodebuffer';
  ws.on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
  const refused = new Promise<number | undefined>((resolve) => {
    ws.once('open', () => resolve(undefined));
    ws.once('unexpected-response', (req, res) => {
      resolve(res.statusCode);
      req.destroy();
    });
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  opened.catch(() => {}); // awaited by tests that expect the socket to open
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  return { ws, opened, refused, closed, messages };
}

/** A y-websocket sync "update" message carrying `update`. */
export function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageKind.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** The socket under a stock client (the `ws` WebSocket it was given), for `roundTrip`. */
export function socketOf(client: SyncClient): WebSocket {
  const ws = client.provider.ws as unknown as WebSocket | null;
  if (!ws) throw new Error('the client is not connected');
  return ws;
}

/**
 * Resolves once the server has handled everything sent on `ws` before this
 * call: the server handles one socket's messages in order and sends to it in
 * order, so when it answers a sync step 1 sent now, whatever it did with the
 * earlier messages (apply, refuse, broadcast back) is done and has arrived.
 * 'answered', or the close code and reason if the server closed the socket instead.
 */
export function roundTrip(ws: WebSocket): Promise<'answered' | { code: number; reason: string }> {
  if (ws.readyState !== WebSocket.OPEN) return Promise.resolve({ code: 0, reason: 'not open' });
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) !== MessageKind.sync || decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep2) return;
      done('answered');
    };
    const onClose = (code: number, reason: Buffer) => done({ code, reason: reason.toString() });
    const done = (outcome: 'answered' | { code: number; reason: string }) => {
      ws.off('message', onMessage);
      ws.off('close', onClose);
      resolve(outcome);
    };
    ws.on('message', onMessage);
    ws.on('close', onClose);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageKind.sync);
    // An empty state vector: the answer is the whole document, fine for a test board.
    encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1);
    encoding.writeVarUint8Array(encoder, Y.encodeStateVector(new Y.Doc()));
    ws.send(encoding.toUint8Array(encoder));
  });
}

/**
 * Waits until the server's copy of a board document passes `check`: a fresh
 * connection syncs the server's state, so from then on the server applies
 * every write under it (a lock, private writing, anonymous mode…).
 */
export async function serverHas(httpUrl: string, boardId: string, secret: string, kind: DocKind, check: (doc: Y.Doc) => boolean, what: string): Promise<void> {
  const probe = connect(httpUrl, boardId, secret, kind);
  try {
    await probe.synced;
    await waitFor(() => check(probe.doc), what);
  } finally {
    probe.destroy();
  }
}

/**
 * Resolves once a stock client's reconnect attempt, scheduled when its socket
 * closed, has run: the provider schedules it at most `maxBackoffTime` after
 * the close, and Node runs timers in the order they fall due, so a timer set
 * after the close for that long runs after it. (Not a guess at how long
 * something takes: the provider's own timer is the event waited for.)
 */
export function afterReconnectDelay(client: SyncClient): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, client.provider.maxBackoffTime));
}
