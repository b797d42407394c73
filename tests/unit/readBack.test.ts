/** Read-back sentences along each agreed commitment's chain, with the team's own assumptions, and their wording when parts are missing. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, addLink, initBoard, promoteToCommitment, readBoard, recordConsent } from '../../shared/doc/index.ts';
import { buildExampleBoard } from '../../shared/exampleBoard.ts';
import { humanDate, readBack, readBackAll } from '../../shared/readBack.ts';
import type { ConsentRecord } from '../../shared/model.ts';

const AGREED: ConsentRecord = { at: '2026-03-10T15:00:00Z', method: 'thumbs', participants: ['A'], responses: [{ name: 'A', value: 'up' }], outcome: 'agreed' };

function board() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Read-back', createdAt: 0 });
  addCard(doc, { id: 'g', column: 'goal', text: 'Reduce logo churn below 8%', metric: 'Gross logo churn, annualised' });
  addCard(doc, { id: 's', column: 'segment', text: 'Regulated fintechs' });
  addCard(doc, { id: 'v', column: 'value', text: 'Audits without the scramble.' });
  addCard(doc, { id: 'b', column: 'behaviour', text: 'Compliance leads export an audit report monthly' });
  addCard(doc, { id: 'i', column: 'indicator', text: 'Monthly audit exports', unit: '% of accounts', baselineValue: 22, targetValue: 45, targetBy: '2026-09-30' });
  addCard(doc, { id: 'n', column: 'initiative', text: 'Scheduled audit report' });
  for (const [a, b, assumption] of [
    ['s', 'g', 'We believe fintechs that pass audits easily renew.'], ['v', 's', ''], ['b', 'v', 'We believe that a monthly export removes the audit scramble.'],
    ['i', 'b', undefined], ['n', 'i', 'Scheduling makes the export a habit'],
  ] as const) addLink(doc, a, b, assumption);
  return doc;
}

describe('read-back', () => {
  it('reads the worked example back as sentences along its chain, in the team’s own words', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Teamflow', createdAt: 0 });
    // The example's dates follow the day it is made: made in mid-February 2026, it is due at the end of June.
    buildExampleBoard(doc, '2026-02-14');
    const [commitment] = readBoard(doc).commitments;
    expect(readBackAll(readBoard(doc))).toEqual([]);
    recordConsent(doc, commitment!.id, AGREED);
    const [rb] = readBackAll(readBoard(doc));
    expect(rb?.sentence).toBe(
      'We believe that if ops leads plan capacity in Teamflow, not in spreadsheets, it brings mid-market operations teams (200–2,000 employees) in DACH and the Nordics '
      + 'the value ‘See every team’s capacity in one place, so the monthly plan takes hours instead of days’, which moves net revenue retention (NRR) toward the goal '
      + '‘Grow net revenue retention to 115% by the end of 2026’ and gross logo churn toward the goal ‘Cut annual gross logo churn from 14% to 9%’. '
      + 'We will know by days to first capacity plan falling from 19 to 7 days by 30 June 2026. '
      + 'Priya Nair (Head of Customer Success) owns ‘Build the first capacity plan in every mid-market kickoff call’, with Jonas Berg and Lea Meyer, due 30 June 2026. '
      + 'We also believe that building the plan in the kickoff call cuts the time to the first plan to one week; that ops leads who plan within the first week keep planning in the tool; '
      + 'that the plan only saves time when the ops lead maintains it in the tool; that ops leads lose two days a month assembling capacity spreadsheets; '
      + 'that mid-market ops teams add seats fastest once their planning runs in the tool; and that churn concentrates in mid-market accounts that never replaced their spreadsheets.',
    );
    expect(rb?.sentence).toBe(Object.values(rb!.sentences).join(' '));
    expect(rb?.parts).toMatchObject({ owner: 'Priya Nair (Head of Customer Success)', due: '30 June 2026', indicator: 'Days to first capacity plan', movement: 'falling from 19 to 7 days by 30 June 2026' });
  });

  it('narrates a chain with percentages, a goal metric and assumptions only where links state one', () => {
    const doc = board();
    const id = promoteToCommitment(doc, 'n', { owner: 'Jonas', due: '2026-06-30', checkpoint: '2026-05-01', definitionOfDone: 'Live' });
    recordConsent(doc, id, AGREED);
    const [rb] = readBackAll(readBoard(doc));
    expect(rb?.sentences).toEqual({
      belief: 'We believe that if compliance leads export an audit report monthly, it brings regulated fintechs the value ‘Audits without the scramble’, '
        + 'which moves gross logo churn toward the goal ‘Reduce logo churn below 8%’.',
      evidence: 'We will know by monthly audit exports rising from 22% to 45% of accounts by 30 September 2026.',
      ownership: 'Jonas owns ‘Scheduled audit report’, due 30 June 2026.',
      assumptions: 'We also believe that scheduling makes the export a habit; that a monthly export removes the audit scramble; and that fintechs that pass audits easily renew.',
    });
  });

  it('words missing parts plainly', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Bare', createdAt: 0 });
    addCard(doc, { id: 'n', column: 'initiative', text: 'Lonely idea' });
    const id = promoteToCommitment(doc, 'n');
    const snapshot = readBoard(doc);
    expect(readBack(snapshot.commitments.find((c) => c.id === id)!, snapshot).sentence).toBe(
      'We believe that if our customers change how they work, it brings our customers more value, which moves us toward no business goal yet. '
      + 'We have not chosen a success indicator to know by yet. Nobody owns ‘Lonely idea’ yet, with no due date yet.');
  });

  it('an indicator with only a target, only a baseline, or an unchanged target', () => {
    const doc = board();
    doc.transact(() => {
      addCard(doc, { id: 'i2', column: 'indicator', text: 'Days to audit', unit: 'days', targetValue: 7 });
      addCard(doc, { id: 'i3', column: 'indicator', text: 'NPS', baselineValue: -0 });
      addCard(doc, { id: 'i4', column: 'indicator', text: 'Seats', baselineValue: 5, targetValue: 5, targetBy: '2026-01-05' });
      for (const i of ['i2', 'i3', 'i4']) {
        addLink(doc, i, 'b');
        addLink(doc, 'n', i);
      }
    });
    promoteToCommitment(doc, 'n');
    const snapshot = readBoard(doc);
    const sentenceWith = (indicators: string[]) => readBack({ ...snapshot.commitments[0]!, indicators }, snapshot).sentences.evidence;
    expect(sentenceWith(['i2', 'i3', 'i'])).toBe('We will know by days to audit reaching 7 days (no baseline or target date yet), NPS moving from 0 (no target yet) and 1 more indicator.');
    expect(sentenceWith(['i4'])).toBe('We will know by seats holding at 5 by 5 January 2026.');
  });

  it('humanDate', () => {
    expect(humanDate('2026-01-05')).toBe('5 January 2026');
    expect(humanDate('soon')).toBe('soon');
  });
});
