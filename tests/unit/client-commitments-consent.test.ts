/**
 * The consent round as the facilitator's dialog builds it (pure): rows from
 * the server's answers and the people present, responses per method, the
 * suggested outcome and the record written; and the proposed commitments a
 * round can run on.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, addLink, initBoard, promoteToCommitment, readBoard, recordConsent } from '../../shared/doc/index.ts';
import { consentRecord, proposedCommitments, roundSummary, rowsFromAnswers, type ConsentRow } from '../../client/commitments/consentRound.ts';
import { changedAnswers, draftFrom } from '../../client/commitments/consentAnswers.ts';
import { outcomeOfRound } from '../../shared/commitments.ts';

const row = (name: string, value: ConsentRow['value'] = null, objection = ''): ConsentRow => ({ name, value, objection });

const AT = '2026-03-10T15:00:00.000Z';

describe('consent rows', () => {
  it('lists the answers, then everyone else present (each once), who took part without answering', () => {
    const rows = rowsFromAnswers([{ name: 'Ben', value: 'down', objection: 'Q3 is too early' }, { name: 'Ana', value: 'up' }], ['ana', ' Cy ', 'Cy', '', 'Dee']);
    expect(rows).toEqual([row('Ben', 'down', 'Q3 is too early'), row('Ana', 'up'), row('Cy'), row('Dee')]);
  });

  it('suggests agreed only when someone answered and nobody objects', () => {
    expect(roundSummary('thumbs', [row('Ana'), row('Ben'), row('Cy')])).toEqual({ answered: 0, waiting: ['Ana', 'Ben', 'Cy'], objections: [], suggested: 'not-agreed' });
    expect(roundSummary('thumbs', [row('Ana', 'up'), row('Ben', 'sideways'), row('Cy')])).toMatchObject({ answered: 2, waiting: ['Cy'], suggested: 'agreed' });
    expect(roundSummary('thumbs', [row('Ana', 'up'), row('Ben', 'sideways'), row('Cy', 'down', '  Q3 is too early  ')]))
      .toMatchObject({ answered: 3, waiting: [], objections: [{ name: 'Cy', objection: 'Q3 is too early' }], suggested: 'not-agreed' });
  });

  it('reads fist of five: 0–2 fingers object, 3 and more consent', () => {
    expect(roundSummary('fist-of-five', [row('Ana', 3), row('Ben', 5)]).suggested).toBe('agreed');
    expect(roundSummary('fist-of-five', [row('Ana', 3), row('Ben', 2)])).toMatchObject({ objections: [{ name: 'Ben' }], suggested: 'not-agreed' });
    // A thumb is no answer in fist of five.
    expect(roundSummary('fist-of-five', [row('Ana', 'up'), row('Ben', 2)]).waiting).toEqual(['Ana']);
  });

  it('records everyone as taking part, only answers as responses, and objection text when given', () => {
    const rows = [row('Ana', 'up'), row('Ben', 'down', 'No owner in sales'), row('Cy')];
    expect(consentRecord('thumbs', rows, 'not-agreed', AT)).toEqual({
      at: AT, method: 'thumbs', outcome: 'not-agreed', participants: ['Ana', 'Ben', 'Cy'],
      responses: [{ name: 'Ana', value: 'up' }, { name: 'Ben', value: 'down', objection: 'No owner in sales' }],
    });
  });
});

describe('answers per commitment', () => {
  it('starts from what was sent on each commitment and sends only what changed, an objection only with an objecting answer', () => {
    const mine = { answers: { m1: { value: 'up' as const }, m2: { value: 'down' as const, objection: 'Sales has no owner' } } };
    const draft = draftFrom(['m1', 'm2', 'm3'], mine);
    expect(draft).toEqual({ m1: { value: 'up', objection: '' }, m2: { value: 'down', objection: 'Sales has no owner' }, m3: { value: null, objection: '' } });
    expect(changedAnswers('thumbs', draft, mine)).toEqual([]);
    expect(changedAnswers('thumbs', { ...draft, m1: { value: 'up', objection: 'typed before changing my mind' }, m3: { value: 'down', objection: '  Too late  ' } }, mine))
      .toEqual([{ commitment: 'm3', value: 'down', objection: 'Too late' }]);
    expect(changedAnswers('thumbs', { ...draft, m2: { value: 'sideways', objection: 'Sales has no owner' } }, mine)).toEqual([{ commitment: 'm2', value: 'sideways' }]);
    expect(changedAnswers('fist-of-five', draftFrom(['a', 'b'], null), null)).toEqual([]);
  });
});

describe('the outcome of a round', () => {
  it('is the record bound to that round, not the latest record: two rounds a minute apart each show their own', () => {
    const first = { at: '2026-12-05T10:00:00.000Z', round: 'r1', method: 'thumbs' as const, participants: ['Ana'], responses: [{ name: 'Ana', value: 'down' as const }], outcome: 'not-agreed' as const };
    const second = { ...first, at: '2026-12-05T10:01:00.000Z', round: 'r2', responses: [{ name: 'Ana', value: 'up' as const }], outcome: 'agreed' as const };
    // While the second round waits for its outcome, the first round's "not agreed" is not its outcome.
    expect(outcomeOfRound({ consents: [first] }, 'r2')).toBeNull();
    expect(outcomeOfRound({ consents: [first, second] }, 'r2')).toBe('agreed');
    expect(outcomeOfRound({ consents: [first, second] }, 'r1')).toBe('not-agreed');
    // A record from before rounds were bound (no round id) is no round's outcome.
    const { round: _, ...unbound } = second;
    expect(outcomeOfRound({ consents: [unbound] }, 'r2')).toBeNull();
    expect(outcomeOfRound({}, 'r2')).toBeNull();
  });

  it('binds the record the dialog writes to its round', () => {
    expect(consentRecord('thumbs', [row('Ana', 'up')], 'agreed', AT, 'r7')).toMatchObject({ round: 'r7', outcome: 'agreed' });
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

    const rows = [row('Ana', 4), row('Ben', 3)];
    recordConsent(doc, 'm1', consentRecord('fist-of-five', rows, roundSummary('fist-of-five', rows).suggested, AT));
    expect(proposedCommitments(readBoard(doc)).map((p) => p.commitment.id)).toEqual(['m2']);
    expect(readBoard(doc).commitments.find((c) => c.id === 'm1')?.status).toBe('agreed');
  });
});
