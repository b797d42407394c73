/**
 * Attacks on the sync protocol: updates that build on state the server does
 * not have, which Yjs would otherwise keep pending and apply later inside
 * someone else's change, where no rule of theirs runs. Each is refused with 4422 before it touches
 * the document: nothing of it waits in Yjs' pending state, is stored (checked
 * after a restart) or reaches another client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, cardText, readCard, readFacilitation, setLockedColumns, setPhase } from '../../shared/doc/index.ts';
import { CloseCode, parseRoom, roomName } from '../../shared/protocol.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import {
  afterReconnectDelay, createBoard, type CreatedBoard, rawSocket, roundTrip, socketOf, type SyncClient, trackClients, updateFrame, waitFor,
} from '../helpers/clients.ts';
import { copyAs, updateOnFuture } from './forge.ts';

let dataDir: string;
let server: TestServer;
const clients = trackClients();

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vcp-protocol-'));
  server = await startTestServer({ dataDir });
});
afterEach(async () => {
  clients.destroyAll();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A board with a locked goal card the facilitator is typing in, and a viewer watching. */
async function lockedCard(): Promise<{ board: CreatedBoard; facilitator: SyncClient; observer: SyncClient; cardId: string }> {
  const board = await createBoard(server.url);
  const facilitator = clients.connect(server.url, board.id, board.secrets.facilitator);
  const control = clients.connect(server.url, board.id, board.secrets.facilitator, 'control');
  const observer = clients.connect(server.url, board.id, board.secrets.viewer);
  await Promise.all([facilitator.synced, control.synced, observer.synced]);
  const cardId = addCard(facilitator.doc, { column: 'goal', text: 'Reduce logo churn below 8%' });
  setLockedColumns(control.doc, ['goal']);
  await waitFor(() => readCard(observer.doc, cardId), 'the card on the observer');
  return { board, facilitator, observer, cardId };
}

/** Sends one frame from a raw socket and returns the close code (or 'open' if the server handled it and kept the socket open). */
async function sendAndClose(room: string, token: string, frame: Uint8Array): Promise<number | 'open'> {
  const raw = rawSocket(server.url, room, token);
  await raw.opened;
  raw.ws.send(frame);
  const outcome = await roundTrip(raw.ws);
  raw.ws.terminate();
  return outcome === 'answered' ? 'open' : outcome.code;
}

async function serverDoc(room: string): Promise<Y.Doc> {
  return (await server.rooms.get(parseRoom(room)!)).doc;
}

async function restart(): Promise<void> {
  clients.destroyAll();
  await server.stop();
  server = await startTestServer({ dataDir });
}

async function storedCardText(board: CreatedBoard, cardId: string): Promise<string | undefined> {
  const probe = clients.connect(server.url, board.id, board.secrets.viewer);
  await probe.synced;
  return readCard(probe.doc, cardId)?.text;
}

describe('updates with missing dependencies', () => {
  it("an update anchored on the facilitator's next item is refused and never integrated", async () => {
    const { board, facilitator, observer, cardId } = await lockedCard();
    const forged = updateOnFuture(facilitator.doc, facilitator.doc.clientID,
      (f) => cardText(f, cardId)!.insert(cardText(f, cardId)!.length, '!'),
      (p) => cardText(p, cardId)!.insert(cardText(p, cardId)!.length, ' INJECTED'));
    expect(await sendAndClose(board.id, board.secrets.participant, updateFrame(forged))).toBe(CloseCode.missingState);
    expect((await serverDoc(board.id)).store.pendingStructs).toBeNull();

    // The facilitator now writes the very item the attack was anchored on.
    const text = cardText(facilitator.doc, cardId)!;
    text.insert(text.length, '! Owner: Ana');
    await waitFor(() => readCard(observer.doc, cardId)?.text.endsWith('Owner: Ana'), 'the facilitator\'s typing');
    expect(readCard(observer.doc, cardId)!.text).toBe('Reduce logo churn below 8%! Owner: Ana');
    expect(readCard(facilitator.doc, cardId)!.text).not.toContain('INJECTED');
    await restart();
    expect(await storedCardText(board, cardId)).toBe('Reduce logo churn below 8%! Owner: Ana');
  });

  it("a delete aimed at the facilitator's future characters is refused and deletes nothing", async () => {
    const { board, facilitator, observer, cardId } = await lockedCard();
    const typed = ' — measured monthly by finance, reviewed at every quarterly business review.';
    const at = cardText(facilitator.doc, cardId)!.length;
    const forged = updateOnFuture(facilitator.doc, facilitator.doc.clientID,
      (f) => cardText(f, cardId)!.insert(at, typed),
      (p) => cardText(p, cardId)!.delete(at, typed.length));
    expect(await sendAndClose(board.id, board.secrets.participant, updateFrame(forged))).toBe(CloseCode.missingState);
    expect((await serverDoc(board.id)).store.pendingDs).toBeNull();

    cardText(facilitator.doc, cardId)!.insert(at, typed);
    const expected = `Reduce logo churn below 8%${typed}`;
    await waitFor(() => readCard(observer.doc, cardId)?.text === expected, 'every character the facilitator typed');
    expect(readCard(facilitator.doc, cardId)!.text).toBe(expected);
    await restart();
    expect(await storedCardText(board, cardId)).toBe(expected);
  });

  it("an update whose first clock lies beyond the server's state for its client is refused", async () => {
    const board = await createBoard(server.url);
    const observer = clients.connect(server.url, board.id, board.secrets.viewer);
    await observer.synced;
    const invented = copyAs(observer.doc, 0x51ab);
    addCard(invented, { column: 'goal', text: 'first, never sent' });
    const gap = Y.encodeStateVector(invented);
    addCard(invented, { column: 'goal', text: 'SENT AFTER A GAP' });
    const forged = Y.encodeStateAsUpdate(invented, gap);
    expect(await sendAndClose(board.id, board.secrets.participant, updateFrame(forged))).toBe(CloseCode.missingState);
    expect((await serverDoc(board.id)).store.pendingStructs).toBeNull();
    // Anything the server sent the observer meanwhile has arrived.
    await roundTrip(socketOf(observer));
    expect(JSON.stringify(observer.doc.getMap('cards').toJSON())).not.toContain('SENT AFTER A GAP');
    await restart();
    const probe = clients.connect(server.url, board.id, board.secrets.viewer);
    await probe.synced;
    expect(JSON.stringify(probe.doc.getMap('cards').toJSON())).not.toContain('SENT AFTER A GAP');
  });

  it('an update writing into a card the server has never seen is refused', async () => {
    const board = await createBoard(server.url);
    const observer = clients.connect(server.url, board.id, board.secrets.viewer);
    await observer.synced;
    let unseenCard = '';
    const forged = updateOnFuture(observer.doc, 0x7e57,
      (other) => (unseenCard = addCard(other, { column: 'goal', text: 'not on the server' })),
      (p) => (p.getMap('cards').get(unseenCard) as Y.Map<unknown>).set('author', 'The CEO'));
    expect(await sendAndClose(board.id, board.secrets.participant, updateFrame(forged))).toBe(CloseCode.missingState);
    expect((await serverDoc(board.id)).store.pendingStructs).toBeNull();
  });

  it("the facilitator's control-document update with missing dependencies is refused", async () => {
    const board = await createBoard(server.url);
    const control = clients.connect(server.url, board.id, board.secrets.facilitator, 'control');
    await control.synced;
    const forged = updateOnFuture(control.doc, 0xc0de,
      (other) => setPhase(other, 'goals'),
      (f) => setPhase(f, 'close'));
    expect(await sendAndClose(roomName(board.id, 'control'), board.secrets.facilitator, updateFrame(forged))).toBe(CloseCode.missingState);
    expect((await serverDoc(roomName(board.id, 'control'))).store.pendingStructs).toBeNull();
    setPhase(control.doc, 'who');
    const watcher = clients.connect(server.url, board.id, board.secrets.viewer, 'control');
    await waitFor(() => readFacilitation(watcher.doc).phase === 'who', 'the phase change stored and sent');
    await restart();
    const probe = clients.connect(server.url, board.id, board.secrets.viewer, 'control');
    await probe.synced;
    expect(readFacilitation(probe.doc).phase).toBe('who');
  });

  it("a participant's draft-room update with missing dependencies is refused", async () => {
    const board = await createBoard(server.url);
    const res = await fetch(`${server.url}/api/boards/${board.id}/people`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${board.secrets.participant}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Ann' }),
    });
    const ann = (await res.json()) as { personId: string; token: string };
    const room = roomName(board.id, 'draft', ann.personId);
    const draft = clients.connect(server.url, board.id, ann.token, 'draft', undefined, ann.personId);
    await draft.synced;
    let unseenDraft = '';
    const forged = updateOnFuture(draft.doc, 0xd4af7,
      (other) => (unseenDraft = addCard(other, { column: 'value', text: 'someone else' })),
      (p) => cardText(p, unseenDraft)!.insert(0, 'built on it: '));
    expect(await sendAndClose(room, ann.token, updateFrame(forged))).toBe(CloseCode.missingState);
    expect((await serverDoc(room)).store.pendingStructs).toBeNull();
  });

  it('the stock client is told once and does not reconnect to resend a refused update', async () => {
    const board = await createBoard(server.url);
    const victim = clients.connect(server.url, board.id, board.secrets.participant);
    await victim.synced;
    // This browser's copy holds an edit built on items the server never had
    // (say, a copy restored from an older backup of someone else's data).
    let lost = '';
    const forged = updateOnFuture(victim.doc, 0xbac0,
      (other) => (lost = addCard(other, { column: 'goal', text: 'lost upstream' })),
      (p) => cardText(p, lost)!.insert(0, 'built on it: '));
    Y.applyUpdate(victim.doc, forged);
    expect(victim.doc.store.pendingStructs).not.toBeNull();
    let attempts = 0;
    victim.provider.on('status', ({ status }: { status: string }) => status === 'connecting' && attempts++);
    const closed = new Promise<number>((resolve) => victim.provider.once('closed', ({ code }: { code: number }) => resolve(code)));
    victim.provider.disconnect();
    victim.provider.connect();
    expect(await closed).toBe(CloseCode.missingState);
    expect(victim.provider.shouldConnect).toBe(false);
    // The provider schedules its retry when the socket closes, at most its maxBackoffTime later:
    // a timer set now for that long runs after it.
    await afterReconnectDelay(victim);
    expect(attempts).toBe(1);
    expect(victim.provider.wsconnected).toBe(false);
    expect((await serverDoc(board.id)).store.pendingStructs).toBeNull();
  });
});
