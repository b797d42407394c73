/**
 * Every delete is recoverable in one step, through the real server: a
 * participant's delete of a card and the facilitator's removal of an agreed
 * commitment's card are each undone by one Undo of the person who did it
 * (the browser's undo manager over a stock client), and everything that went
 * with the card is back for everyone: fields, links with their assumptions,
 * comments, cluster membership, secret votes, and the commitment with its
 * consent record.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deleteCard, LOCAL_ORIGIN, readBoard, readCard, readDecisions, readFacilitation } from '../../shared/doc/index.ts';
import { boardUndoScope } from '../../shared/doc/ext-client.ts';
import { readGroups } from '../../shared/doc/ext-groups.ts';
import { logUndoneDecisions, removeWithReason } from '../../shared/doc/removal.ts';
import { addComment, readThreads } from '../../shared/doc/review.ts';
import { AGREED_BY_ANA_AND_BEN as consent, boardJson, jsonCard as card } from '../helpers/boardJson.ts';
import { serverEachTest } from '../helpers/server.ts';
import { createBoard, trackClients, waitFor, type CreatedBoard, type SyncClient } from '../helpers/clients.ts';

const clients = trackClients();
const server = serverEachTest({}, clients);

function recoverableBoard() {
  return boardJson('recoverable', 'Recoverable', {
    cards: [
      card('goal1', 'goal', 'Win enterprise deals', 'a0', { metric: 'ARR' }),
      card('seg1', 'segment', 'Regulated enterprises', 'a0'),
      card('val1', 'value', 'Pass security review fast', 'a0'),
      card('beh1', 'behaviour', 'Approve without a call', 'a0'),
      card('ind1', 'indicator', 'Reviews passed first time', 'a0'),
      card('soc2', 'initiative', 'SOC 2 evidence pack', 'a0', { initiativeType: 'delivery', confidence: 'medium' }),
      card('faq', 'initiative', 'Security FAQ', 'a1', { initiativeType: 'experiment', evidence: 'anecdote' }),
      card('trust', 'initiative', 'Trust centre page', 'a2'),
    ],
    links: [
      { id: 'l1', from: 'seg1', to: 'goal1' }, { id: 'l2', from: 'val1', to: 'seg1' }, { id: 'l3', from: 'beh1', to: 'val1' },
      { id: 'l4', from: 'ind1', to: 'beh1' },
      { id: 'l5', from: 'soc2', to: 'ind1', assumption: 'We believe a ready pack ends the security call' },
      { id: 'l6', from: 'faq', to: 'ind1', assumption: 'We believe answers up front shorten reviews' },
    ],
    commitments: [{
      id: 'c1', card: 'soc2', title: 'SOC 2 evidence pack', owner: 'Ana', contributors: [], due: '2026-09-30', status: 'agreed',
      indicators: ['ind1'], trace: [], consents: [consent],
    }],
    groups: [{ id: 'g1', label: 'Trust material', column: 'initiative', cards: ['faq', 'trust'] }],
  });
}

async function api(path: string, token: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(server.url + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A person's browser: the content document over the stock client, and their own undo manager (as client/sync/session.ts). */
async function browserOf(board: CreatedBoard, secret: string): Promise<SyncClient & { undo: Y.UndoManager }> {
  const c = clients.connect(server.url, board.id, secret);
  await c.synced;
  return Object.assign(c, { undo: new Y.UndoManager(boardUndoScope(c.doc), { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 0 }) });
}

const serverBoard = async (board: CreatedBoard) => (await api(`/api/boards/${board.id}/export?format=json`, board.secrets.viewer)).body;

describe('every delete is recoverable in one step', () => {
  it('a participant deletes a card and one Undo brings back its fields, links, comments, cluster and votes', async () => {
    const board = await createBoard(server.url, recoverableBoard());
    const ana = await browserOf(board, board.secrets.participant);
    const ben = await browserOf(board, board.secrets.participant);
    addComment(ana.doc, 'faq', { author: 'Ana', text: 'Sales asked for this twice', mentions: [] });
    const person = (await api(`/api/boards/${board.id}/people`, board.secrets.participant, { name: 'Ben' })).body as { token: string };
    expect((await api(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, { action: 'startVoting', columns: ['initiative'], votesPerPerson: 2, allowMultiple: false })).status).toBe(200);
    expect((await api(`/api/boards/${board.id}/votes`, person.token, { card: 'faq', op: 'add' })).status).toBe(200);
    await waitFor(() => readThreads(ben.doc, 'faq').length === 1, 'the comment at Ben');
    const before = readBoard(ben.doc);
    const exportedBefore = await serverBoard(board);

    deleteCard(ana.doc, 'faq');
    await waitFor(() => !readCard(ben.doc, 'faq'), 'the delete at Ben');
    expect(readGroups(ben.doc)).toEqual([]); // a cluster of one shows as no cluster
    ana.undo.undo();
    await waitFor(() => readCard(ben.doc, 'faq'), 'the card back at Ben');

    expect(readBoard(ben.doc)).toEqual(before);
    expect(await serverBoard(board)).toEqual(exportedBefore);
    expect(readThreads(ben.doc, 'faq').map((t) => t.root.text)).toEqual(['Sales asked for this twice']);
    expect(readGroups(ben.doc)).toEqual([{ id: 'g1', label: 'Trust material', column: 'initiative', cards: ['faq', 'trust'] }]);
    // The secret ballot still counts for the card.
    await api(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, { action: 'revealVotes' });
    const control = clients.connect(server.url, board.id, board.secrets.viewer, 'control');
    await control.synced;
    const [result] = await waitFor(() => (readFacilitation(control.doc).voteResults.length > 0 ? readFacilitation(control.doc).voteResults : undefined), 'the tally');
    expect(result!.tally).toEqual([{ card: 'faq', votes: 1 }]);
  });

  it('the facilitator removes an agreed commitment’s card with a reason; one Undo brings back card, links, commitment and consent; the log keeps the removal and says it was restored', async () => {
    const board = await createBoard(server.url, recoverableBoard());
    const fran = await browserOf(board, board.secrets.facilitator);
    const ben = await browserOf(board, board.secrets.participant);
    addComment(ben.doc, 'soc2', { author: 'Ben', text: 'Legal has the auditor letter', mentions: [] });
    await waitFor(() => readThreads(fran.doc, 'soc2').length === 1, 'the comment at Fran');
    const before = readBoard(ben.doc);
    const exportedBefore = await serverBoard(board);

    removeWithReason(fran.doc, { card: 'soc2' }, { by: 'Fran', reason: 'The auditor ships the pack now' });
    await waitFor(() => !readCard(ben.doc, 'soc2'), 'the removal at Ben');
    const removal = readDecisions(ben.doc).find((d) => d.kind === 'removal');
    expect(removal).toMatchObject({ by: 'Fran', reason: 'The auditor ships the pack now', card: { id: 'soc2', column: 'initiative' }, commitments: [{ id: 'c1', status: 'agreed' }], links: 1 });
    expect((await serverBoard(board)).decisions).toEqual([expect.objectContaining({ kind: 'removal', by: 'Fran' })]);

    // The browser's undo (session.ts): the step's board change, then what undoing it means in the append-only log.
    const undone = fran.undo.undoStack.length;
    fran.undo.undo();
    expect(fran.undo.undoStack.length).toBe(undone - 1);
    logUndoneDecisions(fran.doc, [removal!], 'Fran', 'undo');
    await waitFor(() => readCard(ben.doc, 'soc2') && before.commitments.length === readBoard(ben.doc).commitments.length, 'everything back at Ben');
    await waitFor(() => readDecisions(ben.doc).length === 2, 'the restoral at Ben');
    const { decisions, ...board1 } = readBoard(ben.doc);
    const { decisions: _none, ...board0 } = before;
    expect(board1).toEqual(board0);
    expect(decisions?.map((d) => d.kind)).toEqual(['removal', 'restoral']);
    expect(decisions?.[1]).toMatchObject({ by: 'Fran', removal: removal!.id, card: { id: 'soc2', column: 'initiative' }, commitments: [{ id: 'c1', status: 'agreed' }] });
    const { decisions: stored, ...server1 } = await serverBoard(board);
    const { decisions: _before, ...server0 } = exportedBefore;
    expect(server1).toEqual(server0);
    expect((stored as { kind: string }[]).map((d) => d.kind)).toEqual(['removal', 'restoral']);
    expect(readThreads(ben.doc, 'soc2').map((t) => t.root.text)).toEqual(['Legal has the auditor letter']);
  });
});
