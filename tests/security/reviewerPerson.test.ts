/**
 * A reviewer is a person to the server, so that nobody with the reviewer link
 * can write in someone else's name: a stakeholder with the reviewer link joins with a display name and gets a
 * personal token, and the server signs what their connection writes with that
 * name. These attacks come from a reviewer's own hand-made Yjs updates and
 * HTTP requests: signing a comment, a resolve, the feed or a check-in as
 * someone else, checking in on a commitment someone else owns, and using the
 * personal token for what only participants do. Each is reverted or refused,
 * never stored and never sent to anyone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { addCard, addLink, promoteToCommitment, readPeople } from '../../shared/doc/index.ts';
import { readFacilitation, setAnonymous } from '../../shared/doc/control.ts';
import {
  addCheckIn, addComment, logActivity, readActivity, readAllThreads, readCheckIns, readComments, replyToComment, resolveThread,
} from '../../shared/doc/review.ts';
import { roomName } from '../../shared/protocol.ts';
import { serverEachTest } from '../helpers/server.ts';
import { joinAs, rawSocket, trackClients, waitFor, type SyncClient } from '../helpers/clients.ts';
import { api, arena, type Arena, controlReached, settle, stored } from './fixtures.ts';

const clients = trackClients();
const server = serverEachTest({}, clients);
let a: Arena | undefined;
afterEach(() => {
  a?.close();
  a = undefined;
});

/** The arena plus a commitment owned by "Sam Stakeholder (CFO)" (the arena's own is Ann's). */
async function reviewArena(): Promise<Arena & { samCommitment: string }> {
  const arenaNow = await arena(server, clients);
  a = arenaNow;
  const doc = arenaNow.facilitator.doc;
  const initiative = addCard(doc, { column: 'initiative', text: 'Pricing review' });
  addLink(doc, initiative, arenaNow.trace.indicator);
  const samCommitment = promoteToCommitment(doc, initiative, { title: 'Pricing review', owner: 'Sam Stakeholder (CFO)', due: '2027-01-31' });
  await waitFor(() => arenaNow.watcher.doc.getMap('commitments').has(samCommitment), 'Sam’s commitment at the watcher');
  return { ...arenaNow, samCommitment };
}

/** A reviewer's stock client: joined as `name` (signed), or with no person at all (a script). */
async function reviewer(arenaNow: Arena, name: string | null): Promise<SyncClient> {
  const person = name ? (await joinAs(server.url, arenaNow.board.id, arenaNow.board.secrets.reviewer, name)).token : undefined;
  const client = clients.connect(server.url, arenaNow.board.id, arenaNow.board.secrets.reviewer, 'content', undefined, undefined, person);
  await client.synced;
  return client;
}

/**
 * A marker comment from the reviewer's socket, awaited at the watcher: the
 * server handles one socket's messages in order, so whatever the reviewer sent
 * before (applied or reverted) has reached the watcher by then.
 */
async function settleReviewer(arenaNow: Arena, from: SyncClient): Promise<void> {
  const text = `marker ${Math.random()}`;
  addComment(from.doc, arenaNow.trace.goal, { author: 'x', text, mentions: [] });
  await waitFor(() => readComments(arenaNow.watcher.doc).some((c) => c.text === text), 'the reviewer’s marker comment');
}

describe('a reviewer is a person: the server signs what they write', () => {
  it('a reviewer joins with the reviewer secret: a personal token with role "reviewer", listed as a reviewer, no attendee of the workshop', async () => {
    a = await arena(server, clients);
    const joined = await api(server, `/api/boards/${a.board.id}/people`, a.board.secrets.reviewer, { name: 'Sam Stakeholder' });
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({ name: 'Sam Stakeholder', role: 'reviewer' });
    expect(joined.body.token).toMatch(/^[\w-]+\.[\w-]{20,}$/);
    const control = clients.connect(server.url, a.board.id, a.board.secrets.facilitator, 'control');
    await control.synced;
    await waitFor(() => readPeople(control.doc).some((p) => p.name === 'Sam Stakeholder'), 'the reviewer in the people list');
    expect(readPeople(control.doc).find((p) => p.name === 'Sam Stakeholder')?.role).toBe('reviewer');
    // The decision log's attendees are the people in the workshop, not stakeholders reviewing it afterwards.
    const md = await (await fetch(`${server.url}/api/boards/${a.board.id}/export?format=md`, { headers: { Authorization: `Bearer ${a.board.secrets.viewer}` } })).text();
    expect(md).not.toContain('Sam Stakeholder');
    // A viewer still joins as nobody.
    expect((await api(server, `/api/boards/${a.board.id}/people`, a.board.secrets.viewer, { name: 'Vic' })).status).toBe(403);
  });

  it('a reviewer signs a comment and a reply as “The CEO”: stored and sent under the name they joined as', async () => {
    a = await arena(server, clients);
    const sam = await reviewer(a, 'Sam Stakeholder');
    a.watch('nobody comments as The CEO', (d) => readComments(d).every((c) => c.author !== 'The CEO'));
    const pats = addComment(a.participant.doc, a.trace.goal, { author: 'Pat', text: 'Pat’s comment', mentions: [] });
    await settle(a);
    const root = addComment(sam.doc, a.trace.goal, { author: 'The CEO', text: 'Signed as the CEO', mentions: [] });
    replyToComment(sam.doc, pats, { author: 'The CEO', text: 'Reply as the CEO', mentions: [] });
    // Nor does a reviewer re-sign someone else's comment.
    sam.doc.transact(() => (sam.doc.getMap<Y.Map<unknown>>('comments').get(pats)!).set('author', 'The CEO'));
    await settleReviewer(a, sam);
    const authors = Object.fromEntries(readComments(a.watcher.doc).map((c) => [c.text, c.author]));
    expect(authors['Signed as the CEO']).toBe('Sam Stakeholder');
    expect(authors['Reply as the CEO']).toBe('Sam Stakeholder');
    expect(authors['Pat’s comment']).toBe('Pat');
    expect(readActivity(a.watcher.doc).filter((e) => e.kind === 'comment-added' || e.kind === 'comment-replied').map((e) => e.who))
      .toEqual(['Pat', 'Sam Stakeholder', 'Sam Stakeholder', 'Sam Stakeholder']);
    expect(root).toBeTruthy();
    expect(a.violations).toEqual([]);
    expect(a.seen()).not.toContain('The CEO');
    expect((await stored(server, a.board.id)).bytes).not.toContain('The CEO');
    await waitFor(() => readComments(sam.doc).find((c) => c.id === root)?.author === 'Sam Stakeholder', 'the reviewer converges back');
  });

  it('a reviewer script without a person signs a comment as “The CEO”: stored unsigned', async () => {
    a = await arena(server, clients);
    const script = await reviewer(a, null);
    addComment(script.doc, a.trace.goal, { author: 'The CEO', text: 'From a script', mentions: [] });
    await settleReviewer(a, script);
    const comment = readComments(a.watcher.doc).find((c) => c.text === 'From a script');
    expect(comment).toBeDefined();
    expect(comment!.author).toBeUndefined();
    expect(readActivity(a.watcher.doc).find((e) => e.comment === comment!.id)?.who).toBeUndefined();
    expect(a.seen()).not.toContain('The CEO');
    expect((await stored(server, a.board.id)).bytes).not.toContain('The CEO');
  });

  it('a reviewer resolves a thread and writes the feed as someone else: signed with their own name, and with none in anonymous mode', async () => {
    a = await arena(server, clients);
    const sam = await reviewer(a, 'Sam Stakeholder');
    const thread = addComment(a.participant.doc, a.trace.goal, { author: 'Pat', text: 'Open question', mentions: [] });
    await settle(a);
    await waitFor(() => readComments(sam.doc).some((c) => c.id === thread), 'the thread at the reviewer');
    resolveThread(sam.doc, thread, 'The CEO');
    logActivity(sam.doc, { kind: 'comment-added', who: 'The CEO', card: a.trace.goal, excerpt: 'forged feed entry' });
    await settleReviewer(a, sam);
    expect(readAllThreads(a.watcher.doc).find((t) => t.root.id === thread)).toMatchObject({ resolved: true, resolvedBy: 'Sam Stakeholder' });
    expect(readActivity(a.watcher.doc).filter((e) => e.kind === 'comment-resolved' || e.excerpt === 'forged feed entry').map((e) => e.who))
      .toEqual(['Sam Stakeholder', 'Sam Stakeholder']);
    expect(a.seen()).not.toContain('The CEO');

    const control = clients.connect(server.url, a.board.id, a.board.secrets.facilitator, 'control');
    await control.synced;
    setAnonymous(control.doc, true);
    await controlReached(server, a, (d) => readFacilitation(d).anonymous, 'anonymous mode on the server');
    const second = addComment(a.participant.doc, a.trace.goal, { author: 'Pat', text: 'Another question', mentions: [] }, { anonymous: true });
    await settle(a);
    await waitFor(() => readComments(sam.doc).some((c) => c.id === second), 'the second thread at the reviewer');
    resolveThread(sam.doc, second, 'NAMED-IN-ANONYMOUS-MODE');
    addComment(sam.doc, a.trace.goal, { author: 'NAMED-IN-ANONYMOUS-MODE', text: 'anonymous reviewer comment', mentions: [] });
    await settleReviewer(a, sam);
    expect(readAllThreads(a.watcher.doc).find((t) => t.root.id === second)).toMatchObject({ resolved: true });
    expect(readAllThreads(a.watcher.doc).find((t) => t.root.id === second)?.resolvedBy).toBeUndefined();
    expect(readComments(a.watcher.doc).find((c) => c.text === 'anonymous reviewer comment')?.author).toBeUndefined();
    expect(a.seen()).not.toContain('NAMED-IN-ANONYMOUS-MODE');
    const back = await stored(server, a.board.id);
    expect(back.bytes).not.toContain('The CEO');
    expect(back.bytes).not.toContain('NAMED-IN-ANONYMOUS-MODE');
  });
});

describe('a reviewer checks in only on a commitment they own', () => {
  it('a reviewer checks in on a commitment someone else owns, signed as its owner: reverted, never stored or sent', async () => {
    const r = await reviewArena();
    const sam = await reviewer(r, 'Sam Stakeholder');
    r.watch('no check-in on Ann’s commitment', (d) => readCheckIns(d, r.trace.commitment).length === 0);
    addCheckIn(sam.doc, r.trace.commitment, { by: 'Ann', status: 'at-risk', note: 'FORGED-CHECKIN by someone else', date: '2026-12-01' });
    await settleReviewer(r, sam);
    expect(readCheckIns(r.watcher.doc)).toEqual([]);
    // Nor does the feed tell of a check-in that never was.
    expect(readActivity(r.watcher.doc).some((e) => e.kind === 'check-in')).toBe(false);
    expect(r.violations).toEqual([]);
    expect(r.seen()).not.toContain('FORGED-CHECKIN');
    const back = await stored(server, r.board.id);
    expect(back.bytes).not.toContain('FORGED-CHECKIN');
    expect(readCheckIns(back.doc)).toEqual([]);
    await waitFor(() => readCheckIns(sam.doc).length === 0, 'the reviewer converges back');
  });

  it('a reviewer checks in on their own commitment (owner “Sam Stakeholder (CFO)”, any case) signed as “The CEO”: stored under their name', async () => {
    const r = await reviewArena();
    const sam = await reviewer(r, 'sam stakeholder');
    addCheckIn(sam.doc, r.samCommitment, { by: 'The CEO', status: 'on-track', note: 'Finance agrees', date: '2026-12-01' });
    await waitFor(() => readCheckIns(r.watcher.doc).length === 1, 'the check-in at the watcher');
    expect(readCheckIns(r.watcher.doc)).toMatchObject([{ commitment: r.samCommitment, by: 'sam stakeholder', status: 'on-track', note: 'Finance agrees' }]);
    expect(readActivity(r.watcher.doc).filter((e) => e.kind === 'check-in').map((e) => e.who)).toEqual(['sam stakeholder']);
    expect(r.seen()).not.toContain('The CEO');
    expect(readCheckIns((await stored(server, r.board.id)).doc)).toMatchObject([{ by: 'sam stakeholder' }]);
  });

  it('a reviewer script without a person checks in: refused, though it may still comment', async () => {
    const r = await reviewArena();
    const script = await reviewer(r, null);
    addCheckIn(script.doc, r.samCommitment, { by: 'Sam Stakeholder', status: 'done', note: 'UNSIGNED-CHECKIN', date: '2026-12-01' });
    await settleReviewer(r, script);
    expect(readCheckIns(r.watcher.doc)).toEqual([]);
    expect(r.seen()).not.toContain('UNSIGNED-CHECKIN');
    expect((await stored(server, r.board.id)).bytes).not.toContain('UNSIGNED-CHECKIN');
  });

  it('a reviewer passes a participant’s personal token with the reviewer secret: it signs nothing and checks in on nothing', async () => {
    const r = await reviewArena();
    // Ann owns the arena's commitment; say her personal token leaked to a reviewer.
    const ann = await joinAs(server.url, r.board.id, r.board.secrets.participant, 'Ann');
    const borrowed = clients.connect(server.url, r.board.id, r.board.secrets.reviewer, 'content', undefined, undefined, ann.token);
    await borrowed.synced;
    addCheckIn(borrowed.doc, r.trace.commitment, { by: 'Ann', status: 'done', note: 'BORROWED-CHECKIN', date: '2026-12-01' });
    addComment(borrowed.doc, r.trace.goal, { author: 'Ann', text: 'borrowed comment', mentions: [] });
    await settleReviewer(r, borrowed);
    expect(readCheckIns(r.watcher.doc)).toEqual([]);
    expect(readComments(r.watcher.doc).find((c) => c.text === 'borrowed comment')?.author).toBeUndefined();
    expect(r.seen()).not.toContain('BORROWED-CHECKIN');
  });
});

describe('a reviewer takes no part in the workshop’s rounds', () => {
  it('a reviewer’s personal token opens no draft room, casts no vote and answers no consent round; none of it counts', async () => {
    a = await arena(server, clients);
    const sam = await joinAs(server.url, a.board.id, a.board.secrets.reviewer, 'Sam Stakeholder');
    const board = a.board;
    const facilitate = (body: unknown) => api(server, `/api/boards/${board.id}/facilitation`, board.secrets.facilitator, body);

    // Private writing: the reviewer's own draft room stays shut (403 during the upgrade).
    const control = clients.connect(server.url, board.id, board.secrets.facilitator, 'control');
    await control.synced;
    control.doc.getMap('facilitation').set('privateWriting', true);
    expect(await rawSocket(server.url, roomName(board.id, 'draft', sam.personId), sam.token).refused).toBe(403);

    // A voting round: no vote, no ballot read, and "x of y have voted" does not move.
    expect((await facilitate({ action: 'startVoting', columns: ['value'], votesPerPerson: 3, allowMultiple: false })).status).toBe(200);
    const vote = await api(server, `/api/boards/${board.id}/votes`, sam.token, { card: a.trace.value, op: 'add' });
    expect(vote.status).toBe(403);
    expect(vote.body.error?.message).toMatch(/review/);
    expect((await api(server, `/api/boards/${board.id}/votes/me`, sam.token)).status).toBe(403);
    const pat = await joinAs(server.url, board.id, board.secrets.participant, 'Pat');
    expect((await api(server, `/api/boards/${board.id}/votes`, pat.token, { card: a.trace.value, op: 'add' })).status).toBe(200);
    await waitFor(() => (control.doc.getMap('facilitation').get('voting') as { voted?: number } | null)?.voted === 1, 'Pat’s vote counted');
    const revealed = await facilitate({ action: 'revealVotes' });
    expect((revealed.body.facilitation as { voteResults: { voters: number }[] }).voteResults.at(-1)?.voters).toBe(1);

    // A consent round: the reviewer's answer is refused and "x of y answered" does not move.
    const proposal = addCard(a.facilitator.doc, { column: 'initiative', text: 'Proposal' });
    addLink(a.facilitator.doc, proposal, a.trace.indicator);
    const commitment = promoteToCommitment(a.facilitator.doc, proposal, { title: 'Proposal', owner: 'Ann' });
    await waitFor(() => a!.watcher.doc.getMap('commitments').has(commitment), 'the proposal');
    const round = await facilitate({ action: 'startConsent', commitments: [commitment], method: 'thumbs' });
    expect(round.status).toBe(200);
    const roundId = (round.body.consent as { id: string }).id;
    const answer = await api(server, `/api/boards/${board.id}/consent`, sam.token, { round: roundId, value: 'down', objection: 'REVIEWER-OBJECTION' });
    expect(answer.status).toBe(403);
    expect((await api(server, `/api/boards/${board.id}/consent/me`, sam.token)).status).toBe(403);
    const closed = await facilitate({ action: 'closeConsent' });
    expect(closed.body.consent).toMatchObject({ state: 'closed', answered: 0, objections: 0 });
    const responses = await api(server, `/api/boards/${board.id}/consent`, board.secrets.facilitator);
    expect(responses.body.responses).toEqual([]);
    expect((await stored(server, `${board.id}/private`)).bytes).not.toContain('REVIEWER-OBJECTION');
  });
});
