/** Read-back sentences along each agreed commitment's chain, and their wording when parts are missing. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, addLink, initBoard, promoteToCommitment, readBoard, recordConsent } from '../../shared/doc/index.ts';
import { humanDate, readBack, readBackAll } from '../../shared/readBack.ts';

function board() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Read-back', createdAt: 0 });
  addCard(doc, { id: 'g', column: 'goal', text: 'Grow NRR to 115%' });
  addCard(doc, { id: 's', column: 'segment', text: 'Mid-market ops teams' });
  addCard(doc, { id: 'v', column: 'value', text: 'Plans in hours, not days.' });
  addCard(doc, { id: 'b', column: 'behaviour', text: 'Plan capacity in the tool every Monday' });
  addCard(doc, { id: 'i', column: 'indicator', text: 'Weekly active planners', unit: '%', baselineValue: 22, targetValue: 45, targetBy: '2026-09-30' });
  addCard(doc, { id: 'n', column: 'initiative', text: 'Spreadsheet import' });
  for (const [a, b] of [['s', 'g'], ['v', 's'], ['b', 'v'], ['i', 'b'], ['n', 'i']] as const) addLink(doc, a, b);
  return doc;
}

describe('read-back', () => {
  it('narrates an agreed commitment along its chain', () => {
    const doc = board();
    const id = promoteToCommitment(doc, 'n', { owner: 'Jonas', due: '2026-06-30', checkpoint: '2026-05-01', definitionOfDone: 'Live' });
    expect(readBackAll(readBoard(doc))).toEqual([]);
    recordConsent(doc, id, { at: '2026-03-10T15:00:00Z', method: 'thumbs', participants: ['A'], responses: [{ name: 'A', value: 'up' }], outcome: 'agreed' });
    const [rb] = readBackAll(readBoard(doc));
    expect(rb?.sentence).toBe('We believe Mid-market ops teams will plan capacity in the tool every Monday, shown by Weekly active planners moving 22 → 45 % by 30 September 2026, '
      + 'creating plans in hours, not days toward grow NRR to 115%; Jonas owns Spreadsheet import by 30 June 2026.');
    expect(rb?.parts).toMatchObject({ segment: 'Mid-market ops teams', owner: 'Jonas', due: '30 June 2026', movement: 'moving 22 → 45 % by 30 September 2026' });
  });

  it('words missing parts plainly', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Bare', createdAt: 0 });
    addCard(doc, { id: 'n', column: 'initiative', text: 'Lonely idea' });
    const id = promoteToCommitment(doc, 'n');
    const snapshot = readBoard(doc);
    expect(readBack(snapshot.commitments.find((c) => c.id === id)!, snapshot).sentence).toBe(
      'We believe our customers will change how they work, shown by an indicator not chosen yet, creating customer value toward no business goal yet; '
      + 'nobody yet owns Lonely idea, with no due date yet.');
  });

  it('an indicator with only a target, or only a baseline', () => {
    const doc = board();
    doc.transact(() => {
      addCard(doc, { id: 'i2', column: 'indicator', text: 'Days to plan', targetValue: 7 });
      addCard(doc, { id: 'i3', column: 'indicator', text: 'NPS', baselineValue: -0 });
      addLink(doc, 'i2', 'b');
      addLink(doc, 'i3', 'b');
      addLink(doc, 'n', 'i2');
    });
    const id = promoteToCommitment(doc, 'n', { indicators: ['i2', 'i3', 'i'] });
    const snapshot = readBoard(doc);
    const sentence = readBack(snapshot.commitments.find((c) => c.id === id)!, snapshot).sentence;
    expect(sentence).toContain('shown by Days to plan moving to 7 and NPS moving from 0 (no target yet) and 1 more,');
  });

  it('humanDate', () => {
    expect(humanDate('2026-01-05')).toBe('5 January 2026');
    expect(humanDate('soon')).toBe('soon');
  });
});
