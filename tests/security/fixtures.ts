/**
 * What the attack suite plays against: the real server with a board on which
 * the room has agreed a commitment (a full trace goal ← … ← initiative), the
 * facilitator's and an attacking participant's stock clients, a watcher, and a
 * raw socket that records every byte the server sends to others.
 */
import * as Y from 'yjs';
import {
  addCard, addLink, promoteToCommitment, readCards, readCommitments, readLinks, recordConsent,
} from '../../shared/doc/index.ts';
import type { TestServer } from '../helpers/server.ts';
import type { trackClients} from '../helpers/clients.ts';
import {
  createBoard, joinAs, rawSocket, serverHas, waitFor, type CreatedBoard, type SyncClient,
} from '../helpers/clients.ts';

export const consent = {
  at: '2026-11-22T10:00:00.000Z', method: 'thumbs' as const, participants: ['Ann', 'Bob'],
  responses: [{ name: 'Ann', value: 'up' as const }, { name: 'Bob', value: 'up' as const }], outcome: 'agreed' as const,
};

/** The ids of the seeded trace: goal ← segment ← value ← behaviour ← indicator ← initiative, and its commitment. */
export interface Trace {
  goal: string;
  segment: string;
  value: string;
  behaviour: string;
  indicator: string;
  initiative: string;
  /** A card on no trace (free to delete). */
  loose: string;
  /** The link initiative → indicator. */
  initiativeLink: string;
  commitment: string;
}

/** Writes the trace with the facilitator's client and agrees its commitment through a consent round. */
export function seedAgreedTrace(doc: Y.Doc): Trace {
  const goal = addCard(doc, { column: 'goal', text: 'Grow NRR', metric: 'NRR' });
  const segment = addCard(doc, { column: 'segment', text: 'Mid-market' });
  const value = addCard(doc, { column: 'value', text: 'Plans in hours' });
  const behaviour = addCard(doc, { column: 'behaviour', text: 'Leads plan in the tool' });
  const indicator = addCard(doc, {
    column: 'indicator', text: 'Weekly planners', direction: 'increase', baselineValue: 10, baselineAsOf: '2026-10-01', targetValue: 40, targetBy: '2027-03-31',
  });
  const initiative = addCard(doc, { column: 'initiative', text: 'Capacity view' });
  const loose = addCard(doc, { column: 'value', text: 'Loose idea' });
  addLink(doc, segment, goal);
  addLink(doc, value, segment);
  addLink(doc, behaviour, value);
  addLink(doc, indicator, behaviour);
  const initiativeLink = addLink(doc, initiative, indicator);
  const commitment = promoteToCommitment(doc, initiative, {
    title: 'Capacity view for leads', owner: 'Ann', due: '2027-02-01', checkpoint: '2026-12-15', indicators: [indicator], definitionOfDone: 'Shipped to all',
  });
  recordConsent(doc, commitment, consent);
  return { goal, segment, value, behaviour, indicator, initiative, loose, initiativeLink, commitment };
}

export interface Arena {
  board: CreatedBoard;
  trace: Trace;
  facilitator: SyncClient;
  /** The attacker: a participant who joined as "Pat" (their cards are signed "Pat"). */
  participant: SyncClient;
  /** Pat's person id (their comments are signed with it). */
  participantId: string;
  /** A second participant's client: it must never see a refused change. */
  watcher: SyncClient;
  /** Everything the server sent to a viewer socket, as latin1 text. */
  seen(): string;
  /** Invariant violations the watcher saw at any moment (checked after every update it applied). */
  violations: string[];
  /** Adds an invariant the watcher must hold after every update it receives. */
  watch(name: string, holds: (doc: Y.Doc) => boolean): void;
  close(): void;
}

/** A board with an agreed trace, the facilitator, the attacking participant, a watcher and a sniffer. */
export async function arena(server: TestServer, clients: ReturnType<typeof trackClients>): Promise<Arena> {
  const board = await createBoard(server.url);
  const facilitator = clients.connect(server.url, board.id, board.secrets.facilitator);
  await facilitator.synced;
  const trace = seedAgreedTrace(facilitator.doc);
  const pat = await joinAs(server.url, board.id, board.secrets.participant, 'Pat');
  const participant = clients.connect(server.url, board.id, board.secrets.participant, 'content', undefined, undefined, pat.token);
  const watcher = clients.connect(server.url, board.id, board.secrets.participant);
  const sniffer = rawSocket(server.url, board.id, board.secrets.viewer);
  await Promise.all([participant.synced, watcher.synced, sniffer.opened]);
  const complete = (doc: Y.Doc) => readCards(doc).length === 7 && readLinks(doc).length === 5 && readCommitments(doc)[0]?.status === 'agreed';
  await waitFor(() => complete(participant.doc) && complete(watcher.doc), 'the agreed trace at every client');
  const violations: string[] = [];
  const checks: [string, (doc: Y.Doc) => boolean][] = [];
  watcher.doc.on('update', (_update: Uint8Array, origin: unknown) => {
    if (origin !== watcher.provider) return; // only what the server sent
    for (const [name, holds] of checks) if (!holds(watcher.doc)) violations.push(name);
  });
  return {
    board, trace, facilitator, participant, participantId: pat.personId, watcher, violations,
    seen: () => Buffer.concat(sniffer.messages.map((m) => Buffer.from(m))).toString('latin1'),
    watch: (name, holds) => void checks.push([name, holds]),
    close: () => sniffer.ws.close(),
  };
}

/** Another participant's stock client, joined as `name` (e.g. "Ann", the agreed commitment's owner), synced with the agreed trace. */
export async function participantAs(server: TestServer, clients: ReturnType<typeof trackClients>, a: Arena, name: string): Promise<SyncClient> {
  const person = await joinAs(server.url, a.board.id, a.board.secrets.participant, name);
  const client = clients.connect(server.url, a.board.id, a.board.secrets.participant, 'content', undefined, undefined, person.token);
  await client.synced;
  await waitFor(() => readCommitments(client.doc)[0]?.status === 'agreed', `the agreed commitment at ${name}`);
  return client;
}

/** The board as stored (snapshot and update log), read into a fresh document: what a restart would load. */
export async function stored(server: TestServer, docName: string): Promise<{ doc: Y.Doc; bytes: string }> {
  const { snapshot, updates } = await server.storage.load(docName);
  const doc = new Y.Doc();
  if (snapshot) Y.applyUpdate(doc, snapshot);
  for (const u of updates) Y.applyUpdate(doc, u);
  const bytes = Buffer.concat([...(snapshot ? [Buffer.from(snapshot)] : []), ...updates.map((u) => Buffer.from(u))]).toString('latin1');
  return { doc, bytes };
}

/**
 * Sends a marker change after an attack and waits until the watcher has it:
 * the server handles one socket's messages in order, so everything the attack
 * did (or had reverted) has reached the watcher by then. `from`: the socket
 * the attack came through (default the participant's).
 */
export async function settle(a: Arena, from: SyncClient = a.participant): Promise<void> {
  const marker = addCard(from.doc, { column: 'segment', text: `marker ${Math.random()}`, author: 'Pat' });
  await waitFor(() => a.watcher.doc.getMap('cards').has(marker), 'the marker after the attack');
}

/** Waits until the server's control document of the arena's board passes `check`: a setting the facilitator changed has reached it. */
export function controlReached(server: TestServer, a: Arena, check: (doc: Y.Doc) => boolean, what: string): Promise<void> {
  return serverHas(server.url, a.board.id, a.board.secrets.viewer, 'control', check, what);
}

/** A JSON request with a bearer secret; the status and the parsed body. */
export async function api(
  server: TestServer, path: string, token: string, body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> & { error?: { code: string; message: string } } }> {
  const res = await fetch(server.url + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
