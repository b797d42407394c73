/**
 * The commitment life cycle through the document layer: promote, edit,
 * consent (agreed only through a round), reopen, status changes, the decision
 * log and the next review date, and the JSON round trip of all of it.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard, addDecision, addLink, exportBoardJson, importBoardJson, initBoard, promoteToCommitment, putCommitment, readBoard,
  readBoardInfo, readCommitments, readDecisions, recordConsent, recordOverride, reopenCommitment, setCommitmentStatus, setNextReview,
  takeBackDone, updateCommitment, validateBoardJson,
} from '../../shared/doc/index.ts';
import { canChangeStatus, mayMoveStatus, ownsCommitment, statusTransition, suggestedOutcome, takeBackTargets, validateCommitmentDraft } from '../../shared/commitments.ts';
import type { ConsentRecord } from '../../shared/model.ts';

/** A board with one complete chain: goal ← segment ← value ← behaviour ← indicator ← initiative. */
function board() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Commitments', createdAt: Date.UTC(2026, 2, 1) });
  addCard(doc, { id: 'g', column: 'goal', text: 'Grow NRR', metric: 'NRR' });
  addCard(doc, { id: 's', column: 'segment', text: 'Mid-market' });
  addCard(doc, { id: 'v', column: 'value', text: 'Plans in hours' });
  addCard(doc, { id: 'b', column: 'behaviour', text: 'Plan weekly in the tool' });
  addCard(doc, { id: 'i', column: 'indicator', text: 'Weekly planners', baselineValue: 20, targetValue: 40, targetBy: '2026-09-30', direction: 'increase' });
  addCard(doc, { id: 'i2', column: 'indicator', text: 'Unlinked indicator' });
  addCard(doc, { id: 'n', column: 'initiative', text: 'Spreadsheet import\nsecond line' });
  addCard(doc, { id: 'v2', column: 'value', text: 'Not an initiative' });
  for (const [a, b] of [['s', 'g'], ['v', 's'], ['b', 'v'], ['i', 'b'], ['n', 'i']] as const) addLink(doc, a, b);
  return doc;
}

const complete = { owner: 'Jonas Berg', contributors: ['Lea'], due: '2026-09-30', checkpoint: '2026-06-30', definitionOfDone: '30 pilots imported' };

const thumbs = (values: ('up' | 'sideways' | 'down')[], outcome: 'agreed' | 'not-agreed' = 'agreed'): ConsentRecord => ({
  at: '2026-03-10T15:00:00.000Z', method: 'thumbs', participants: values.map((_, i) => `P${i}`),
  responses: values.map((value, i) => ({ name: `P${i}`, value, ...(value === 'down' ? { objection: 'too late' } : {}) })), outcome,
});

describe('promoteToCommitment', () => {
  it('creates a proposed draft from an initiative, titled by its first line, with its linked indicators', () => {
    const doc = board();
    const id = promoteToCommitment(doc, 'n');
    expect(readCommitments(doc)).toEqual([{ id, card: 'n', title: 'Spreadsheet import', owner: '', contributors: [], status: 'proposed', indicators: ['i'] }]);
  });

  it('refuses non-initiatives, missing cards and a second live commitment on one initiative', () => {
    const doc = board();
    expect(() => promoteToCommitment(doc, 'v2')).toThrow(/initiative/);
    expect(() => promoteToCommitment(doc, 'nope')).toThrow(/initiative/);
    const id = promoteToCommitment(doc, 'n', { id: 'm1' });
    expect(() => promoteToCommitment(doc, 'n')).toThrow(/already has a commitment \(m1\)/);
    setCommitmentStatus(doc, id, 'dropped');
    expect(promoteToCommitment(doc, 'n', { id: 'm2' })).toBe('m2');
  });

  it('validates the fields it is given', () => {
    const doc = board();
    expect(() => promoteToCommitment(doc, 'n', { due: '30/09/2026' })).toThrow(/due/);
    expect(() => promoteToCommitment(doc, 'n', { indicators: ['v'] })).toThrow(/not an indicator card/);
    expect(readCommitments(doc)).toEqual([]);
  });
});

describe('validateCommitmentDraft says what is missing', () => {
  it('lists every missing part of an empty draft', () => {
    const doc = board();
    const snapshot = readBoard(doc);
    expect(validateCommitmentDraft({ card: 'n', indicators: [] }, snapshot)).toEqual([
      'title', 'owner', 'due date', 'checkpoint date', 'success indicator', 'definition of done',
    ]);
  });

  it('is empty for a complete draft, and catches several owners, late checkpoints and unlinked indicators', () => {
    const snapshot = readBoard(board());
    const draft = { card: 'n', title: 'Import', indicators: ['i'], ...complete };
    expect(validateCommitmentDraft(draft, snapshot)).toEqual([]);
    expect(validateCommitmentDraft({ ...draft, owner: 'Priya (Sales & Marketing)' }, snapshot)).toEqual([]);
    expect(validateCommitmentDraft({ ...draft, owner: 'Jonas and Lea' }, snapshot)).toEqual(['a single owner (one person, not several)']);
    expect(validateCommitmentDraft({ ...draft, owner: 'Jonas, Lea' }, snapshot)).toEqual(['a single owner (one person, not several)']);
    expect(validateCommitmentDraft({ ...draft, checkpoint: '2026-10-01' }, snapshot)).toEqual(['checkpoint date on or before the due date']);
    expect(validateCommitmentDraft({ ...draft, indicators: ['i2'] }, snapshot)).toEqual(['success indicator linked to the initiative']);
    expect(validateCommitmentDraft({ ...draft, indicators: ['v'] }, snapshot)).toEqual(['success indicator']);
    expect(validateCommitmentDraft({ ...draft, owner: '   ' }, snapshot)).toEqual(['owner']);
  });
});

describe('updateCommitment', () => {
  it('edits fields of a proposed commitment and clears optional ones with an empty string', () => {
    const doc = board();
    const id = promoteToCommitment(doc, 'n', { due: '2026-09-30' });
    updateCommitment(doc, id, { ...complete, title: 'Import v2' });
    expect(readCommitments(doc)[0]).toMatchObject({ ...complete, title: 'Import v2' });
    updateCommitment(doc, id, { due: '', definitionOfDone: '' });
    expect(readCommitments(doc)[0]).not.toHaveProperty('due');
    expect(readCommitments(doc)[0]).not.toHaveProperty('definitionOfDone');
    expect(() => updateCommitment(doc, id, { checkpoint: 'soon' })).toThrow(/checkpoint/);
    expect(() => updateCommitment(doc, id, { status: 'agreed' } as never)).toThrow(/cannot be edited/);
    expect(() => updateCommitment(doc, 'missing', {})).toThrow(/no such commitment/);
  });

  it('merges concurrent edits of different fields', () => {
    const a = board();
    const id = promoteToCommitment(a, 'n');
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    updateCommitment(a, id, { owner: 'Jonas' });
    updateCommitment(b, id, { due: '2026-12-31' });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readCommitments(a)[0]).toMatchObject({ owner: 'Jonas', due: '2026-12-31' });
    expect(readCommitments(b)).toEqual(readCommitments(a));
  });

  it('refuses to edit an agreed commitment until it is reopened', () => {
    const doc = board();
    const id = promoteToCommitment(doc, 'n', complete);
    recordConsent(doc, id, thumbs(['up', 'up']));
    expect(() => updateCommitment(doc, id, { owner: 'Lea' })).toThrow(/reopen it before editing/);
    reopenCommitment(doc, id, 'Ana', 'Owner changes');
    updateCommitment(doc, id, { owner: 'Lea' });
    expect(readCommitments(doc)[0]?.owner).toBe('Lea');
  });
});

describe('consent', () => {
  it('an agreed round makes the commitment agreed and is recorded with who took part, and logged', () => {
    const doc = board();
    const id = promoteToCommitment(doc, 'n', complete);
    const round = thumbs(['up', 'sideways']);
    recordConsent(doc, id, round);
    const [c] = readCommitments(doc);
    expect(c?.status).toBe('agreed');
    expect(c?.consents).toEqual([round]);
    expect(readDecisions(doc)).toEqual([expect.objectContaining({ kind: 'consent', commitment: id, outcome: 'agreed', method: 'thumbs', participants: ['P0', 'P1'], at: round.at })]);
  });

  it('a not-agreed round is kept and leaves the commitment proposed', () => {
    const doc = board();
    const id = promoteToCommitment(doc, 'n', complete);
    recordConsent(doc, id, thumbs(['up', 'down'], 'not-agreed'));
    const [c] = readCommitments(doc);
    expect(c?.status).toBe('proposed');
    expect(c?.consents?.[0]?.responses[1]).toEqual({ name: 'P1', value: 'down', objection: 'too late' });
    expect(readDecisions(doc)[0]).toMatchObject({ kind: 'consent', outcome: 'not-agreed' });
  });

  it('refuses agreement over an objection, without answers, or for an incomplete draft', () => {
    const doc = board();
    const id = promoteToCommitment(doc, 'n', complete);
    expect(() => recordConsent(doc, id, thumbs(['up', 'down']))).toThrow(/P1 object/);
    expect(() => recordConsent(doc, id, { ...thumbs([]), participants: ['A'] })).toThrow(/nobody answered/);
    const fist: ConsentRecord = { at: '2026-03-10T15:00:00Z', method: 'fist-of-five', participants: ['A', 'B'], responses: [{ name: 'A', value: 5 }, { name: 'B', value: 2 }], outcome: 'agreed' };
    expect(() => recordConsent(doc, id, fist)).toThrow(/B object/);
    addCard(doc, { id: 'n3', column: 'initiative', text: 'Another initiative' });
    addLink(doc, 'n3', 'i');
    const draft = promoteToCommitment(doc, 'n3', { id: 'draft' });
    expect(() => recordConsent(doc, draft, thumbs(['up']))).toThrow(/missing owner, due date, checkpoint date, definition of done/);
    expect(readCommitments(doc).every((c) => c.status === 'proposed' && !c.consents)).toBe(true);
    expect(readDecisions(doc)).toEqual([]);
  });

  it('validates the record: method and values must match, names must not be blank', () => {
    const doc = board();
    const id = promoteToCommitment(doc, 'n', complete);
    expect(() => recordConsent(doc, id, { ...thumbs(['up']), responses: [{ name: 'A', value: 4 }] } as never)).toThrow(/invalid consent record/);
    expect(() => recordConsent(doc, id, { at: 'yesterday', method: 'thumbs', participants: [], responses: [], outcome: 'agreed' })).toThrow(/at/);
    expect(() => recordConsent(doc, id, { ...thumbs(['up']), participants: [' '] })).toThrow(/blank/);
  });

  it('only proposed commitments go to a round', () => {
    const doc = board();
    const id = promoteToCommitment(doc, 'n', complete);
    recordConsent(doc, id, thumbs(['up']));
    expect(() => recordConsent(doc, id, thumbs(['up']))).toThrow(/only proposed/);
  });

  it('suggestedOutcome: agreed when somebody answered and nobody objects', () => {
    expect(suggestedOutcome(thumbs(['up', 'sideways']))).toBe('agreed');
    expect(suggestedOutcome(thumbs(['up', 'down']))).toBe('not-agreed');
    expect(suggestedOutcome(thumbs([]))).toBe('not-agreed');
    expect(suggestedOutcome({ method: 'fist-of-five', responses: [{ name: 'A', value: 3 }, { name: 'B', value: 5 }] })).toBe('agreed');
    expect(suggestedOutcome({ method: 'fist-of-five', responses: [{ name: 'A', value: 2 }] })).toBe('not-agreed');
  });
});

describe('status life cycle', () => {
  it('allows exactly the documented transitions', () => {
    const allowed = [['proposed', 'dropped'], ['agreed', 'in-progress'], ['agreed', 'done'], ['agreed', 'dropped'], ['in-progress', 'done'], ['in-progress', 'dropped']];
    const statuses = ['proposed', 'agreed', 'in-progress', 'done', 'dropped'] as const;
    for (const from of statuses) {
      for (const to of statuses) {
        expect(canChangeStatus(from, to), `${from} → ${to}`).toBe(allowed.some(([f, t]) => f === from && t === to));
      }
    }
  });

  it('one table says who may make each change and how: a participant only moves their own agreed work along', () => {
    const statuses = ['proposed', 'agreed', 'in-progress', 'done', 'dropped'] as const;
    const owner = [['agreed', 'in-progress'], ['agreed', 'done'], ['in-progress', 'done']];
    for (const from of statuses) {
      for (const to of statuses) {
        expect(mayMoveStatus('participant', from, to, true), `owner ${from} → ${to}`).toBe(owner.some(([f, t]) => f === from && t === to));
        expect(mayMoveStatus('participant', from, to), `someone else ${from} → ${to}`).toBe(false);
        expect(mayMoveStatus('facilitator', from, to), `facilitator ${from} → ${to}`).toBe(canChangeStatus(from, to));
      }
    }
    // Done is taken back only by the facilitator, with a record (never a plain move).
    expect(statusTransition('done', 'in-progress')).toEqual({ to: 'in-progress', way: 'take-back', who: 'facilitator' });
    expect(statusTransition('done', 'agreed')).toEqual({ to: 'agreed', way: 'take-back', who: 'facilitator' });
    expect(takeBackTargets('done')).toEqual(['in-progress', 'agreed']);
    expect(takeBackTargets('agreed')).toEqual([]);
    // The owner is matched by name, ignoring case and a role in brackets.
    expect(ownsCommitment({ owner: 'Priya Nair (Head of CS)' }, 'priya nair')).toBe(true);
    expect(ownsCommitment({ owner: 'Priya Nair' }, 'Chloe')).toBe(false);
    expect(ownsCommitment({ owner: '' }, 'Chloe')).toBe(false);
    // Reopening (from agreed or in progress) and agreeing need their record, and the facilitator.
    expect(statusTransition('in-progress', 'proposed')).toEqual({ to: 'proposed', way: 'reopen', who: 'facilitator' });
    expect(statusTransition('agreed', 'proposed')).toEqual({ to: 'proposed', way: 'reopen', who: 'facilitator' });
    expect(statusTransition('proposed', 'agreed')).toEqual({ to: 'agreed', way: 'consent', who: 'facilitator' });
    expect(statusTransition('done', 'proposed')).toBeUndefined();
  });

  it('done is taken back only by takeBackDone, to in progress or agreed, with who and why in the decision log', () => {
    const doc = board();
    const id = promoteToCommitment(doc, 'n', complete);
    recordConsent(doc, id, thumbs(['up']));
    expect(() => takeBackDone(doc, id, 'in-progress', 'Ana', 'not done')).toThrow(/agreed commitment cannot be taken back/);
    setCommitmentStatus(doc, id, 'done');
    expect(() => setCommitmentStatus(doc, id, 'in-progress')).toThrow(/cannot change a done commitment/);
    expect(() => takeBackDone(doc, id, 'proposed', 'Ana', 'not done')).toThrow(/cannot be taken back to proposed/);
    expect(() => takeBackDone(doc, id, 'in-progress', 'Ana', '  ')).toThrow(/reason/);
    takeBackDone(doc, id, 'in-progress', 'Ana Souza', 'Marked done by mistake', { at: '2026-03-12T09:00:00.000Z' });
    expect(readCommitments(doc)[0]?.status).toBe('in-progress');
    expect(readDecisions(doc).at(-1)).toMatchObject({
      kind: 'take-back', by: 'Ana Souza', reason: 'Marked done by mistake', commitment: id, title: 'Spreadsheet import', from: 'done', to: 'in-progress',
    });
    setCommitmentStatus(doc, id, 'done');
    takeBackDone(doc, id, 'agreed', 'Ana Souza', 'Back to the start');
    expect(readCommitments(doc)[0]?.status).toBe('agreed');
  });

  it('agreed only via consent, proposed only via reopen, done only taken back, dropped final', () => {
    const doc = board();
    const id = promoteToCommitment(doc, 'n', complete);
    expect(() => setCommitmentStatus(doc, id, 'agreed')).toThrow(/consent round/);
    expect(() => setCommitmentStatus(doc, id, 'in-progress')).toThrow(/cannot change a proposed commitment to in-progress/);
    recordConsent(doc, id, thumbs(['up']));
    expect(() => setCommitmentStatus(doc, id, 'proposed')).toThrow(/reopen it instead/);
    setCommitmentStatus(doc, id, 'in-progress');
    setCommitmentStatus(doc, id, 'done');
    expect(readCommitments(doc)[0]?.status).toBe('done');
    expect(() => setCommitmentStatus(doc, id, 'dropped')).toThrow(/cannot change a done commitment/);
    expect(() => reopenCommitment(doc, id, 'Ana', 'oops')).toThrow(/done commitment cannot be reopened/);
  });
});

describe('reopening', () => {
  it('moves agreed → proposed, recording who and why on the commitment and in the log', () => {
    const doc = board();
    const id = promoteToCommitment(doc, 'n', complete);
    recordConsent(doc, id, thumbs(['up']));
    reopenCommitment(doc, id, 'Ana Souza', 'The due date moved', { at: '2026-03-11T09:00:00.000Z' });
    const [c] = readCommitments(doc);
    expect(c?.status).toBe('proposed');
    expect(c?.reopenings).toEqual([{ at: '2026-03-11T09:00:00.000Z', by: 'Ana Souza', reason: 'The due date moved' }]);
    expect(readDecisions(doc).map((d) => d.kind)).toEqual(['consent', 'reopen']);
    expect(readDecisions(doc)[1]).toMatchObject({ kind: 'reopen', by: 'Ana Souza', reason: 'The due date moved', commitment: id, title: 'Spreadsheet import' });
  });

  it('needs a person and a written reason, and an agreed commitment', () => {
    const doc = board();
    const id = promoteToCommitment(doc, 'n', complete);
    expect(() => reopenCommitment(doc, id, 'Ana', 'why')).toThrow(/proposed commitment cannot be reopened/);
    recordConsent(doc, id, thumbs(['up']));
    expect(() => reopenCommitment(doc, id, 'Ana', '  ')).toThrow(/reason/);
    expect(() => reopenCommitment(doc, id, '', 'why')).toThrow(/by/);
    expect(readCommitments(doc)[0]?.status).toBe('agreed');
  });
});

describe('decision log and next review', () => {
  it('keeps overrides with their reason and findings, concurrent appends from two peers both survive', () => {
    const a = board();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    recordOverride(a, { by: 'Ana', reason: 'Discovery item, revisit in Q2', findings: [{ id: 'orphan-initiative::x', kind: 'orphan-initiative', message: 'x reaches no goal' }], at: '2026-03-10T16:00:00.000Z' });
    addDecision(b, { kind: 'override', by: 'Bo', reason: 'Second override', findings: [], at: '2026-03-10T15:00:00.000Z' });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readDecisions(a).map((d) => d.kind === 'override' && d.by)).toEqual(['Bo', 'Ana']);
    expect(readDecisions(b)).toEqual(readDecisions(a));
    expect(() => addDecision(a, { kind: 'override', by: 'Ana', reason: '', findings: [] })).toThrow(/reason/);
  });

  it('skips invalid log entries written by a peer', () => {
    const doc = board();
    doc.getArray('decisions').push([{ kind: 'override' }, 'junk', { id: 'x1', at: '2026-01-01T00:00:00Z', kind: 'override', by: 'A', reason: 'ok', findings: [], extra: 1 }]);
    addDecision(doc, { kind: 'override', by: 'Ana', reason: 'fine', findings: [], id: 'ok1' });
    expect(readDecisions(doc).map((d) => d.id)).toEqual(['ok1']);
  });

  it('sets and clears the next review date', () => {
    const doc = board();
    setNextReview(doc, '2026-04-14');
    expect(readBoardInfo(doc).nextReview).toBe('2026-04-14');
    expect(() => setNextReview(doc, 'next week')).toThrow(/ISO date/);
    setNextReview(doc, null);
    expect(readBoardInfo(doc)).not.toHaveProperty('nextReview');
  });

  it('a bad consent record written by a peer drops that record, not the commitment', () => {
    const doc = board();
    const id = promoteToCommitment(doc, 'n', complete);
    recordConsent(doc, id, thumbs(['up']));
    const map = doc.getMap<Y.Map<unknown>>('commitments').get(id)!;
    map.set('consents', [...(map.get('consents') as unknown[]), { method: 'thumbs', bogus: true }]);
    expect(readCommitments(doc)[0]?.consents).toHaveLength(1);
  });
});

describe('JSON round trip of the commitment model', () => {
  it('keeps consents, reopenings, drafts without a due date, the log and the next review', () => {
    const doc = board();
    const id = promoteToCommitment(doc, 'n', complete);
    recordConsent(doc, id, thumbs(['up', 'down'], 'not-agreed'));
    recordConsent(doc, id, thumbs(['up', 'sideways']));
    reopenCommitment(doc, id, 'Ana', 'Scope changed', { at: '2026-03-12T10:00:00.000Z' });
    addCard(doc, { id: 'n2', column: 'initiative', text: 'Draft' });
    promoteToCommitment(doc, 'n2', { id: 'draft' });
    recordOverride(doc, { by: 'Ana', reason: 'Accepted', findings: [], at: '2026-03-12T11:00:00.000Z' });
    setNextReview(doc, '2026-04-14');
    const first = exportBoardJson(doc, 'board-one');
    expect(first.board.nextReview).toBe('2026-04-14');
    expect(first.decisions).toHaveLength(4);
    expect(first.commitments.find((c) => c.id === 'draft')).not.toHaveProperty('due');
    const checked = validateBoardJson(JSON.parse(JSON.stringify(first)));
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    const copy = new Y.Doc();
    Y.applyUpdate(copy, importBoardJson(checked.value));
    expect(exportBoardJson(copy, 'board-one')).toEqual(first);
  });

  it('still imports a v1 export from before commitments had consents (no new fields)', () => {
    const doc = board();
    putCommitment(doc, { id: 'old', card: 'n', title: 'Old', owner: 'Ana', contributors: [], due: '2026-01-01', status: 'agreed', indicators: ['i'] });
    const json = exportBoardJson(doc, 'board-one');
    expect(Object.keys(json)).not.toContain('decisions');
    expect(Object.keys(json.commitments[0]!)).toEqual(['id', 'card', 'title', 'owner', 'contributors', 'due', 'status', 'indicators', 'trace']);
    expect(validateBoardJson(json).ok).toBe(true);
  });

  it('rejects duplicate decision ids and bad consent records with their path', () => {
    const doc = board();
    const id = promoteToCommitment(doc, 'n', complete);
    recordConsent(doc, id, thumbs(['up']));
    addDecision(doc, { kind: 'override', by: 'Ana', reason: 'x', findings: [] });
    const json = JSON.parse(JSON.stringify(exportBoardJson(doc, 'board-one')));
    json.decisions[1].id = json.decisions[0].id;
    expect(validateBoardJson(json)).toMatchObject({ ok: false, issue: { path: 'decisions[1].id' } });
    const bad = JSON.parse(JSON.stringify(exportBoardJson(doc, 'board-one')));
    bad.commitments[0].consents[0].responses[0].value = 7;
    expect(validateBoardJson(bad)).toMatchObject({ ok: false, issue: { path: expect.stringMatching(/^commitments\[0\]\.consents\[0\]/) } });
  });
});
