/**
 * Facilitation rules are enforced by the server: each test plays a participant
 * with a hand-made or stock client who tries, and fails.
 */
import { describe, expect, it } from 'vitest';
import { addCard, deleteCard, readCards, readFacilitation, setAnonymous, setCardStatus, setCardText, setLockedColumns, setPrivateWriting } from '../../shared/doc/index.ts';
import { roomName } from '../../shared/protocol.ts';
import { groupCards } from '../../shared/doc/ext-groups.ts';
import { serverEachTest } from '../helpers/server.ts';
import {
  createBoard, rawSocket, roundTrip, serverHas, socketOf, trackClients, waitFor, type CreatedBoard, type SyncClient,
} from '../helpers/clients.ts';

const clients = trackClients();
const client = clients.connect;
const server = serverEachTest({}, clients);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are probed field by field
async function api(path: string, token: string, body?: unknown): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(server.url + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are probed field by field
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function join(board: CreatedBoard, name: string, secret = board.secrets.participant): Promise<{ personId: string; token: string }> {
  const res = await api(`/api/boards/${board.id}/people`, secret, { name });
  expect(res.status).toBe(201);
  return res.body as { personId: string; token: string };
}

/** Control doc through the facilitator's stock client. */
async function facilitatorControl(board: CreatedBoard): Promise<SyncClient> {
  const control = client(server.url, board.id, board.secrets.facilitator, 'control');
  await control.synced;
  return control;
}

describe('facilitation enforcement', () => {
  it('people: participants and facilitators join with a name; viewers cannot; the list is on the control doc', async () => {
    const board = await createBoard(server.url);
    const ann = await join(board, 'Ann');
    expect(ann.token.startsWith(`${ann.personId}.`)).toBe(true);
    expect((await api(`/api/boards/${board.id}/people`, board.secrets.viewer, { name: 'Vic' })).status).toBe(403);
    expect((await api(`/api/boards/${board.id}/people`, board.secrets.participant, { name: '' })).body.error.message).toMatch(/^name:/);
    const control = await facilitatorControl(board);
    expect(control.doc.getMap('people').get(ann.personId)).toMatchObject({ name: 'Ann', role: 'participant' });
    expect(JSON.stringify(control.doc.getMap('people').toJSON())).not.toContain(ann.token.split('.')[1]);
  });

  it('a participant cannot run facilitator actions', async () => {
    const board = await createBoard(server.url);
    const res = await api(`/api/boards/${board.id}/facilitation`, board.secrets.participant, { action: 'timer', op: 'start', minutes: 5 });
    expect(res.status).toBe(403);
    const control = await facilitatorControl(board);
    expect(readFacilitation(control.doc).timer.state).toBe('idle');
  });

  it('the timer is held on the server clock', async () => {
    const board = await createBoard(server.url);
    const before = Date.now();
    const started = await api(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, { action: 'timer', op: 'start', minutes: 5 });
    expect(started.status).toBe(200);
    const control = await facilitatorControl(board);
    const timer = readFacilitation(control.doc).timer;
    expect(timer.state).toBe('running');
    expect(timer.endsAt! - before).toBeGreaterThanOrEqual(5 * 60_000);
    expect(timer.endsAt! - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    await api(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, { action: 'timer', op: 'pause' });
    await waitFor(() => readFacilitation(control.doc).timer.state === 'paused', 'paused');
    await api(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, { action: 'timer', op: 'extend', minutes: 2 });
    await waitFor(() => (readFacilitation(control.doc).timer.remainingMs ?? 0) > 6 * 60_000, 'extended');
    const now = await api('/api/time', board.secrets.viewer);
    expect(Math.abs(now.body.now - Date.now())).toBeLessThan(1000);
    // Any length in whole seconds: half a minute for a sprint; not a fraction of a second.
    expect((await api(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, { action: 'timer', op: 'start', minutes: 0.5 })).status).toBe(200);
    await waitFor(() => readFacilitation(control.doc).timer.durationMs === 30_000, 'a 30 s timer');
    const odd = await api(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, { action: 'timer', op: 'start', minutes: 0.0001 });
    expect(odd.status).toBe(400);
    expect(odd.body.error.message).toMatch(/^minutes: must be whole seconds/);
    // A timebox started for a phase carries it, whatever phase the server has yet (the console's phase
    // change and this call race); without one, the phase the board is in.
    expect(readFacilitation(control.doc).timer.phase).toBe('frame');
    expect((await api(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, { action: 'timer', op: 'start', minutes: 15, phase: 'who' })).status).toBe(200);
    await waitFor(() => readFacilitation(control.doc).timer.phase === 'who', 'the timebox of Who');
    const noPhase = await api(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, { action: 'timer', op: 'start', minutes: 15, phase: 'lunch' });
    expect(noPhase.status).toBe(400);
    expect(noPhase.body.error.message).toMatch(/^phase: /);
  });

  it('locked columns: a participant cannot write to one, through the websocket or HTTP', async () => {
    const board = await createBoard(server.url);
    const control = await facilitatorControl(board);
    const participant = client(server.url, board.id, board.secrets.participant);
    const watcher = client(server.url, board.id, board.secrets.viewer);
    await Promise.all([participant.synced, watcher.synced]);
    const goal = addCard(participant.doc, { column: 'goal', text: 'before lock' });
    await waitFor(() => readCards(watcher.doc).length === 1, 'card before lock');
    setLockedColumns(control.doc, ['goal']);
    await serverHas(server.url, board.id, board.secrets.viewer, 'control', (d) => readFacilitation(d).lockedColumns.includes('goal'), 'the lock on the server');
    addCard(participant.doc, { column: 'goal', text: 'into locked column' });
    setCardText(participant.doc, goal, 'edited before lock');
    const allowed = addCard(participant.doc, { column: 'segment', text: 'unlocked column' });
    await waitFor(() => readCards(watcher.doc).some((c) => c.id === allowed), 'unlocked write arrives');
    expect(readCards(watcher.doc).map((c) => c.text).sort()).toEqual(['before lock', 'unlocked column']);
    // The refused changes were reverted at the participant too: everyone agrees.
    await waitFor(() => JSON.stringify(readCards(participant.doc)) === JSON.stringify(readCards(watcher.doc)), 'participant converges');
    const rest = await api(`/api/boards/${board.id}/cards`, board.secrets.participant, { column: 'goal', text: 'rest' });
    expect(rest.status).toBe(403);
    const facilitatorWrite = await api(`/api/boards/${board.id}/cards`, board.secrets.facilitator, { column: 'goal', text: 'by facilitator' });
    expect(facilitatorWrite.status).toBe(201);
  });

  it('private writing: drafts reach no other client before reveal, survive a reload, and appear together on reveal', async () => {
    const board = await createBoard(server.url);
    const control = await facilitatorControl(board);
    setPrivateWriting(control.doc, true);
    const ann = await join(board, 'Ann');
    const bob = await join(board, 'Bob');

    // Everyone else records every frame the server sends them.
    const sniffers = [
      rawSocket(server.url, board.id, board.secrets.facilitator),
      rawSocket(server.url, `${board.id}/control`, board.secrets.facilitator),
      rawSocket(server.url, board.id, board.secrets.participant),
      rawSocket(server.url, board.id, board.secrets.viewer),
    ];
    await Promise.all(sniffers.map((s) => s.opened));

    // Bob cannot open Ann's drafts with his token or any board secret.
    for (const token of [bob.token, board.secrets.participant, board.secrets.facilitator]) {
      const peek = rawSocket(server.url, roomName(board.id, 'draft', ann.personId), token);
      expect(await peek.refused).toBe(401);
    }

    // Ann writes drafts into her own draft room, then "reloads" (a new client).
    const annDraft = client(server.url, board.id, ann.token, 'draft', undefined, ann.personId);
    await annDraft.synced;
    addCard(annDraft.doc, { column: 'value', text: 'SECRET-DRAFT-ALPHA', author: 'Ann' });
    addCard(annDraft.doc, { column: 'value', text: 'SECRET-DRAFT-BETA', author: 'Ann' });
    const bobDraft = client(server.url, board.id, bob.token, 'draft', undefined, bob.personId);
    await bobDraft.synced;
    addCard(bobDraft.doc, { column: 'value', text: 'SECRET-DRAFT-GAMMA', author: 'Bob' });
    annDraft.destroy();
    const reloaded = client(server.url, board.id, ann.token, 'draft', undefined, ann.personId);
    await waitFor(() => readCards(reloaded.doc).length === 2, 'drafts survive reload');

    // A participant writing a card straight into the board is refused.
    const sneaky = client(server.url, board.id, board.secrets.participant);
    await sneaky.synced;
    addCard(sneaky.doc, { column: 'value', text: 'not a draft' });
    // Handled by the server, and whatever it sent anyone because of it has arrived.
    await roundTrip(socketOf(sneaky));
    await Promise.all(sniffers.map((s) => roundTrip(s.ws)));

    const seen = () => Buffer.concat(sniffers.flatMap((s) => s.messages.map((m) => Buffer.from(m)))).toString('latin1');
    expect(seen()).not.toContain('SECRET-DRAFT');
    // The refused card was reverted before anything was stored or sent.
    expect(seen()).not.toContain('not a draft');
    await waitFor(() => readCards(sneaky.doc).length === 0, 'refused card reverted at its author');

    const watcher = client(server.url, board.id, board.secrets.viewer);
    await watcher.synced;
    expect(readCards(watcher.doc)).toEqual([]);
    const reveal = await api(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, { action: 'revealDrafts' });
    expect(reveal.body).toEqual({ revealed: 3 });
    await waitFor(() => readCards(watcher.doc).length === 3, 'drafts revealed');
    expect(readCards(watcher.doc).map((c) => [c.text, c.author]).sort()).toEqual([
      ['SECRET-DRAFT-ALPHA', 'Ann'], ['SECRET-DRAFT-BETA', 'Ann'], ['SECRET-DRAFT-GAMMA', 'Bob'],
    ]);
    await waitFor(() => readCards(reloaded.doc).length === 0, 'drafts cleared');
    await waitFor(() => !readFacilitation(control.doc).privateWriting, 'private writing off');
    for (const s of sniffers) s.ws.close();
  });

  it('anonymous mode: no author is stored or sent, even from a hand-made client', async () => {
    const board = await createBoard(server.url);
    const control = await facilitatorControl(board);
    setAnonymous(control.doc, true);
    const participant = client(server.url, board.id, board.secrets.participant);
    const watcher = client(server.url, board.id, board.secrets.viewer);
    const sniffer = rawSocket(server.url, board.id, board.secrets.viewer);
    await Promise.all([participant.synced, watcher.synced, sniffer.opened]);
    await serverHas(server.url, board.id, board.secrets.viewer, 'control', (d) => readFacilitation(d).anonymous, 'anonymous mode on the server');
    addCard(participant.doc, { column: 'value', text: 'signed', author: 'AUTHOR-ZED' });
    const later = addCard(participant.doc, { column: 'value', text: 'later' });
    await waitFor(() => readCards(watcher.doc).some((c) => c.id === later), 'later card');
    expect(readCards(watcher.doc).map((c) => [c.text, c.author]).sort()).toEqual([['later', undefined], ['signed', undefined]]);
    expect(Buffer.concat(sniffer.messages.map((m) => Buffer.from(m))).toString('latin1')).not.toContain('AUTHOR-ZED');
    await waitFor(() => readCards(participant.doc).every((c) => c.author === undefined), 'author stripped at its writer too');
    // The facilitator's own client is bound by anonymity as well.
    const facilitator = client(server.url, board.id, board.secrets.facilitator);
    await facilitator.synced;
    const byFacilitator = addCard(facilitator.doc, { column: 'value', text: 'from the facilitator', author: 'AUTHOR-ZED' });
    await waitFor(() => readCards(watcher.doc).some((c) => c.id === byFacilitator), 'facilitator card');
    expect(readCards(watcher.doc).find((c) => c.id === byFacilitator)?.author).toBeUndefined();
    const stored = await server.storage.load(board.id);
    expect(Buffer.concat(stored.updates.map((u) => Buffer.from(u))).toString('latin1')).not.toContain('AUTHOR-ZED');
    sniffer.ws.close();
  });

  it('dot voting: ballots are secret until reveal, budgets and rules hold, the tally is saved', async () => {
    const board = await createBoard(server.url);
    const writer = client(server.url, board.id, board.secrets.facilitator);
    await writer.synced;
    const a = addCard(writer.doc, { column: 'initiative', text: 'A' });
    const b = addCard(writer.doc, { column: 'initiative', text: 'B' });
    const goal = addCard(writer.doc, { column: 'goal', text: 'G' });
    const ann = await join(board, 'Ann');
    const bob = await join(board, 'Bob');
    const vote = (who: { token: string }, card: string, op: 'add' | 'remove' = 'add') => api(`/api/boards/${board.id}/votes`, who.token, { card, op });

    expect((await vote(ann, a)).status).toBe(409); // no round yet
    const start = await api(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, { action: 'startVoting', columns: ['initiative'], votesPerPerson: 2, allowMultiple: false });
    expect(start.status).toBe(200);
    expect((await vote(ann, a)).body).toMatchObject({ remaining: 1, mine: [a] });
    expect((await vote(ann, a)).status).toBe(409); // one per card
    expect((await vote(ann, goal)).status).toBe(400); // wrong column
    expect((await vote(ann, b)).body.remaining).toBe(0);
    const over = await vote(ann, b);
    expect(over.status).toBe(409); // budget
    expect(over.body.error.message).toMatch(/all 2 votes/);
    const participantControl = client(server.url, board.id, board.secrets.participant, 'control');
    await participantControl.synced;
    // "x of y have voted": a count of participants on the control doc, never who.
    await waitFor(() => readFacilitation(participantControl.doc).voting?.voted === 1, 'one voter counted');
    expect((await vote(bob, b)).status).toBe(200);
    await waitFor(() => readFacilitation(participantControl.doc).voting?.voted === 2, 'two voters counted');
    const fran = await join(board, 'Fran', board.secrets.facilitator);
    expect((await vote(fran, a)).status).toBe(200);
    expect((await vote(bob, b, 'remove')).status).toBe(200);
    await waitFor(() => readFacilitation(participantControl.doc).voting?.voted === 1, 'Bob took his vote back; the facilitator is not counted');
    expect((await vote(bob, b)).status).toBe(200);
    expect((await vote(fran, a, 'remove')).status).toBe(200);
    expect((await vote({ token: `${ann.personId}.forgedsecretforgedsecret` }, b)).status).toBe(401);

    // Each sees only their own; nobody sees a tally before reveal.
    expect((await api(`/api/boards/${board.id}/votes/me`, bob.token)).body).toMatchObject({ mine: [b], remaining: 1 });
    expect(readFacilitation(participantControl.doc).voteResults).toEqual([]);
    expect(JSON.stringify(participantControl.doc.toJSON())).not.toContain(ann.personId + '":[');

    await api(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, { action: 'closeVoting' });
    expect((await vote(bob, a)).status).toBe(409); // closed
    await api(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, { action: 'revealVotes' });
    await waitFor(() => readFacilitation(participantControl.doc).voteResults.length === 1, 'tally revealed');
    const [result] = readFacilitation(participantControl.doc).voteResults;
    expect(result!.tally).toEqual([{ card: b, votes: 2 }, { card: a, votes: 1 }]);
    expect(result!.voters).toBe(2);
    // The result belongs to the phase it was revealed in, and is on screen there.
    expect(result!.phase).toBe('frame');
    expect(readFacilitation(participantControl.doc).shownResult).toEqual({ roundId: result!.roundId, phase: 'frame' });

    // Saved with the board: still there after a restart.
    participantControl.destroy();
    writer.destroy();
    await server.restart();
    const after = client(server.url, board.id, board.secrets.viewer, 'control');
    await after.synced;
    expect(readFacilitation(after.doc).voteResults[0]!.tally).toEqual(result!.tally);
  });

  it('dot voting: a vote on a card deleted during the round neither counts nor uses up its voter\'s budget', async () => {
    const board = await createBoard(server.url);
    const writer = client(server.url, board.id, board.secrets.facilitator);
    await writer.synced;
    const a = addCard(writer.doc, { column: 'initiative', text: 'A' });
    const b = addCard(writer.doc, { column: 'initiative', text: 'B' });
    const gone = addCard(writer.doc, { column: 'initiative', text: 'Gone' });
    const ann = await join(board, 'Ann');
    const bob = await join(board, 'Bob');
    const vote = (who: { token: string }, card: string) => api(`/api/boards/${board.id}/votes`, who.token, { card, op: 'add' });
    await api(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, { action: 'startVoting', columns: ['initiative'], votesPerPerson: 2, allowMultiple: false });
    expect((await vote(ann, gone)).status).toBe(200);
    expect((await vote(ann, a)).body.remaining).toBe(0);
    expect((await vote(bob, gone)).status).toBe(200);
    deleteCard(writer.doc, gone);
    await waitFor(async () => (await api(`/api/boards/${board.id}/votes/me`, ann.token)).body.remaining === 1, "Ann's vote on the deleted card is given back");
    expect((await api(`/api/boards/${board.id}/votes/me`, ann.token)).body.mine).toEqual([a]);
    expect((await vote(ann, b)).status).toBe(200);
    await api(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, { action: 'closeVoting' });
    await api(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, { action: 'revealVotes' });
    const control = client(server.url, board.id, board.secrets.viewer, 'control');
    await control.synced;
    await waitFor(() => readFacilitation(control.doc).voteResults.length === 1, 'tally revealed');
    const [result] = readFacilitation(control.doc).voteResults;
    expect(result!.tally).toEqual([{ card: a, votes: 1 }, { card: b, votes: 1 }].sort((x, y) => (x.card < y.card ? -1 : 1)));
    expect(result!.voters).toBe(1); // Bob's only vote was on the deleted card
  });

  it('dot voting: a group of cards is one ballot line and one tally entry, even for votes cast before it was grouped', async () => {
    const board = await createBoard(server.url);
    const writer = client(server.url, board.id, board.secrets.facilitator);
    await writer.synced;
    const arr = addCard(writer.doc, { column: 'goal', text: 'Grow mid-market ARR to €4M' });
    const dup = addCard(writer.doc, { column: 'goal', text: 'Grow net new ARR from mid-market' });
    const nrr = addCard(writer.doc, { column: 'goal', text: 'Raise NRR to 115%' });
    const [ann, bob, cy] = [await join(board, 'Ann'), await join(board, 'Bob'), await join(board, 'Cy')];
    const vote = (who: { token: string }, card: string, op: 'add' | 'remove' = 'add') => api(`/api/boards/${board.id}/votes`, who.token, { card, op });
    await api(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, { action: 'startVoting', columns: ['goal'], votesPerPerson: 2, allowMultiple: false });
    // Ann votes on both near-duplicates before the facilitator groups them; Bob on one, Cy on NRR twice over.
    expect((await vote(ann, arr)).status).toBe(200);
    expect((await vote(ann, dup)).status).toBe(200);
    expect((await vote(bob, dup)).status).toBe(200);
    expect((await vote(cy, nrr)).status).toBe(200);
    groupCards(writer.doc, [arr, dup], 'Mid-market ARR');
    await waitFor(async () => (await api(`/api/boards/${board.id}/votes/me`, ann.token)).body.remaining === 1, 'Ann’s two votes on one group count once: one is given back');
    expect((await api(`/api/boards/${board.id}/votes/me`, ann.token)).body.mine).toEqual([arr]);
    // A vote on any card of the group is a vote on the group; one per group in this round.
    const again = await vote(ann, dup);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('card: one vote per group in this round');
    expect((await vote(bob, dup, 'remove')).status).toBe(200);
    expect((await vote(bob, arr)).body.mine).toEqual([arr]);
    expect((await vote(cy, dup)).body.mine).toEqual([nrr, arr]);
    // The facilitator parks the card the group's votes are stored on: they stay the group's (a review lost them).
    setCardStatus(writer.doc, arr, 'parked');
    await waitFor(async () => (await api(`/api/boards/${board.id}/votes/me`, ann.token)).body.mine?.[0] === dup, 'the group’s head is the next card');
    expect((await api(`/api/boards/${board.id}/votes/me`, cy.token)).body.mine).toEqual([nrr, dup]);
    await api(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, { action: 'closeVoting' });
    await api(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, { action: 'revealVotes' });
    const control = client(server.url, board.id, board.secrets.viewer, 'control');
    await control.synced;
    await waitFor(() => readFacilitation(control.doc).voteResults.length === 1, 'tally revealed');
    const [result] = readFacilitation(control.doc).voteResults;
    expect(result!.tally).toEqual([{ card: dup, votes: 3 }, { card: nrr, votes: 1 }]);
    expect(result!.voters).toBe(3);
  });
});
