/**
 * How a room fans out: awareness changes are held for a window and go out
 * together, as one message, also riding along with the next document update.
 * The real server on port 0 with SQLite, raw websocket clients.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { addCard } from '../../shared/doc/index.ts';
import { MessageKind } from '../../shared/protocol.ts';
import { startServer, type VcpServer } from '../../server/app.ts';
import { openSqliteWorkerStorage } from '../../server/storage/sqliteWorker.ts';
import type { BoardStorage } from '../../server/storage/types.ts';
import { createBoard, rawSocket, waitFor } from '../helpers/clients.ts';

let server: VcpServer;
let storage: BoardStorage;
let dataDir: string;
const sockets: ReturnType<typeof rawSocket>[] = [];

/** Long enough never to end during a test: only a document broadcast can release held awareness. */
const WINDOW_MS = 60_000;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vcp-broadcast-'));
  storage = await openSqliteWorkerStorage({ dataDir });
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    staticDir: resolve('dist'),
    idleUnloadMs: 60_000,
    pingIntervalMs: 30_000,
    compactAfterUpdates: 500,
    awarenessWindowMs: WINDOW_MS,
    storage,
    logger: { info: () => {}, error: () => {} },
  });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.ws.terminate();
  await server.close();
  await storage.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function open(room: string, token: string): Promise<ReturnType<typeof rawSocket>> {
  const s = rawSocket(server.url, room, token);
  sockets.push(s);
  await s.opened;
  return s;
}

/** A peer's awareness: its own Y.Doc client id and a state to announce. */
function presence(name: string) {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  const message = (state: Record<string, unknown>): Uint8Array => {
    awareness.setLocalState(state);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageKind.awareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]));
    return encoding.toUint8Array(encoder);
  };
  return { id: awareness.clientID, name, message };
}

function queryAwareness(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageKind.queryAwareness);
  return encoding.toUint8Array(encoder);
}

function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageKind.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

type Received = { kind: 'awareness'; states: Map<number, unknown> } | { kind: 'update' } | { kind: 'other' };

/** Decodes a server message: which clients' awareness it carries, or whether it is a document update. */
function decode(message: Uint8Array): Received {
  const decoder = decoding.createDecoder(message);
  const kind = decoding.readVarUint(decoder);
  if (kind === MessageKind.awareness) {
    const inner = decoding.createDecoder(decoding.readVarUint8Array(decoder));
    const states = new Map<number, unknown>();
    const n = decoding.readVarUint(inner);
    for (let i = 0; i < n; i++) {
      const client = decoding.readVarUint(inner);
      decoding.readVarUint(inner); // clock
      states.set(client, JSON.parse(decoding.readVarString(inner)));
    }
    return { kind: 'awareness', states };
  }
  if (kind === MessageKind.sync && decoding.readVarUint(decoder) === syncProtocol.messageYjsUpdate) return { kind: 'update' };
  return { kind: 'other' };
}

describe('room broadcast', () => {
  it('sends a change after a quiet window at once, then holds awareness and sends it with the next update, in one message', async () => {
    const board = await createBoard(server.url);
    const observer = await open(board.id, board.secrets.viewer);
    const a = await open(board.id, board.secrets.participant);
    const b = await open(board.id, board.secrets.participant);
    const alice = presence('alice');
    const bob = presence('bob');
    const received = () => observer.messages.map(decode);

    // Nothing was sent for a while: the first change goes out on its own.
    a.ws.send(alice.message({ name: 'alice', cursor: 1 }));
    await waitFor(() => received().some((m) => m.kind === 'awareness' && m.states.has(alice.id)), 'first awareness at the observer');
    const seen = observer.messages.length;

    // Inside the window: bob's change (applied: his query answer shows it) and alice's next one are held…
    b.ws.send(bob.message({ name: 'bob', cursor: 2 }));
    b.ws.send(queryAwareness());
    await waitFor(() => b.messages.map(decode).some((m) => m.kind === 'awareness' && m.states.has(bob.id)), 'bob applied');
    a.ws.send(alice.message({ name: 'alice', cursor: 3 }));
    // …until a document update goes out: they ride along with it.
    const doc = new Y.Doc();
    addCard(doc, { column: 'goal', text: 'held awareness rides along' });
    a.ws.send(updateMessage(Y.encodeStateAsUpdate(doc)));
    await waitFor(() => received().slice(seen).some((m) => m.kind === 'update'), 'update at the observer');
    await waitFor(() => received().slice(seen).some((m) => m.kind === 'awareness'), 'awareness at the observer');

    const after = received().slice(seen).filter((m) => m.kind !== 'other');
    const awareness = after.filter((m) => m.kind === 'awareness');
    expect(awareness).toHaveLength(1);
    const states = (awareness[0] as Extract<Received, { kind: 'awareness' }>).states;
    expect(states.get(bob.id)).toEqual({ name: 'bob', cursor: 2 });
    expect(states.get(alice.id)).toEqual({ name: 'alice', cursor: 3 });
    expect(after.map((m) => m.kind)).toEqual(['update', 'awareness']);
  });
});
