/**
 * The facilitator removes a person (`DELETE /api/boards/<id>/people/<personId>`,
 * server/facilitation/removal.ts): someone who joined under several names to
 * vote more than once, or a duplicate. Their token stops working, their ballot
 * and their answers in the open rounds stop counting, they leave the people
 * list, and their sockets close with the removal's reason; what they wrote stays.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { addCard, addLink, promoteToCommitment, readCards, readCommitments, readPeople } from '../../shared/doc/index.ts';
import { readFacilitation } from '../../shared/doc/control.ts';
import { CloseCode, PERSON_REMOVED, roomName } from '../../shared/protocol.ts';
import { serverEachTest } from '../helpers/server.ts';
import { joinAs, rawSocket, trackClients, waitFor } from '../helpers/clients.ts';
import { api, arena, settle, stored, type Arena } from './fixtures.ts';

const clients = trackClients();
const server = serverEachTest({}, clients);
let a: Arena | undefined;
const sockets: ReturnType<typeof rawSocket>[] = [];
afterEach(() => {
  a?.close();
  a = undefined;
  for (const s of sockets.splice(0)) s.ws.terminate();
});

const remove = (board: Arena['board'], personId: string, secret: string | undefined, cards?: string) => fetch(`${server.url}/api/boards/${board.id}/people/${encodeURIComponent(personId)}${cards ? `?cards=${cards}` : ''}`, {
  method: 'DELETE', headers: secret ? { Authorization: `Bearer ${secret}` } : {},
});

describe('removing a person', () => {
  it('one person voting under two names: the second is removed, its ballot, answers, token and sockets go; its card stays', async () => {
    a = await arena(server, clients);
    const board = a.board;
    const facilitate = (body: unknown) => api(server, `/api/boards/${board.id}/facilitation`, board.secrets.facilitator, body);
    const control = clients.connect(server.url, board.id, board.secrets.facilitator, 'control');
    await control.synced;
    const voting = () => readFacilitation(control.doc).voting;
    const pat = await joinAs(server.url, board.id, board.secrets.participant, 'Pat');
    const again = await joinAs(server.url, board.id, board.secrets.participant, 'Pat 2');
    // Pat 2's card, and its sockets: the board (signed by its token) and its draft room.
    const patTwo = clients.connect(server.url, board.id, board.secrets.participant, 'content', undefined, undefined, again.token);
    await patTwo.synced;
    addCard(patTwo.doc, { column: 'value', text: 'Written by Pat 2', author: 'Pat 2' });
    await waitFor(() => readCards(a!.watcher.doc).some((c) => c.text === 'Written by Pat 2' && c.author === 'Pat 2'), 'Pat 2’s card, signed');
    // Its control socket, opened with its token (as the app does: its presence there is Pat 2's alone).
    const patTwoControl = clients.connect(server.url, board.id, board.secrets.participant, 'control', undefined, undefined, again.token);
    await patTwoControl.synced;
    const drafts = rawSocket(server.url, roomName(board.id, 'draft', again.personId), again.token);
    sockets.push(drafts);
    await drafts.opened;

    // Both vote for the same card: two ballots.
    expect((await facilitate({ action: 'startVoting', columns: ['value'], votesPerPerson: 3, allowMultiple: false })).status).toBe(200);
    for (const who of [pat, again]) expect((await api(server, `/api/boards/${board.id}/votes`, who.token, { card: a.trace.value, op: 'add' })).status).toBe(200);
    await waitFor(() => voting()?.voted === 2, 'two have voted');

    // And both answer a consent round.
    const proposal = addCard(a.facilitator.doc, { column: 'initiative', text: 'Proposal' });
    addLink(a.facilitator.doc, proposal, a.trace.indicator);
    const commitment = promoteToCommitment(a.facilitator.doc, proposal, { title: 'Proposal', owner: 'Ann' });
    await waitFor(() => a!.watcher.doc.getMap('commitments').has(commitment), 'the proposal');
    const round = (await facilitate({ action: 'startConsent', commitments: [commitment], method: 'thumbs' })).body.consent as { id: string };
    for (const who of [pat, again]) {
      expect((await api(server, `/api/boards/${board.id}/consent`, who.token, { round: round.id, value: 'down', objection: `OBJECTION-OF-${who.personId}` })).status).toBe(200);
    }
    await waitFor(() => readFacilitation(control.doc).consent?.answered === 2, 'two have answered');

    const res = await remove(board, again.personId, board.secrets.facilitator);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ removed: { id: again.personId, name: 'Pat 2', role: 'participant' } });

    // Its sockets are closed with the removal's reason; Pat's board goes on.
    expect(await drafts.closed).toEqual({ code: CloseCode.unauthorized, reason: PERSON_REMOVED });
    await waitFor(() => patTwo.provider.wsconnected === false, 'Pat 2’s board socket closed');
    await waitFor(() => patTwoControl.provider.wsconnected === false, 'Pat 2’s control socket closed');
    // Its ballot and its answer no longer count; Pat's do.
    await waitFor(() => voting()?.voted === 1 && readFacilitation(control.doc).consent?.answered === 1, 'one voter and one answer left');
    const revealed = await facilitate({ action: 'revealVotes' });
    expect((revealed.body.facilitation as { voteResults: { voters: number; tally: { card: string; votes: number }[] }[] }).voteResults.at(-1))
      .toMatchObject({ voters: 1, tally: [{ card: a.trace.value, votes: 1 }] });
    const closed = await facilitate({ action: 'closeConsent' });
    expect(closed.body.consent).toMatchObject({ state: 'closed', answered: 1, objections: 1 });
    const responses = (await api(server, `/api/boards/${board.id}/consent`, board.secrets.facilitator)).body.responses as { objection?: string }[];
    expect(responses.map((r) => r.objection)).toEqual([`OBJECTION-OF-${pat.personId}`]);
    // Its token opens nothing of its own; it is off the list; what it wrote stays.
    expect((await api(server, `/api/boards/${board.id}/votes/me`, again.token)).status).toBe(401);
    expect(await rawSocket(server.url, roomName(board.id, 'draft', again.personId), again.token).refused).toBe(401);
    expect(readPeople(control.doc).map((p) => p.name)).not.toContain('Pat 2');
    expect(readPeople(control.doc).map((p) => p.name)).toContain('Pat');
    expect(readCards(a.watcher.doc).find((c) => c.text === 'Written by Pat 2')?.author).toBe('Pat 2');

    // After a restart, the same.
    await server.restart();
    expect((await api(server, `/api/boards/${board.id}/votes/me`, again.token)).status).toBe(401);
    expect((await api(server, `/api/boards/${board.id}/votes/me`, pat.token)).status).toBe(200);
    expect(readPeople((await stored(server, `${board.id}/control`)).doc).map((p) => p.name)).not.toContain('Pat 2');
  });

  it('with cards=true their cards go too, signed by person id (no client forges it), but for a card carrying a commitment', async () => {
    a = await arena(server, clients);
    const board = a.board;
    const cards = () => readCards(a!.watcher.doc);
    const signatureOf = (id: string) => (a!.watcher.doc.getMap('cards').get(id) as Y.Map<unknown> | undefined)?.get('authorId');
    const mallory = await joinAs(server.url, board.id, board.secrets.participant, 'Mallory');
    const malSocket = clients.connect(server.url, board.id, board.secrets.participant, 'content', undefined, undefined, mallory.token);
    const script = clients.connect(server.url, board.id, board.secrets.participant);
    await Promise.all([malSocket.synced, script.synced]);
    // Mallory fills the board with junk, and signs one card as Pat (his person id) to have it go with him.
    const junk = Array.from({ length: 8 }, (_, i) => addCard(malSocket.doc, { column: 'initiative', text: `junk ${i}`, author: 'Mallory' }));
    const framed = addCard(malSocket.doc, { column: 'value', text: 'framing Pat', author: 'Mallory', authorId: a.participantId });
    const patsOwn = addCard(a.participant.doc, { column: 'value', text: 'Pat’s own', author: 'Pat' });
    const unsigned = addCard(script.doc, { column: 'value', text: 'from a script' });
    await waitFor(() => cards().length === 7 + 11, 'every card at the watcher');
    // She also signs Pat's card as hers, to have it go with her: the signature stays Pat's.
    (malSocket.doc.getMap('cards').get(patsOwn) as Y.Map<unknown>).set('authorId', mallory.personId);
    // The server signs: Mallory's cards with her id, the forged one too; Pat's with his; the script's with none.
    await waitFor(() => signatureOf(framed) === mallory.personId, 'the forged signature put back to Mallory’s');
    expect(junk.map(signatureOf)).toEqual(junk.map(() => mallory.personId));
    await waitFor(() => (malSocket.doc.getMap('cards').get(patsOwn) as Y.Map<unknown>).get('authorId') === a!.participantId, 'Pat’s signature put back');
    expect(signatureOf(patsOwn)).toBe(a.participantId);
    expect(signatureOf(unsigned)).toBeUndefined();
    // One of hers became a commitment: it stays.
    promoteToCommitment(a.facilitator.doc, junk[0]!, { title: 'Kept', owner: 'Ann' });
    await waitFor(() => a!.watcher.doc.getMap('commitments').size === 2, 'the commitment');

    expect((await remove(board, mallory.personId, board.secrets.facilitator, 'yes')).status).toBe(400);
    const res = await remove(board, mallory.personId, board.secrets.facilitator, 'true');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ removed: { id: mallory.personId, name: 'Mallory' }, cards: { removed: 8, kept: 1 } });
    await waitFor(() => cards().length === 7 + 3, 'her cards gone');
    expect(cards().map((c) => c.text)).toEqual(expect.arrayContaining(['junk 0', 'Pat’s own', 'from a script']));
    expect(readCommitments(a.watcher.doc)).toHaveLength(2);
    // The board as it was is in the history, before the removal.
    const history = (await api(server, `/api/boards/${board.id}/history`, board.secrets.facilitator)).body.snapshots as { label?: string }[];
    expect(history.map((h) => h.label)).toContain('Before 8 cards were removed');
  });

  it('a card brought back under a deleted card’s id keeps its signature only as it was (an undo), not with new words', async () => {
    a = await arena(server, clients);
    const board = a.board;
    const signed = (id: string) => {
      const map = a!.watcher.doc.getMap('cards').get(id) as Y.Map<unknown> | undefined;
      return { author: map?.get('author'), authorId: map?.get('authorId'), text: readCards(a!.watcher.doc).find((c) => c.id === id)?.text };
    };
    const mallory = await joinAs(server.url, board.id, board.secrets.participant, 'Mallory');
    const malSocket = clients.connect(server.url, board.id, board.secrets.participant, 'content', undefined, undefined, mallory.token);
    await malSocket.synced;
    const pats = addCard(a.participant.doc, { column: 'value', text: 'Pat’s words', author: 'Pat' });
    const again = addCard(a.participant.doc, { column: 'value', text: 'Pat deletes and undoes', author: 'Pat' });
    await waitFor(() => signed(pats).authorId === a!.participantId && signed(again).authorId === a!.participantId, 'Pat’s cards, signed');
    // Mallory deletes Pat's card (anyone may) and puts new words under its id, in Pat's name.
    malSocket.doc.getMap('cards').delete(pats);
    await waitFor(() => signed(pats).text === undefined, 'the card deleted');
    addCard(malSocket.doc, { id: pats, column: 'value', text: 'Words Pat never wrote', author: 'Pat', authorId: a.participantId });
    await waitFor(() => signed(pats).text === 'Words Pat never wrote', 'the card back');
    await waitFor(() => signed(pats).author === 'Mallory', 'signed as Mallory’s');
    expect(signed(pats).authorId).toBe(mallory.personId);
    // Nor does leaving the signature out put a card under a deleted one's id beyond her removal: it is hers.
    const third = addCard(a.participant.doc, { column: 'value', text: 'Third', author: 'Pat' });
    await waitFor(() => signed(third).authorId === a!.participantId, 'the third card, signed');
    malSocket.doc.getMap('cards').delete(third);
    await waitFor(() => signed(third).text === undefined, 'the third deleted');
    addCard(malSocket.doc, { id: third, column: 'value', text: 'Unsigned words' });
    await waitFor(() => signed(third).authorId === mallory.personId, 'signed with her id');
    // Pat deletes his own card and brings it back as it was (what an undo sends): still his.
    a.participant.doc.getMap('cards').delete(again);
    await waitFor(() => signed(again).text === undefined, 'his card deleted');
    addCard(a.participant.doc, { id: again, column: 'value', text: 'Pat deletes and undoes', author: 'Pat', authorId: a.participantId });
    await waitFor(() => signed(again).text === 'Pat deletes and undoes', 'his card back');
    await settle(a);
    expect(signed(again)).toMatchObject({ author: 'Pat', authorId: a.participantId });
  });

  it('is the facilitator’s, never removes a facilitator, and answers an unknown person with 404', async () => {
    a = await arena(server, clients);
    const board = a.board;
    const pat = await joinAs(server.url, board.id, board.secrets.participant, 'Pat');
    const fran = await joinAs(server.url, board.id, board.secrets.facilitator, 'Fran');
    for (const secret of [undefined, board.secrets.participant, board.secrets.viewer, board.secrets.reviewer, board.secrets.projector, pat.token]) {
      expect([401, 403]).toContain((await remove(board, pat.personId, secret)).status);
    }
    const facilitatorRemoved = await remove(board, fran.personId, board.secrets.facilitator);
    expect(facilitatorRemoved.status).toBe(400);
    expect(((await facilitatorRemoved.json()) as { error: { message: string } }).error.message).toContain('person');
    for (const id of ['nobody-here', '__proto__', 'x'.repeat(200)]) expect((await remove(board, id, board.secrets.facilitator)).status).toBe(404);
    // Nothing changed: both still hold their tokens.
    expect((await api(server, `/api/boards/${board.id}/votes/me`, pat.token)).status).toBe(200);
    expect((await api(server, `/api/boards/${board.id}/votes/me`, fran.token)).status).toBe(200);
  });
});
