/**
 * A board's first client on a server that has not loaded it (a cold room): its
 * first sync is answered from the stored bytes before the room applies them
 * (firstSync.ts), and everything else waits for the load as before: the
 * changes the load makes (a migration) reach it, and its own writes are
 * checked by the rules against the loaded board.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { afterEach, expect, it } from 'vitest';
import { addCard, DOC_SCHEMA_VERSION, initBoard, readBoardInfo, readCards, readSchemaVersion, setBoardTitle, setCardText } from '../../shared/doc/index.ts';
import { MessageKind, roomName } from '../../shared/protocol.ts';
import { newRoleSecrets } from '../../server/secrets.ts';
import { openSqliteServerStorage } from '../../server/storage/sqliteServer.ts';
import type { BoardStorage } from '../../server/storage/types.ts';
import { rawSocket, trackClients, updateFrame, waitFor } from '../helpers/clients.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { stored } from '../security/fixtures.ts';

const clients = trackClients();
let server: TestServer | undefined;
afterEach(async () => {
  clients.destroyAll();
  await server?.close();
  server = undefined;
});

/** A board stored with `content` as its content document, then a fresh server on that data (nothing loaded). */
async function coldBoard(content: Uint8Array, storage?: (real: BoardStorage) => BoardStorage, options: { idleUnloadMs?: number } = {}) {
  const first = await startTestServer();
  const id = `Cold${Math.random().toString(36).slice(2, 12)}`;
  const { secrets, hashes } = newRoleSecrets();
  await first.storage.createBoard({ id, title: 'Cold', createdAt: Date.now(), secretHashes: hashes }, [{ docName: roomName(id, 'content'), update: content }]);
  await first.stop();
  const real = await openSqliteServerStorage({ dataDir: first.dataDir });
  server = await startTestServer({ dataDir: first.dataDir, storage: storage ? storage(real) : real, ...options });
  const dataDir = first.dataDir;
  const close = server.close;
  // The data directory was the first server's: remove it with this one.
  server.close = async () => {
    await close();
    const { rmSync } = await import('node:fs');
    rmSync(dataDir, { recursive: true, force: true });
  };
  expect(server.rooms.isLoaded(roomName(id, 'content'))).toBe(false);
  return { id, secrets, server };
}

function boardDoc(title: string, cards: number): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, { title, createdAt: 1_700_000_000_000 });
  for (let i = 0; i < cards; i++) addCard(doc, { column: 'goal', text: `card ${i}` });
  return doc;
}

/** A new client's sync step 1 (an empty state vector). */
function newClientStep1(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageKind.sync);
  syncProtocol.writeSyncStep1(encoder, new Y.Doc());
  return encoding.toUint8Array(encoder);
}

/** A message's kind and, for a sync message, its step and payload. */
function parse(message: Uint8Array): { kind: number; step?: number; payload?: Uint8Array } {
  const d = decoding.createDecoder(message);
  const kind = decoding.readVarUint(d);
  if (kind !== MessageKind.sync) return { kind };
  return { kind, step: decoding.readVarUint(d), payload: decoding.readVarUint8Array(d) };
}

/** A raw socket that sends a new client's step 1 (and `then`) as soon as it opens. */
async function newRawClient(httpUrl: string, boardId: string, secret: string, then: Uint8Array[] = []) {
  const raw = rawSocket(httpUrl, roomName(boardId, 'content'), secret);
  raw.ws.once('open', () => {
    raw.ws.send(newClientStep1());
    for (const m of then) raw.ws.send(m);
  });
  await raw.opened;
  return raw;
}

/** Applies every sync payload a raw client received (step 2s and updates) to a fresh document. */
function docOf(messages: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const m of messages) {
    const { kind, step, payload } = parse(m);
    if (kind === MessageKind.sync && step !== syncProtocol.messageYjsSyncStep1) Y.applyUpdate(doc, payload!);
  }
  return doc;
}

it("answers a new client's first sync from the stored bytes before the room has loaded, then syncs as usual", async () => {
  const content = Y.encodeStateAsUpdate(boardDoc('Stored board', 30));
  const { id, secrets, server } = await coldBoard(content);
  const raw = await newRawClient(server.url, id, secrets.participant);
  await waitFor(() => raw.messages.length >= 2, 'the first two messages');
  // The server's own step 1 carries the loaded document's state vector: it goes out once the
  // room has loaded (SyncConnection.start). The step 2 came before it, from the stored bytes as they are.
  const [first, second] = raw.messages.map(parse);
  expect(first).toMatchObject({ kind: MessageKind.sync, step: syncProtocol.messageYjsSyncStep2 });
  expect(first!.payload).toEqual(content);
  expect(second).toMatchObject({ kind: MessageKind.sync, step: syncProtocol.messageYjsSyncStep1 });
  expect(server.rooms.isLoaded(roomName(id, 'content'))).toBe(true);

  // A stock client on the now loaded room, and the early one, converge on a new card.
  const stock = clients.connect(server.url, id, secrets.participant);
  await stock.synced;
  expect(readCards(stock.doc)).toHaveLength(30);
  addCard(stock.doc, { column: 'goal', text: 'after the cold load' });
  await waitFor(() => readCards(docOf(raw.messages)).length === 31, 'the early client gets the new card');
  raw.ws.close();
});

it('sends a client answered from the stored bytes what the load changed (a migration), even when it was stored and broadcast before the client joined the room', async () => {
  // A board as the first version left it: no schema version, no direction (migration 0 → 1 adds both).
  const old = new Y.Doc();
  old.getMap('board').set('title', 'Old board');
  addCard(old, { column: 'goal', text: 'an old card' });
  const content = Y.encodeStateAsUpdate(old);
  expect(readSchemaVersion(old)).toBe(0);
  let migrationStored!: () => void;
  const migrated = new Promise<void>((resolve) => (migrationStored = resolve));
  // A participant's connection also loads the board's control document: that read waits until the content
  // document's migration is stored (and, a turn later, broadcast to the room's peers, of which this client is none yet).
  const { id, secrets, server } = await coldBoard(content, (real) => ({
    ...real,
    async append(batch) {
      const seqs = await real.append(batch);
      if (batch.some((u) => !u.docName.includes('/'))) setImmediate(migrationStored);
      return seqs;
    },
    async load(docName) {
      if (docName.endsWith('/control')) await migrated;
      return real.load(docName);
    },
  }));
  const raw = await newRawClient(server.url, id, secrets.participant);
  await waitFor(() => readSchemaVersion(docOf(raw.messages)) === DOC_SCHEMA_VERSION, 'the migration reaches the early client', 5_000);
  expect(parse(raw.messages[0]!).payload).toEqual(content); // answered from the stored bytes, before the migration
  const seen = docOf(raw.messages);
  expect(readBoardInfo(seen)).toMatchObject({ title: 'Old board', direction: 'rtl' });
  expect(readCards(seen).map((c) => c.text)).toEqual(['an old card']);
  // What it holds is what the server holds.
  const back = await stored(server, roomName(id, 'content'));
  expect(Y.encodeStateVector(seen)).toEqual(Y.encodeStateVector(back.doc));
  raw.ws.close();
});

it("checks an early client's writes by the rules once the room has loaded: a participant's title change sent with its first sync is reverted, never stored or sent", async () => {
  const content = Y.encodeStateAsUpdate(boardDoc('The real title', 5));
  const { id, secrets, server } = await coldBoard(content);
  const attacker = new Y.Doc();
  setBoardTitle(attacker, 'PWNED-TITLE');
  const forged = Y.encodeStateAsUpdate(attacker);
  const raw = await newRawClient(server.url, id, secrets.participant, [updateFrame(forged)]);
  await waitFor(() => raw.messages.length >= 1, 'the first message');
  expect(parse(raw.messages[0]!).payload).toEqual(content);
  // A viewer joining after the load: the write was handled (the server handles one socket's messages in order).
  const marker = new Y.Doc();
  addCard(marker, { column: 'goal', text: 'marker after the attack' });
  raw.ws.send(updateFrame(Y.encodeStateAsUpdate(marker)));
  const watcher = clients.connect(server.url, id, secrets.viewer);
  await watcher.synced;
  await waitFor(() => readCards(watcher.doc).some((c) => c.text === 'marker after the attack'), 'the marker');
  expect(readBoardInfo(watcher.doc).title).toBe('The real title');
  const back = await stored(server, roomName(id, 'content'));
  expect(back.bytes).not.toContain('PWNED');
  expect(readBoardInfo(back.doc).title).toBe('The real title');
  expect(Buffer.concat(raw.messages.slice(1)).toString('latin1')).not.toContain('PWNED');
  raw.ws.close();
});

it('does not answer a returning client (one that sends a state vector) before the load', async () => {
  const doc = boardDoc('Returning', 3);
  const { id, secrets, server } = await coldBoard(Y.encodeStateAsUpdate(doc));
  const raw = rawSocket(server.url, roomName(id, 'content'), secrets.participant);
  raw.ws.once('open', () => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageKind.sync);
    syncProtocol.writeSyncStep1(encoder, doc); // holds the board already
    raw.ws.send(encoding.toUint8Array(encoder));
  });
  await waitFor(() => raw.messages.length >= 2, 'the first two messages');
  expect(parse(raw.messages[0]!)).toMatchObject({ step: syncProtocol.messageYjsSyncStep1 });
  expect(parse(raw.messages[1]!)).toMatchObject({ step: syncProtocol.messageYjsSyncStep2 });
  raw.ws.close();
});

/** A cold board stored as a snapshot and two log rows after it (the second building on the first). */
async function coldLoggedBoard() {
  const doc = boardDoc('Several pieces', 3);
  const snapshot = Y.encodeStateAsUpdate(doc);
  const cold = await coldBoard(snapshot);
  const docName = roomName(cold.id, 'content');
  await cold.server.storage.compact(docName, snapshot, (await cold.server.storage.load(docName)).lastSeq);
  let sv = Y.encodeStateVector(doc);
  const cardId = addCard(doc, { column: 'goal', text: 'logged later' });
  const first = Y.encodeStateAsUpdate(doc, sv);
  sv = Y.encodeStateVector(doc);
  setCardText(doc, cardId, 'logged later, then edited');
  const second = Y.encodeStateAsUpdate(doc, sv);
  await cold.server.storage.append([{ docName, update: first }, { docName, update: second }]);
  const storedNow = await cold.server.storage.load(docName);
  expect(storedNow.snapshot).toEqual(snapshot);
  expect(storedNow.updates).toHaveLength(2);
  return { ...cold, snapshot, texts: ['card 0', 'card 1', 'card 2', 'logged later, then edited'] };
}

it('answers a new client before the load from a board stored as a snapshot and a log: the log first, then the snapshot as the step 2', async () => {
  const { id, secrets, server, snapshot, texts } = await coldLoggedBoard();
  const raw = await newRawClient(server.url, id, secrets.participant);
  await waitFor(() => raw.messages.length >= 3, 'the first three messages');
  const [log, step2, serverStep1] = raw.messages.map(parse);
  expect(log).toMatchObject({ kind: MessageKind.sync, step: syncProtocol.messageYjsUpdate });
  expect(step2).toMatchObject({ kind: MessageKind.sync, step: syncProtocol.messageYjsSyncStep2 });
  expect(step2!.payload).toEqual(snapshot);
  expect(serverStep1).toMatchObject({ kind: MessageKind.sync, step: syncProtocol.messageYjsSyncStep1 });
  // In that order (the log waits as pending in the client until the snapshot comes), the whole board.
  const received = new Y.Doc();
  Y.applyUpdate(received, log!.payload!);
  expect(readCards(received)).toEqual([]);
  Y.applyUpdate(received, step2!.payload!);
  expect(readCards(received).map((c) => c.text).sort()).toEqual(texts);
  raw.ws.close();
});

it('a stock client answered before the load from a snapshot and a log holds the whole board once synced', async () => {
  const { id, secrets, server, texts } = await coldLoggedBoard();
  const stock = clients.connect(server.url, id, secrets.participant);
  await stock.synced;
  expect(readCards(stock.doc).map((c) => c.text).sort()).toEqual(texts);
  expect(server.rooms.isLoaded(roomName(id, 'content'))).toBe(true);
});

it('two stock clients opening a cold board at once each hold the whole board once synced, and their writes go through the rules', async () => {
  const doc = boardDoc('Stock clients', 4);
  const { id, secrets, server } = await coldBoard(Y.encodeStateAsUpdate(doc));
  const stock = clients.connect(server.url, id, secrets.participant);
  const another = clients.connect(server.url, id, secrets.viewer);
  await Promise.all([stock.synced, another.synced]);
  // Synced means whole: nothing of the board comes after the step 2.
  expect(readCards(stock.doc)).toHaveLength(4);
  expect(readCards(another.doc)).toHaveLength(4);
  addCard(another.doc, { column: 'goal', text: 'a viewer cannot write' });
  addCard(stock.doc, { column: 'goal', text: 'a participant can' });
  await waitFor(() => readCards(another.doc).some((c) => c.text === 'a participant can'), "the participant's card on the viewer");
  expect((await stored(server, roomName(id, 'content'))).bytes).not.toContain('a viewer cannot write');
});

it('unloads a board when idle whose only client left while it loaded', async () => {
  let controlRead = false;
  const { id, secrets, server: s } = await coldBoard(Y.encodeStateAsUpdate(boardDoc('Left while loading', 2)), (real) => ({
    ...real,
    load(docName) {
      if (docName.endsWith('/control')) controlRead = true;
      return real.load(docName);
    },
  }), { idleUnloadMs: 50 });
  // A participant's client that opens the board and goes away without a word: the server loads the
  // content document (then, for the rules, the control document) for nobody.
  const raw = rawSocket(s.url, roomName(id, 'content'), secrets.participant);
  raw.ws.once('open', () => raw.ws.close());
  await raw.closed;
  await waitFor(() => controlRead, 'the content loaded, and the control document read');
  await waitFor(() => !s.rooms.isLoaded(roomName(id, 'content')) && !s.rooms.isLoaded(roomName(id, 'control')), 'the board unloaded again');
});
