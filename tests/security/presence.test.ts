/**
 * Presence spoofing, so nobody can rename, move or remove someone else on
 * screen: awareness states belong to the
 * connection that introduced their client id. Another connection's update or
 * removal for that id is ignored; a reconnecting client takes its id over once
 * the old socket is gone or has not answered a ping, and a reloading person
 * shows again at once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import type * as awarenessProtocol from 'y-protocols/awareness';
import { Limits, MessageKind, roomName } from '../../shared/protocol.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createBoard, type CreatedBoard, joinAs, rawSocket, roundTrip, socketOf, trackClients, waitFor, wsUrl } from '../helpers/clients.ts';
import { reannounceOnConnect } from '../../client/sync/connection.ts';
import { awarenessFrame } from './forge.ts';

let server: TestServer;
const clients = trackClients();
beforeEach(async () => {
  // Heartbeats far apart: only the takeover probe can explain a quick takeover.
  server = await startTestServer({ pingIntervalMs: 10 * 60_000 });
});
afterEach(async () => {
  clients.destroyAll();
  await server.close();
});

/** A stock client showing `name`, and a viewer watching presence. */
async function aliceAndObserver(board: CreatedBoard) {
  const alice = clients.connect(server.url, board.id, board.secrets.participant);
  const observer = clients.connect(server.url, board.id, board.secrets.viewer);
  await Promise.all([alice.synced, observer.synced]);
  alice.provider.awareness.setLocalStateField('user', { name: 'Alice', color: '#30bced' });
  const id = alice.doc.clientID;
  await waitFor(() => nameOn(observer.provider.awareness, id) === 'Alice', 'Alice on the observer');
  return { alice, observer, id };
}

function nameOn(awareness: awarenessProtocol.Awareness, id: number): string | undefined {
  return (awareness.getStates().get(id) as { user?: { name?: string } } | undefined)?.user?.name;
}

/** The names a raw socket has been told about each client id, in order. */
function namesSeen(messages: Uint8Array[], id: number): (string | null)[] {
  const out: (string | null)[] = [];
  for (const m of messages) {
    const d = decoding.createDecoder(m);
    if (decoding.readVarUint(d) !== MessageKind.awareness) continue;
    const inner = decoding.createDecoder(decoding.readVarUint8Array(d));
    for (let n = decoding.readVarUint(inner); n > 0; n--) {
      const client = decoding.readVarUint(inner);
      decoding.readVarUint(inner);
      const state = JSON.parse(decoding.readVarString(inner)) as { user?: { name?: string } } | null;
      if (client === id) out.push(state ? (state.user?.name ?? '') : null);
    }
  }
  return out;
}

const clockOf = (awareness: awarenessProtocol.Awareness, id: number) => awareness.meta.get(id)?.clock ?? 0;

describe('presence spoofing', () => {
  it("another connection's awareness update cannot rename someone", async () => {
    const board = await createBoard(server.url);
    const { alice, observer, id } = await aliceAndObserver(board);
    const sniffer = rawSocket(server.url, board.id, board.secrets.viewer);
    await sniffer.opened;
    const spoofer = rawSocket(server.url, board.id, board.secrets.participant);
    await spoofer.opened;
    const clock = clockOf(alice.provider.awareness, id);
    const probed = new Promise((r) => socketOf(alice).once('ping', r));
    spoofer.ws.send(awarenessFrame([{ client: id, clock: clock + 10, state: { user: { name: 'Mallory', color: '#000' } } }]));
    // The claim makes the server probe Alice's connection: her client answers (its pong goes out
    // before the ping is reported), and the server has the answer once it answers what she sends next.
    await probed;
    expect(await roundTrip(socketOf(alice))).toBe('answered');
    // Alice keeps moving.
    alice.provider.awareness.setLocalStateField('cursor', { x: 1, y: 2 });
    await waitFor(() => (observer.provider.awareness.getStates().get(id) as { cursor?: unknown } | undefined)?.cursor, 'Alice\'s cursor');
    expect(nameOn(observer.provider.awareness, id)).toBe('Alice');
    expect(namesSeen(sniffer.messages, id)).not.toContain('Mallory');
    expect(spoofer.ws.readyState).toBe(WebSocket.OPEN);
  });

  it("another connection cannot remove someone's presence", async () => {
    const board = await createBoard(server.url);
    const { alice, observer, id } = await aliceAndObserver(board);
    const sniffer = rawSocket(server.url, board.id, board.secrets.viewer);
    await sniffer.opened;
    const spoofer = rawSocket(server.url, board.id, board.secrets.participant);
    await spoofer.opened;
    // What a stock client sends when it thinks someone is gone: the same clock, state null.
    spoofer.ws.send(awarenessFrame([{ client: id, clock: clockOf(alice.provider.awareness, id), state: null }]));
    spoofer.ws.send(awarenessFrame([{ client: id, clock: clockOf(alice.provider.awareness, id) + 5, state: null }]));
    expect(await roundTrip(spoofer.ws)).toBe('answered');
    alice.provider.awareness.setLocalStateField('cursor', { x: 3, y: 4 });
    await waitFor(() => (observer.provider.awareness.getStates().get(id) as { cursor?: { x: number } } | undefined)?.cursor?.x === 3, 'Alice\'s cursor');
    await roundTrip(sniffer.ws);
    expect(nameOn(observer.provider.awareness, id)).toBe('Alice');
    expect(namesSeen(sniffer.messages, id)).not.toContain(null);
  });

  it('one connection cannot flood the room with invented people', async () => {
    const board = await createBoard(server.url);
    const observer = clients.connect(server.url, board.id, board.secrets.viewer);
    await observer.synced;
    const spoofer = rawSocket(server.url, board.id, board.secrets.participant);
    await spoofer.opened;
    const entries = Array.from({ length: 200 }, (_, i) => ({ client: 1000 + i, clock: 1, state: { user: { name: `Ghost ${i}` } } }));
    spoofer.ws.send(awarenessFrame(entries));
    const marker = rawSocket(server.url, board.id, board.secrets.participant);
    await marker.opened;
    marker.ws.send(awarenessFrame([{ client: 999, clock: 1, state: { user: { name: 'Marker' } } }]));
    await waitFor(() => nameOn(observer.provider.awareness, 999) === 'Marker', 'the marker');
    const ghosts = [...observer.provider.awareness.getStates().values()].filter((s) => (s as { user?: { name?: string } }).user?.name?.startsWith('Ghost'));
    // Two at most (the app shows one): a red-team script's 1,000 sockets each showing four large states made
    // every newcomer's first message 4 MB of invented people.
    expect(ghosts.length).toBe(2);
  });

  it('a reconnecting client takes its id over from a socket that no longer answers pings', async () => {
    const board = await createBoard(server.url);
    const observer = clients.connect(server.url, board.id, board.secrets.viewer);
    await observer.synced;
    const id = 4242;
    // The old connection: alive to the server's TCP, but it never answers a ping (a dead network path).
    const old = new WebSocket(`${wsUrl(server.url)}/${board.id}?token=${board.secrets.participant}`, { autoPong: false });
    await new Promise((r) => old.once('open', r));
    old.send(awarenessFrame([{ client: id, clock: 1, state: { user: { name: 'Alice' }, cursor: { x: 0 } } }]));
    await waitFor(() => nameOn(observer.provider.awareness, id) === 'Alice', 'Alice');
    const reconnected = rawSocket(server.url, board.id, board.secrets.participant);
    await reconnected.opened;
    reconnected.ws.send(awarenessFrame([{ client: id, clock: 2, state: { user: { name: 'Alice' }, cursor: { x: 50 } } }]));
    await waitFor(() => (observer.provider.awareness.getStates().get(id) as { cursor?: { x: number } } | undefined)?.cursor?.x === 50, 'Alice at her new cursor');
    expect(old.readyState).not.toBe(WebSocket.OPEN);
    // The id is the new connection's now: its updates go through.
    reconnected.ws.send(awarenessFrame([{ client: id, clock: 3, state: { user: { name: 'Alice' }, cursor: { x: 60 } } }]));
    await waitFor(() => (observer.provider.awareness.getStates().get(id) as { cursor?: { x: number } } | undefined)?.cursor?.x === 60, 'the next move');
    old.terminate();
  });

  it('a page that reconnects after its socket closed shows again at once', async () => {
    const board = await createBoard(server.url);
    const { alice, observer, id } = await aliceAndObserver(board);
    reannounceOnConnect(alice.provider);
    let removed = false;
    observer.provider.awareness.on('change', ({ removed: r }: { removed: number[] }) => r.includes(id) && (removed = true));
    alice.provider.disconnect();
    await waitFor(() => removed, 'Alice gone when her socket closed');
    alice.provider.connect();
    // No change of her own: she reappears with the state she had.
    await waitFor(() => nameOn(observer.provider.awareness, id) === 'Alice', 'Alice back without moving');
  });

  it('a reloading person shows again at once, while the old page has not said goodbye', async () => {
    const board = await createBoard(server.url);
    const { alice, observer } = await aliceAndObserver(board);
    // The old page's socket lingers (no close from it yet); the reloaded page is a new document.
    const reloaded = clients.connect(server.url, board.id, board.secrets.participant);
    await reloaded.synced;
    reloaded.provider.awareness.setLocalStateField('user', { name: 'Alice (reloaded)', color: '#30bced' });
    await waitFor(() => nameOn(observer.provider.awareness, reloaded.doc.clientID) === 'Alice (reloaded)', 'the reloaded page');
    expect(alice.provider.wsconnected).toBe(true);
  });

  it('on the board a presence shows its connection’s role: a participant cannot show as the facilitator', async () => {
    const board = await createBoard(server.url);
    const { alice, observer, id } = await aliceAndObserver(board);
    alice.provider.awareness.setLocalStateField('user', { name: 'Fran', color: '#30bced', role: 'facilitator' });
    expect(await roundTrip(socketOf(alice))).toBe('answered');
    // A later state of hers, as a participant, arrives; the one showing her as the facilitator never did.
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice again', color: '#30bced', role: 'participant' });
    await waitFor(() => nameOn(observer.provider.awareness, id) === 'Alice again', 'her next state');
    const seen: string[] = [];
    observer.provider.awareness.on('change', () => seen.push(String((observer.provider.awareness.getStates().get(id) as { user?: { role?: string } })?.user?.role)));
    alice.provider.awareness.setLocalStateField('user', { name: 'Fran', color: '#30bced', role: 'facilitator' });
    alice.provider.awareness.setLocalStateField('cursor', { x: 5, y: 5 });
    expect(await roundTrip(socketOf(alice))).toBe('answered');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen).not.toContain('facilitator');
    expect((observer.provider.awareness.getStates().get(id) as { user?: { role?: string } }).user?.role).toBe('participant');
  });

  it('a presence opened with a personal token shows that person’s name, whatever the client says', async () => {
    const board = await createBoard(server.url);
    const ben = await joinAs(server.url, board.id, board.secrets.participant, 'Ben');
    const observer = clients.connect(server.url, board.id, board.secrets.viewer);
    const benSocket = clients.connect(server.url, board.id, board.secrets.participant, undefined, undefined, undefined, ben.token);
    await Promise.all([observer.synced, benSocket.synced]);
    const id = benSocket.doc.clientID;
    const names: (string | undefined)[] = [];
    observer.provider.awareness.on('change', () => names.push(nameOn(observer.provider.awareness, id)));
    // Ben's client says he is Fran, the facilitator's name: the room shows Ben, with the rest of his state.
    benSocket.provider.awareness.setLocalStateField('user', { name: 'Fran', color: '#30bced', role: 'participant' });
    benSocket.provider.awareness.setLocalStateField('cursor', { x: 7, y: 8 });
    await waitFor(() => (observer.provider.awareness.getStates().get(id) as { cursor?: { x: number } } | undefined)?.cursor?.x === 7, 'his cursor');
    expect(nameOn(observer.provider.awareness, id)).toBe('Ben');
    expect(names).not.toContain('Fran');
    // A stock client without a personal token (a viewer here) keeps the name it gives: it is nobody's.
    observer.provider.awareness.setLocalStateField('user', { name: 'Someone looking on', color: '#000' });
    await waitFor(() => nameOn(benSocket.provider.awareness, observer.doc.clientID) === 'Someone looking on', 'the viewer as named');
  });

  it('a presence state larger than the limit is dropped: newcomers are still sent everyone’s presence and join', async () => {
    const board = await createBoard(server.url);
    const { alice, observer, id } = await aliceAndObserver(board);
    // Six sockets with four near-megabyte states each: sent to every newcomer in one message, that was
    // past the slow-reader cap, and every newcomer was closed.
    const big = 'x'.repeat(900_000);
    const hogs = Array.from({ length: 6 }, () => rawSocket(server.url, board.id, board.secrets.viewer));
    await Promise.all(hogs.map((h) => h.opened));
    hogs.forEach((h, n) => [0, 1, 2, 3].forEach((k) => h.ws.send(awarenessFrame([{ client: 500_000 + n * 10 + k, clock: 1, state: { user: { name: big } } }]))));
    for (const h of hogs) expect(await roundTrip(h.ws)).toBe('answered');
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice, still here', color: '#30bced' });
    await waitFor(() => nameOn(observer.provider.awareness, id) === 'Alice, still here', 'her next state');
    const hogIds = hogs.flatMap((_, n) => [0, 1, 2, 3].map((k) => 500_000 + n * 10 + k));
    expect(hogIds.some((c) => observer.provider.awareness.getStates().has(c))).toBe(false);
    // A newcomer joins and sees Alice.
    const newcomer = clients.connect(server.url, board.id, board.secrets.participant);
    await newcomer.synced;
    await waitFor(() => nameOn(newcomer.provider.awareness, id) === 'Alice, still here', 'Alice at the newcomer');
    // A state just under the limit goes through.
    const fits = Limits.maxPresenceChars - 40;
    hogs[0]!.ws.send(awarenessFrame([{ client: 600_000, clock: 1, state: { user: { name: 'y'.repeat(fits) } } }]));
    await waitFor(() => observer.provider.awareness.getStates().has(600_000), 'a state within the limit');
    for (const h of hogs) h.ws.terminate();
  });

  it('in the control room a presence names only the person whose token opened the socket, in their role', async () => {
    const board = await createBoard(server.url);
    const ana = await joinAs(server.url, board.id, board.secrets.participant, 'Ana');
    const ben = await joinAs(server.url, board.id, board.secrets.participant, 'Ben');
    const fran = await joinAs(server.url, board.id, board.secrets.facilitator, 'Fran');
    // The facilitator's console reads who is online and done from here (so does the wall).
    const console = clients.connect(server.url, board.id, board.secrets.facilitator, 'control', undefined, undefined, fran.token);
    await console.synced;
    const person = (id: number) => (console.provider.awareness.getStates().get(id) as { person?: { id: string; role: string }; done?: boolean } | undefined)?.person;
    const state = (id: string, role = 'participant') => ({ person: { id, name: 'Ana', role }, done: true, doneFor: 'phase:frame' });

    // Ben's socket, with Ben's token: he may say he is done, as Ben.
    const benSocket = clients.connect(server.url, board.id, board.secrets.participant, 'control', undefined, undefined, ben.token);
    await benSocket.synced;
    benSocket.provider.awareness.setLocalState(state(ben.personId));
    await waitFor(() => person(benSocket.doc.clientID)?.id === ben.personId, 'Ben online and done');
    // But not as Ana, nor as the facilitator; and a socket without a personal token (a script with the link)
    // names nobody: Ana is not shown done by it.
    benSocket.provider.awareness.setLocalState(state(ana.personId));
    benSocket.provider.awareness.setLocalState({ ...state(ben.personId, 'facilitator'), drafts: 3 });
    expect(await roundTrip(socketOf(benSocket))).toBe('answered');
    const script = rawSocket(server.url, roomName(board.id, 'control'), board.secrets.participant);
    await script.opened;
    script.ws.send(awarenessFrame([{ client: 424242, clock: 1, state: state(ana.personId) }]));
    expect(await roundTrip(script.ws)).toBe('answered');
    // What the server let through before this marker has reached the console once the marker has
    // (presence goes out in order); a state naming no person goes through (the stock client's).
    script.ws.send(awarenessFrame([{ client: 434343, clock: 1, state: { user: { name: 'a stock client' } } }]));
    await waitFor(() => console.provider.awareness.getStates().has(434343), 'the marker, a state without a person');
    // Shown under his own name: the one he said ('Ana') is put back to Ben's.
    expect(person(benSocket.doc.clientID)).toEqual({ id: ben.personId, name: 'Ben', role: 'participant' });
    expect(console.provider.awareness.getStates().has(424242)).toBe(false);
    // Ana's own presence, with her token, goes through.
    const anaSocket = clients.connect(server.url, board.id, board.secrets.participant, 'control', undefined, undefined, ana.token);
    await anaSocket.synced;
    anaSocket.provider.awareness.setLocalState(state(ana.personId));
    await waitFor(() => person(anaSocket.doc.clientID)?.id === ana.personId, 'Ana, by herself');
    script.ws.terminate();
  });
});
