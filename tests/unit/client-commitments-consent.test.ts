/**
 * The consent round as the facilitator's dialog builds it (pure): rows from
 * presence and typed names, responses per method, the suggested outcome and
 * the record written; and the proposed commitments a round can run on.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, addLink, initBoard, promoteToCommitment, readBoard, recordConsent } from '../../shared/doc/index.ts';
import {
  addParticipant, clearResponses, consentRecord, proposedCommitments, removeParticipant, roundSummary, rowsFor, setObjection, setResponse,
} from '../../client/commitments/consentRound.ts';

const AT = '2026-03-10T15:00:00.000Z';

describe('consent rows', () => {
  it('starts from the people present, each once, and takes typed names without duplicates', () => {
    let rows = rowsFor(['Ana', ' Ben ', 'ana', '', 'Cy  Doe']);
    expect(rows.map((r) => r.name)).toEqual(['Ana', 'Ben', 'Cy Doe']);
    rows = addParticipant(rows, 'BEN');
    rows = addParticipant(rows, '   ');
    rows = addParticipant(rows, 'Dee');
    expect(rows.map((r) => r.name)).toEqual(['Ana', 'Ben', 'Cy Doe', 'Dee']);
    expect(removeParticipant(rows, 'Ben').map((r) => r.name)).toEqual(['Ana', 'Cy Doe', 'Dee']);
  });

  it('suggests agreed only when someone answered and nobody objects', () => {
    let rows = rowsFor(['Ana', 'Ben', 'Cy']);
    expect(roundSummary('thumbs', rows)).toEqual({ answered: 0, waiting: ['Ana', 'Ben', 'Cy'], objections: [], suggested: 'not-agreed' });
    rows = setResponse(rows, 'Ana', 'up');
    rows = setResponse(rows, 'Ben', 'sideways');
    expect(roundSummary('thumbs', rows)).toMatchObject({ answered: 2, waiting: ['Cy'], suggested: 'agreed' });
    rows = setObjection(setResponse(rows, 'Cy', 'down'), 'Cy', '  Q3 is too early  ');
    expect(roundSummary('thumbs', rows)).toMatchObject({ answered: 3, waiting: [], objections: [{ name: 'Cy', objection: 'Q3 is too early' }], suggested: 'not-agreed' });
  });

  it('reads fist of five: 0–2 fingers object, 3 and more consent', () => {
    let rows = clearResponses(setResponse(rowsFor(['Ana', 'Ben']), 'Ana', 'up'));
    expect(rows.every((r) => r.value === null)).toBe(true);
    rows = setResponse(setResponse(rows, 'Ana', 3), 'Ben', 5);
    expect(roundSummary('fist-of-five', rows).suggested).toBe('agreed');
    rows = setResponse(rows, 'Ben', 2);
    expect(roundSummary('fist-of-five', rows)).toMatchObject({ objections: [{ name: 'Ben' }], suggested: 'not-agreed' });
    // A thumb left over from the other method is no answer in fist of five.
    expect(roundSummary('fist-of-five', setResponse(rows, 'Ana', 'up')).waiting).toEqual(['Ana']);
  });

  it('records everyone as taking part, only answers as responses, and objection text when given', () => {
    let rows = rowsFor(['Ana', 'Ben', 'Cy']);
    rows = setResponse(rows, 'Ana', 'up');
    rows = setObjection(setResponse(rows, 'Ben', 'down'), 'Ben', 'No owner in sales');
    expect(consentRecord('thumbs', rows, 'not-agreed', AT)).toEqual({
      at: AT, method: 'thumbs', outcome: 'not-agreed', participants: ['Ana', 'Ben', 'Cy'],
      responses: [{ name: 'Ana', value: 'up' }, { name: 'Ben', value: 'down', objection: 'No owner in sales' }],
    });
  });
});

describe('proposedCommitments', () => {
  it('lists proposed commitments with what they lack, and a record built here is accepted by the document layer', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Consent' });
    addCard(doc, { id: 'g', column: 'goal', text: 'Grow NRR' });
    addCard(doc, { id: 'i', column: 'indicator', text: 'Weekly planners' });
    addCard(doc, { id: 'n', column: 'initiative', text: 'Import' });
    addCard(doc, { id: 'n2', column: 'initiative', text: 'Webinars' });
    addLink(doc, 'n', 'i');
    promoteToCommitment(doc, 'n', { id: 'm1', owner: 'Ana', due: '2026-09-30', checkpoint: '2026-06-30', definitionOfDone: 'Shipped' });
    promoteToCommitment(doc, 'n2', { id: 'm2' });
    const listed = proposedCommitments(readBoard(doc));
    expect(listed.map((p) => [p.commitment.id, p.missing])).toEqual([
      ['m1', []],
      ['m2', ['owner', 'due date', 'checkpoint date', 'success indicator', 'definition of done']],
    ]);

    const rows = setResponse(setResponse(rowsFor(['Ana', 'Ben']), 'Ana', 4), 'Ben', 3);
    recordConsent(doc, 'm1', consentRecord('fist-of-five', rows, roundSummary('fist-of-five', rows).suggested, AT));
    expect(proposedCommitments(readBoard(doc)).map((p) => p.commitment.id)).toEqual(['m2']);
    expect(readBoard(doc).commitments.find((c) => c.id === 'm1')?.status).toBe('agreed');
  });
});
