/**
 * "Since your last visit" (shared/review/sinceLastVisit.ts), fed by the document layer.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, initBoard, putCommitment, readBoard } from '../../shared/doc/index.ts';
import { addCheckIn, addComment, logActivity, readActivity, readCheckIns, readComments } from '../../shared/doc/review.ts';
import { sinceLastVisit } from '../../shared/review/sinceLastVisit.ts';

const T0 = Date.UTC(2026, 5, 1, 9);
const VISIT = T0 + 60_000;

function scenario() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Visit', createdAt: T0 });
  const old = addCard(doc, { column: 'goal', text: 'Old goal', createdAt: T0 });
  const edited = addCard(doc, { column: 'segment', text: 'Edited later', createdAt: T0 });
  const moved = addCard(doc, { column: 'segment', text: 'Moved later', createdAt: T0 });
  const indicator = addCard(doc, { column: 'indicator', text: 'Teams', createdAt: T0 });
  const initiative = addCard(doc, { column: 'initiative', text: 'Setup', createdAt: T0 });
  putCommitment(doc, { id: 'm1', card: initiative, title: 'Setup', owner: 'Ann', contributors: [], status: 'agreed', indicators: [indicator] });
  putCommitment(doc, { id: 'm2', card: initiative, title: 'Setup 2', owner: 'Ann', contributors: [], status: 'agreed', indicators: [indicator] });
  addComment(doc, old, { author: 'Bob', text: 'seen before', mentions: [] }, { now: T0 + 1 });
  // After the visit:
  const fresh = addCard(doc, { column: 'value', text: 'New value', author: 'Bob', createdAt: VISIT + 1 });
  const mine = addCard(doc, { column: 'value', text: 'My value', author: 'Me', createdAt: VISIT + 2 });
  const anonymousMine = addCard(doc, { column: 'value', text: 'My anonymous value', createdAt: VISIT + 3 });
  logActivity(doc, { kind: 'card-added', who: 'Me', card: anonymousMine }, { now: VISIT + 3 });
  logActivity(doc, { kind: 'card-edited', who: 'Bob', card: edited }, { now: VISIT + 4 });
  logActivity(doc, { kind: 'card-moved', card: moved, from: 'segment', to: 'segment' }, { now: VISIT + 5, anonymous: true });
  logActivity(doc, { kind: 'card-edited', who: 'Me', card: old }, { now: VISIT + 6 });
  logActivity(doc, { kind: 'card-edited', who: 'Bob', card: fresh }, { now: VISIT + 7 });
  logActivity(doc, { kind: 'card-edited', who: 'Bob', card: 'deletedCard' }, { now: VISIT + 8 });
  logActivity(doc, { kind: 'commitment-status', who: 'Bob', commitment: 'm2', from: 'agreed', to: 'in-progress' }, { now: VISIT + 9 });
  const comment = addComment(doc, old, { author: 'Bob', text: 'new thought', mentions: [] }, { now: VISIT + 10 });
  addComment(doc, old, { author: 'Me', text: 'my own', mentions: [] }, { now: VISIT + 11 });
  const checkIn = addCheckIn(doc, 'm1', { by: 'Ann', status: 'at-risk', note: '', date: '2026-06-01' }, { now: VISIT + 12 });
  return { doc, fresh, mine, edited, moved, old, comment, checkIn };
}

function input(doc: Y.Doc, lastVisit: string | number | undefined, me?: string) {
  return { board: readBoard(doc), comments: readComments(doc), checkIns: readCheckIns(doc), activity: readActivity(doc), lastVisit, ...(me ? { me } : {}) };
}

describe('sinceLastVisit', () => {
  it('marks new and changed cards, new comments and status changes by others', () => {
    const s = scenario();
    const result = sinceLastVisit(input(s.doc, new Date(VISIT).toISOString(), 'Me'));
    expect(result.newCards).toEqual([s.fresh]);
    expect(result.changedCards.sort()).toEqual([s.edited, s.moved].sort());
    expect(result.newComments).toEqual([s.comment]);
    expect(result.newCheckIns).toEqual([s.checkIn]);
    expect(result.statusChanges.sort()).toEqual(['m1', 'm2']);
    expect(result.count).toBe(1 + 2 + 1 + 2);
  });

  it('without `me` everything after the visit counts; before it nothing does', () => {
    const s = scenario();
    const all = sinceLastVisit(input(s.doc, VISIT));
    expect(all.newCards).toHaveLength(3);
    expect(all.changedCards).toContain(s.old);
    expect(all.newComments).toHaveLength(2);
    const later = sinceLastVisit(input(s.doc, VISIT + 1_000_000));
    expect(later.count).toBe(0);
  });

  it('marks nothing on a first visit or with an unreadable time', () => {
    const s = scenario();
    expect(sinceLastVisit(input(s.doc, undefined)).count).toBe(0);
    expect(sinceLastVisit(input(s.doc, 'not a date')).newCards).toEqual([]);
  });
});
