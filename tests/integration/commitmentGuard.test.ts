/**
 * Agreement is recorded by the facilitator: a participant's client (stock or
 * hand-made) cannot make a commitment agreed, reopen it, or write the decision
 * log; it can edit proposed commitments and move its own agreed ones along.
 */
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  addCard, addLink, promoteToCommitment, readCommitments, recordConsent, recordOverride, reopenCommitment,
  setCommitmentStatus, updateCommitment,
} from '../../shared/doc/index.ts';
import { readDecisions } from '../../shared/doc/index.ts';
import { serverEachTest } from '../helpers/server.ts';
import { createBoard, joinAs, trackClients, waitFor } from '../helpers/clients.ts';

const clients = trackClients();
const client = clients.connect;
const server = serverEachTest({}, clients);

const consent = (outcome: 'agreed' | 'not-agreed') => ({
  at: '2026-11-22T10:00:00.000Z', method: 'thumbs' as const, participants: ['Ann', 'Bob'],
  responses: [{ name: 'Ann', value: 'up' as const }, { name: 'Bob', value: 'up' as const }], outcome,
});

describe('commitment guard', () => {
  it('refuses agreement, reopening and decision-log writes from participants', async () => {
    const board = await createBoard(server.url);
    const facilitator = client(server.url, board.id, board.secrets.facilitator);
    // Bob, who becomes the commitment's owner below: only the owner moves agreed work along.
    const bob = await joinAs(server.url, board.id, board.secrets.participant, 'Bob');
    const participant = client(server.url, board.id, board.secrets.participant, 'content', undefined, undefined, bob.token);
    await Promise.all([facilitator.synced, participant.synced]);
    const goal = addCard(facilitator.doc, { column: 'goal', text: 'Grow NRR', metric: 'NRR' });
    const segment = addCard(facilitator.doc, { column: 'segment', text: 'Mid-market' });
    const value = addCard(facilitator.doc, { column: 'value', text: 'Plans in hours' });
    const behaviour = addCard(facilitator.doc, { column: 'behaviour', text: 'Leads plan in the tool' });
    const indicator = addCard(facilitator.doc, { column: 'indicator', text: 'Weekly planners', direction: 'increase', baselineValue: 10, baselineAsOf: '2026-10-01', targetValue: 40, targetBy: '2027-03-31' });
    const initiative = addCard(facilitator.doc, { column: 'initiative', text: 'Capacity view' });
    addLink(facilitator.doc, segment, goal);
    addLink(facilitator.doc, value, segment);
    addLink(facilitator.doc, behaviour, value);
    addLink(facilitator.doc, indicator, behaviour);
    addLink(facilitator.doc, initiative, indicator);
    const id = promoteToCommitment(facilitator.doc, initiative, { owner: 'Ann', due: '2027-02-01', checkpoint: '2026-12-15', indicators: [indicator], definitionOfDone: 'Shipped to all' });
    await waitFor(() => readCommitments(participant.doc)[0]?.id === id, 'commitment at participant');

    // Allowed: editing a proposed commitment.
    updateCommitment(participant.doc, id, { owner: 'Bob' });
    await waitFor(() => readCommitments(facilitator.doc)[0]?.owner === 'Bob', 'edit arrives');

    // Refused: agreeing through the document layer, and by a raw write.
    recordConsent(participant.doc, id, consent('agreed'));
    const raw = participant.doc.getMap<Y.Map<unknown>>('commitments').get(id)!;
    participant.doc.transact(() => raw.set('status', 'agreed'));
    recordOverride(participant.doc, { by: 'Bob', reason: 'forged', findings: [] });
    const marker = addCard(participant.doc, { column: 'value', text: 'later edit' });
    await waitFor(() => facilitator.doc.getMap('cards').has(marker), 'later participant edit arrives');
    expect(readCommitments(facilitator.doc)[0]).toMatchObject({ status: 'proposed', owner: 'Bob' });
    expect(readCommitments(facilitator.doc)[0]?.consents ?? []).toEqual([]);
    expect(readDecisions(facilitator.doc)).toEqual([]);
    await waitFor(() => readCommitments(participant.doc)[0]?.status === 'proposed' && readDecisions(participant.doc).length === 0, 'reverted at the participant');

    // The facilitator agrees; a participant moves it along but cannot reopen it.
    recordConsent(facilitator.doc, id, consent('agreed'));
    await waitFor(() => readCommitments(participant.doc)[0]?.status === 'agreed', 'agreed at participant');
    reopenCommitment(participant.doc, id, 'Bob', 'changed my mind');
    setCommitmentStatus(facilitator.doc, id, 'agreed');
    const marker2 = addCard(participant.doc, { column: 'value', text: 'another edit' });
    await waitFor(() => facilitator.doc.getMap('cards').has(marker2), 'second marker');
    expect(readCommitments(facilitator.doc)[0]?.status).toBe('agreed');
    expect(readDecisions(facilitator.doc).map((d) => d.kind)).toEqual(['consent']);
    await waitFor(() => readCommitments(participant.doc)[0]?.status === 'agreed', 'reopen reverted');
    setCommitmentStatus(participant.doc, id, 'in-progress');
    await waitFor(() => readCommitments(facilitator.doc)[0]?.status === 'in-progress', 'status move arrives');
  });
});
