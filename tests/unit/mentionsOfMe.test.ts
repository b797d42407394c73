/**
 * Mentions that reach the mentioned person, and commitment ownership by
 * display name (shared/review/mentions.ts, sinceLastVisit.ts, client/sync/visit.ts).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, initBoard, readBoard } from '../../shared/doc/index.ts';
import { addComment, readActivity, readAllThreads, readCheckIns, readComments } from '../../shared/doc/review.ts';
import { isOwnerName, mentionsOf } from '../../shared/review/mentions.ts';
import { sinceLastVisit } from '../../shared/review/sinceLastVisit.ts';
import { cardMarkOf, commentCards, idsOf, marksOfCard, startVisitMarks } from '../../client/sync/visit.ts';

const T0 = Date.UTC(2026, 5, 1, 9);
const VISIT = T0 + 60_000;

function board() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Mentions', createdAt: T0 });
  const card = addCard(doc, { column: 'goal', text: 'Cut churn', createdAt: T0 });
  const toMe = addComment(doc, card, { author: 'Sam', text: '@priya nair please look', mentions: ['Priya Nair'] }, { now: VISIT + 1 });
  const toOther = addComment(doc, card, { author: 'Sam', text: '@Bob please look', mentions: ['Bob'] }, { now: VISIT + 2 });
  const mine = addComment(doc, card, { author: 'Priya Nair', text: 'note to self @Priya Nair', mentions: ['Priya Nair'] }, { now: VISIT + 3 });
  const before = addComment(doc, card, { author: 'Sam', text: 'old @Priya Nair', mentions: ['Priya Nair'] }, { now: T0 + 1 });
  return { doc, card, toMe, toOther, mine, before };
}

const input = (doc: Y.Doc, me: string) => ({ board: readBoard(doc), comments: readComments(doc), checkIns: readCheckIns(doc), activity: readActivity(doc), me });

describe('mentions of me', () => {
  it('mentionsOf matches a display name without case or outer spaces', () => {
    expect(mentionsOf(['Priya Nair'], ' priya nair ')).toBe(true);
    expect(mentionsOf(['Priya'], 'Priya Nair')).toBe(false);
    expect(mentionsOf(['Priya Nair'], undefined)).toBe(false);
  });

  it('since the last visit: the comments by others that mention me', () => {
    const s = board();
    const news = sinceLastVisit({ ...input(s.doc, 'Priya Nair'), lastVisit: VISIT });
    expect(news.mentions).toEqual([s.toMe]);
    expect(news.newComments.sort()).toEqual([s.toMe, s.toOther].sort());
    expect(news.count).toBe(2);
  });

  it('a mention is marked as such (not also as a comment), on its card, and cleared with the card', () => {
    const s = board();
    const marks = startVisitMarks({ lastViewed: VISIT, pending: [] }, input(s.doc, 'Priya Nair'));
    expect(idsOf(marks, 'mention')).toEqual([s.toMe]);
    expect(idsOf(marks, 'comment')).toEqual([s.toOther]);
    const cards = commentCards(readAllThreads(s.doc));
    expect(cardMarkOf(new Set([`mention:${s.toMe}`]), s.card, cards)).toBe('comment');
    expect(marksOfCard(marks, s.card, cards).sort()).toEqual([...marks].sort());
    // Carried over while unseen, dropped once the comment is gone.
    expect([...startVisitMarks({ lastViewed: VISIT + 10, pending: [`mention:${s.toMe}`, 'mention:gone'] }, input(s.doc, 'Priya Nair'))]).toEqual([`mention:${s.toMe}`]);
  });
});

describe('commitment ownership by display name', () => {
  it('the same name, ignoring case and a parenthesised role on either side', () => {
    expect(isOwnerName('Priya Nair (Head of Customer Success)', 'Priya Nair')).toBe(true);
    expect(isOwnerName('priya nair', 'Priya Nair (CS)')).toBe(true);
    expect(isOwnerName('Sam Stakeholder (CFO)', 'Sam Stakeholder (CFO)')).toBe(true);
    expect(isOwnerName('Priya Nair', 'Priya')).toBe(false);
    expect(isOwnerName('', 'Priya')).toBe(false);
    expect(isOwnerName('Priya', '')).toBe(false);
    expect(isOwnerName(undefined, 'Priya')).toBe(false);
  });
});
