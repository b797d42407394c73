/**
 * The reviewer role, for stakeholders who were not in the room: a fourth secret that
 * may comment, reply, resolve, @mention and check in — the review parts of the
 * content document — and nothing else, enforced by the server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard, cardText, deleteLink, readCards, readCommitments, readLinks, setCardStatus, setCommitmentStatus, updateCommitment,
} from '../../shared/doc/index.ts';
import { groupCards } from '../../shared/doc/ext-groups.ts';
import { addCheckIn, addComment, readCheckIns, readComments } from '../../shared/doc/review.ts';
import { CloseCode, roomName } from '../../shared/protocol.ts';
import { hashSecret, newSecret } from '../../server/secrets.ts';
import { sealInvites } from '../../server/invites.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createBoard, type CreatedBoard, joinAs, rawSocket, roundTrip, socketOf, trackClients, updateFrame, waitFor } from '../helpers/clients.ts';
import { copyAs } from './forge.ts';

let dataDir: string;
let server: TestServer;
const clients = trackClients();
beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vcp-reviewer-'));
  server = await startTestServer({ dataDir });
});
afterEach(async () => {
  clients.destroyAll();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function exampleBoard(): Promise<CreatedBoard> {
  return createBoard(server.url, { title: 'Review me', example: true });
}

async function call(path: string, secret: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, { ...init, headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json', ...init.headers } });
}

async function restart(): Promise<void> {
  clients.destroyAll();
  await server.stop();
  server = await startTestServer({ dataDir });
}

/** The board as stored: a fresh viewer after a restart. */
async function stored(board: CreatedBoard): Promise<Y.Doc> {
  await restart();
  const probe = clients.connect(server.url, board.id, board.secrets.viewer);
  await probe.synced;
  return probe.doc;
}

/**
 * Sends, as a reviewer over a raw socket, the update `edit` makes to a copy of
 * the board; returns the close code (or 'open'). `sniffer` records what a
 * participant is sent meanwhile.
 */
async function sendAsReviewer(board: CreatedBoard, base: Y.Doc, edit: (doc: Y.Doc) => void): Promise<number | 'open'> {
  const copy = copyAs(base, 0x5eed);
  const before = Y.encodeStateVector(copy);
  edit(copy);
  const update = Y.encodeStateAsUpdate(copy, before);
  copy.destroy();
  const raw = rawSocket(server.url, board.id, board.secrets.reviewer);
  await raw.opened;
  raw.ws.send(updateFrame(update));
  const outcome = await roundTrip(raw.ws);
  raw.ws.terminate();
  return outcome === 'answered' ? 'open' : outcome.code;
}

describe('the reviewer role', () => {
  it('a new board has a reviewer secret: GET /api/boards/<id> answers role "reviewer", and the invites include it', async () => {
    const board = await exampleBoard();
    expect(board.secrets.reviewer).toMatch(/^[\w-]{40,}$/);
    expect(new Set(Object.values(board.secrets)).size).toBe(5);
    const access = await call(`/api/boards/${board.id}`, board.secrets.reviewer);
    expect(await access.json()).toMatchObject({ id: board.id, role: 'reviewer' });
    const invites = await call(`/api/boards/${board.id}/invites`, board.secrets.facilitator);
    expect(await invites.json()).toEqual({
      participant: board.secrets.participant, viewer: board.secrets.viewer, reviewer: board.secrets.reviewer, projector: board.secrets.projector,
    });
    expect((await call(`/api/boards/${board.id}/invites`, board.secrets.reviewer)).status).toBe(403);
  });

  it('a board made before the reviewer role gets a reviewer secret when the facilitator asks for the invites', async () => {
    const id = 'OldBoard' + newSecret().slice(0, 10).replace(/[^A-Za-z0-9]/g, 'x');
    const secrets = { facilitator: newSecret(), participant: newSecret(), viewer: newSecret() };
    const privateDoc = new Y.Doc();
    privateDoc.getMap('invites').set('sealed', sealInvites(id, secrets.facilitator, { participant: secrets.participant, viewer: secrets.viewer }));
    await server.storage.createBoard(
      { id, title: 'Old', createdAt: Date.now(), secretHashes: { facilitator: hashSecret(secrets.facilitator), participant: hashSecret(secrets.participant), viewer: hashSecret(secrets.viewer) } },
      [{ docName: `${id}/private`, update: Y.encodeStateAsUpdate(privateDoc) }],
    );
    const first = (await (await call(`/api/boards/${id}/invites`, secrets.facilitator)).json()) as Record<string, string>;
    expect(first).toMatchObject({ participant: secrets.participant, viewer: secrets.viewer });
    expect(first.reviewer).toMatch(/^[\w-]{40,}$/);
    expect(first.projector).toMatch(/^[\w-]{40,}$/);
    await restart();
    const again = (await (await call(`/api/boards/${id}/invites`, secrets.facilitator)).json()) as Record<string, string>;
    expect(again.reviewer).toBe(first.reviewer);
    expect(again.projector).toBe(first.projector);
    expect(await (await call(`/api/boards/${id}`, first.reviewer!)).json()).toMatchObject({ role: 'reviewer' });
  });

  it("a reviewer's comment and check-in (on the commitment they own) are stored and sent to everyone, signed by the person they joined as", async () => {
    const board = await exampleBoard();
    const seed = clients.connect(server.url, board.id, board.secrets.facilitator);
    await seed.synced;
    const commitment = readCommitments(seed.doc)[0]!;
    updateCommitment(seed.doc, commitment.id, { owner: 'Sam Stakeholder (CFO)' });
    const sam = await joinAs(server.url, board.id, board.secrets.reviewer, 'Sam Stakeholder');
    const reviewer = clients.connect(server.url, board.id, board.secrets.reviewer, 'content', undefined, undefined, sam.token);
    const participant = clients.connect(server.url, board.id, board.secrets.participant);
    await Promise.all([reviewer.synced, participant.synced]);
    await waitFor(() => readCommitments(reviewer.doc)[0]?.owner === 'Sam Stakeholder (CFO)', 'the owner at the reviewer');
    const card = readCards(reviewer.doc)[0]!;
    addComment(reviewer.doc, card.id, { author: 'Sam Stakeholder', text: '@Priya can we see the numbers?', mentions: ['Priya'] });
    addCheckIn(reviewer.doc, commitment.id, { by: 'Sam Stakeholder', status: 'at-risk', note: 'Two kickoffs without a plan', date: '2026-05-15' });
    await waitFor(() => readComments(participant.doc).length === 1 && readCheckIns(participant.doc).length === 1, 'the comment and check-in on the participant');
    const doc = await stored(board);
    expect(readComments(doc)).toMatchObject([{ card: card.id, author: 'Sam Stakeholder', mentions: ['Priya'] }]);
    expect(readCheckIns(doc)).toMatchObject([{ commitment: commitment.id, by: 'Sam Stakeholder', status: 'at-risk' }]);
  });

  describe("a reviewer's hand-made board edit is refused, never stored or sent", () => {
    const attacks: [string, (doc: Y.Doc) => void][] = [
      ['adds a card', (doc) => void addCard(doc, { column: 'initiative', text: 'REVIEWER CARD' })],
      ["edits a card's text", (doc) => cardText(doc, readCards(doc)[0]!.id)!.insert(0, 'REVIEWER EDIT ')],
      ['deletes a link', (doc) => deleteLink(doc, readLinks(doc)[0]!.id)],
      ['changes a commitment', (doc) => updateCommitment(doc, readCommitments(doc)[0]!.id, { owner: 'REVIEWER OWNER' })],
      ["moves a commitment along", (doc) => setCommitmentStatus(doc, readCommitments(doc)[0]!.id, 'dropped')],
      ['parks a card', (doc) => setCardStatus(doc, readCards(doc).find((c) => c.status === 'active')!.id, 'parked')],
      ['groups two cards', (doc) => void groupCards(doc, readCards(doc).filter((c) => c.column === 'value' && c.status === 'active').slice(0, 2).map((c) => c.id), 'REVIEWER CLUSTER')],
    ];
    for (const [name, edit] of attacks) {
      it(`an update that ${name}`, async () => {
        const board = await exampleBoard();
        const participant = clients.connect(server.url, board.id, board.secrets.participant);
        await participant.synced;
        const sniffer = rawSocket(server.url, board.id, board.secrets.participant);
        await sniffer.opened;
        const heard = sniffer.messages.length;
        expect(await sendAsReviewer(board, participant.doc, edit)).toBe(CloseCode.forbidden);
        // A comment right after: the participant hears it, and only it.
        const reviewer = clients.connect(server.url, board.id, board.secrets.reviewer);
        await reviewer.synced;
        addComment(reviewer.doc, readCards(reviewer.doc)[1]!.id, { author: 'Sam', text: 'fine otherwise', mentions: [] });
        await waitFor(() => readComments(participant.doc).length === 1, 'the comment after');
        expect(JSON.stringify(participant.doc.toJSON())).not.toMatch(/REVIEWER/);
        expect(sniffer.messages.length).toBeGreaterThan(heard);
        expect(Buffer.concat(sniffer.messages.slice(heard)).toString('latin1')).not.toMatch(/REVIEWER/);
        const doc = await stored(board);
        expect(JSON.stringify(doc.toJSON())).not.toMatch(/REVIEWER/);
        expect(readLinks(doc).length).toBe(readLinks(participant.doc).length);
        expect(readCommitments(doc)[0]!.status).toBe('proposed');
        expect(Y.decodeStateVector(Y.encodeStateVector(doc)).has(0x5eed)).toBe(false);
      });
    }
  });

  it("a reviewer's control-document writes are dropped, like a viewer's", async () => {
    const board = await exampleBoard();
    const control = clients.connect(server.url, board.id, board.secrets.reviewer, 'control');
    const facilitator = clients.connect(server.url, board.id, board.secrets.facilitator, 'control');
    await Promise.all([control.synced, facilitator.synced]);
    control.doc.getMap('facilitation').set('phase', 'close');
    // Handled by the server, and whatever it sent the facilitator because of it has arrived.
    expect(await roundTrip(socketOf(control))).toBe('answered');
    await roundTrip(socketOf(facilitator));
    expect(facilitator.doc.getMap('facilitation').get('phase')).not.toBe('close');
  });

  it('a reviewer cannot add cards over HTTP, save versions or open a draft room (joining as a person is for being signed: reviewerPerson.test.ts)', async () => {
    const board = await exampleBoard();
    const card = await call(`/api/boards/${board.id}/cards`, board.secrets.reviewer, { method: 'POST', body: JSON.stringify({ column: 'goal', text: 'x' }) });
    expect(card.status).toBe(403);
    expect((await call(`/api/boards/${board.id}/history`, board.secrets.reviewer, { method: 'POST', body: '{}' })).status).toBe(403);
    const sam = await joinAs(server.url, board.id, board.secrets.reviewer, 'Sam');
    expect(await rawSocket(server.url, roomName(board.id, 'draft', 'SomePerson1'), board.secrets.reviewer).refused).toBe(401);
    expect(await rawSocket(server.url, roomName(board.id, 'draft', sam.personId), board.secrets.reviewer).refused).toBe(401);
    expect(await rawSocket(server.url, roomName(board.id, 'draft', sam.personId), sam.token).refused).toBe(403);
    // Reading, like a viewer: exports and history.
    expect((await call(`/api/boards/${board.id}/export?format=md`, board.secrets.reviewer)).status).toBe(200);
    expect((await call(`/api/boards/${board.id}/history`, board.secrets.reviewer)).status).toBe(200);
  });
});
