/**
 * Pure client logic of the async review: "since your last visit" marks, @mention
 * typing and display, the check-in chart's geometry, diff marks on a board
 * version, the activity feed's lines, snapshot names and the review routes.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, addLink, initBoard, moveCard, putCommitment, readBoard, setCardText } from '../../shared/doc/index.ts';
import { addComment, logActivity, readActivity, readAllThreads, readComments } from '../../shared/doc/review.ts';
import { diffBoards } from '../../shared/review/diff.ts';
import type { IndicatorSeries } from '../../shared/review/checkins.ts';
import type { ActivityEntry } from '../../shared/review/model.ts';
import {
  cardMarkOf, commentCards, idsOf, marksOfCard, parseVisitRecord, serializeVisitRecord, startVisitMarks,
} from '../../client/sync/visit.ts';
import { activeMention, commentSegments, insertMention, suggestNames } from '../../client/panel/mentionText.ts';
import { chartGeometry, chartSummary, formatValue } from '../../client/review/chartGeometry.ts';
import { cardDiffMarks, changeLabel, diffSummary } from '../../client/review/diffMarks.ts';
import { feedLines, groupByDay } from '../../client/review/activityFeed.ts';
import { localToday, relativeDay, snapshotName, snapshotRow, snapshotTitle } from '../../client/derive/format.ts';
import { reviewPath } from '../../client/review/navigation.ts';
import { parseRoute } from '../../client/state/router.ts';

const T0 = Date.UTC(2026, 5, 1, 9);
const VISIT = T0 + 60_000;

/** A board viewed at VISIT; after that Bob adds a card, edits one, comments; I add one of my own. */
function visited() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Review', createdAt: T0 });
  const goal = addCard(doc, { column: 'goal', text: 'Grow ARR', author: 'Ann', createdAt: T0 });
  const segment = addCard(doc, { column: 'segment', text: 'SMB', author: 'Ann', createdAt: T0 });
  const indicator = addCard(doc, { column: 'indicator', text: 'Active teams', createdAt: T0 });
  const initiative = addCard(doc, { column: 'initiative', text: 'Guided setup', createdAt: T0 });
  putCommitment(doc, { id: 'm1', card: initiative, title: 'Guided setup', owner: 'Ann', contributors: [], status: 'agreed', indicators: [indicator] });
  const old = addComment(doc, goal, { author: 'Bob', text: 'Before the visit', mentions: [] }, { now: T0 + 5 });
  const fresh = addCard(doc, { column: 'value', text: 'Faster onboarding', author: 'Bob', createdAt: VISIT + 10 });
  const mine = addCard(doc, { column: 'value', text: 'Mine', author: 'Me', createdAt: VISIT + 11 });
  logActivity(doc, { kind: 'card-edited', who: 'Bob', card: segment }, { now: VISIT + 12 });
  const comment = addComment(doc, goal, { author: 'Bob', text: 'After the visit', mentions: [] }, { now: VISIT + 13 });
  const own = addComment(doc, segment, { author: 'Me', text: 'My own', mentions: [] }, { now: VISIT + 14 });
  logActivity(doc, { kind: 'commitment-status', who: 'Bob', commitment: 'm1', from: 'agreed', to: 'in-progress' }, { now: VISIT + 15 });
  const input = () => ({ board: readBoard(doc), comments: readComments(doc), checkIns: [], activity: readActivity(doc), me: 'Me' });
  return { doc, goal, segment, fresh, mine, old, comment, own, input };
}

describe('since your last visit', () => {
  it('marks nothing on a first visit', () => {
    const { input } = visited();
    expect(startVisitMarks(undefined, input()).size).toBe(0);
  });

  it('marks what others changed after the last visit, not my own changes', () => {
    const { input, fresh, segment, comment, mine, own, old } = visited();
    const marks = startVisitMarks({ lastViewed: VISIT, pending: [] }, input());
    expect(idsOf(marks, 'card-new')).toEqual([fresh]);
    expect(idsOf(marks, 'card-changed')).toEqual([segment]);
    expect(idsOf(marks, 'comment')).toEqual([comment]);
    expect(idsOf(marks, 'commitment')).toEqual(['m1']);
    expect([...marks].join()).not.toContain(mine);
    expect([...marks].join()).not.toContain(own);
    expect([...marks].join()).not.toContain(old);
  });

  it('carries unseen marks over to the next visit while their subject exists', () => {
    const { input, goal } = visited();
    const record = { lastViewed: VISIT + 1000, pending: [`card-new:${goal}`, 'card-new:gone', 'comment:gone', 'commitment:m1', 'bogus:x'] };
    const marks = startVisitMarks(record, input());
    expect([...marks].sort()).toEqual([`card-new:${goal}`, 'commitment:m1']);
  });

  it('shows one mark per card and clears a card’s marks with its comments when it is opened', () => {
    const { doc, input, goal, segment, fresh } = visited();
    const marks = startVisitMarks({ lastViewed: VISIT, pending: [] }, input());
    const commentCard = commentCards(readAllThreads(doc));
    expect(cardMarkOf(marks, fresh, commentCard)).toBe('new');
    expect(cardMarkOf(marks, segment, commentCard)).toBe('changed');
    expect(cardMarkOf(marks, goal, commentCard)).toBe('comment');
    const cleared = marksOfCard(marks, goal, commentCard);
    expect(cleared).toHaveLength(1);
    expect(cleared[0]).toMatch(/^comment:/);
    for (const key of cleared) marks.delete(key);
    expect(cardMarkOf(marks, goal, commentCard)).toBeNull();
  });

  it('reads back what it stores and treats anything malformed as a first visit', () => {
    const record = { lastViewed: VISIT, pending: ['card-new:a1', 'comment:c_2'] };
    expect(parseVisitRecord(serializeVisitRecord(record))).toEqual(record);
    expect(parseVisitRecord(null)).toBeUndefined();
    expect(parseVisitRecord('{not json')).toBeUndefined();
    expect(parseVisitRecord(JSON.stringify({ lastViewed: 'yesterday' }))).toBeUndefined();
    expect(parseVisitRecord(JSON.stringify({ lastViewed: 5, pending: ['ok:a', 7, '<script>'] }))).toEqual({ lastViewed: 5, pending: ['ok:a'] });
  });
});

describe('@mentions while typing', () => {
  const names = ['Ann Lee', 'Ann', 'Bob', 'Cleo Ortiz'];

  it('finds the mention being typed at the caret, not inside words or e-mail addresses', () => {
    expect(activeMention('Hi @An', 6, names)).toEqual({ at: 3, query: 'An' });
    expect(activeMention('@', 1, names)).toEqual({ at: 0, query: '' });
    expect(activeMention('Hi @Ann L', 9, names)).toEqual({ at: 3, query: 'Ann L' });
    expect(activeMention('Hi @Bob and', 11, names)).toBeUndefined();
    expect(activeMention('mail bob@ann.io', 15, names)).toBeUndefined();
    expect(activeMention('@Ann\nnext', 9, names)).toBeUndefined();
    expect(activeMention('no mention', 10, names)).toBeUndefined();
  });

  it('suggests names starting with the query first, then names with a word starting with it', () => {
    expect(suggestNames(names, 'an')).toEqual(['Ann', 'Ann Lee']);
    expect(suggestNames(names, 'o')).toEqual(['Cleo Ortiz']);
    expect(suggestNames(names, '')).toEqual(['Ann', 'Ann Lee', 'Bob', 'Cleo Ortiz']);
    expect(suggestNames(names, 'zz')).toEqual([]);
  });

  it('puts the chosen name in place of what was typed, caret after it', () => {
    const text = 'Ask @cl about it';
    const mention = activeMention(text, 7, names)!;
    expect(insertMention(text, mention, 7, 'Cleo Ortiz')).toEqual({ text: 'Ask @Cleo Ortiz about it', caret: 16 });
  });

  it('splits a comment into text and the mentions it was stored with', () => {
    expect(commentSegments('Thanks @ann lee and @Bob, not bob@x.io', ['Ann Lee', 'Bob'])).toEqual([
      { kind: 'text', text: 'Thanks ' },
      { kind: 'mention', text: '@ann lee', name: 'Ann Lee' },
      { kind: 'text', text: ' and ' },
      { kind: 'mention', text: '@Bob', name: 'Bob' },
      { kind: 'text', text: ', not bob@x.io' },
    ]);
    expect(commentSegments('@Annabel', ['Ann'])).toEqual([{ kind: 'text', text: '@Annabel' }]);
  });
});

describe('check-in chart', () => {
  const series: IndicatorSeries = {
    indicator: 'n1', unit: '%', direction: 'increase',
    points: [
      { date: '2026-02-01', value: 12, status: 'on-track', checkIn: 'c1' },
      { date: '2026-03-01', value: 15, status: 'at-risk', checkIn: 'c2' },
    ],
    baseline: { value: 10, date: '2026-01-01' },
    target: { value: 20, date: '2026-05-01' },
    progress: 0.5,
  };

  it('places values between baseline and target over the dated span', () => {
    const g = chartGeometry(series);
    expect(g.empty).toBe(false);
    expect(g.xRange).toEqual({ first: '2026-01-01', last: '2026-05-01' });
    const [a, b] = g.points;
    expect(a!.x).toBeGreaterThan(g.plot.left);
    expect(b!.x).toBeGreaterThan(a!.x);
    expect(b!.x).toBeLessThan(g.plot.right);
    // Higher values are drawn higher (smaller y); the target above the baseline.
    expect(b!.y).toBeLessThan(a!.y);
    expect(g.target!.y).toBeLessThan(g.baseline!.y);
    expect(g.baseline!.y).toBeLessThanOrEqual(g.plot.bottom);
    expect(g.target!.y).toBeGreaterThanOrEqual(g.plot.top);
    expect(g.line).toMatch(/^M[\d.]+ [\d.]+ L[\d.]+ [\d.]+$/);
    expect(g.planned).toBe(`M${g.plot.left} ${g.baseline!.y} L${g.plot.right} ${g.target!.y}`);
  });

  it('draws a single value in the middle, and nothing when there is nothing to draw', () => {
    const one = chartGeometry({ indicator: 'n1', points: [{ date: '2026-02-01', value: 3, status: 'done', checkIn: 'c' }] });
    expect(one.points[0]!.x).toBe((one.plot.left + one.plot.right) / 2);
    expect(one.line).toBe('');
    expect(Number.isFinite(one.points[0]!.y)).toBe(true);
    expect(chartGeometry({ indicator: 'n1', points: [] }).empty).toBe(true);
  });

  it('says in words what it shows', () => {
    expect(chartSummary('Active teams', series)).toBe('Active teams, latest 15% on 2026-03-01, baseline 10%, target 20% by 2026-05-01, 50% of the way');
    expect(formatValue(1234.567, 'teams')).toBe('1,234.57 teams');
  });
});

describe('diff on a board version', () => {
  it('marks added, edited and moved cards and sums up the changes', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Diff', createdAt: T0 });
    const goal = addCard(doc, { column: 'goal', text: 'Grow ARR', createdAt: T0 });
    const a = addCard(doc, { column: 'segment', text: 'SMB', createdAt: T0 });
    const b = addCard(doc, { column: 'segment', text: 'Mid-market', createdAt: T0 });
    const gone = addCard(doc, { column: 'value', text: 'Gone soon', createdAt: T0 });
    const before = readBoard(doc);
    setCardText(doc, goal, 'Grow ARR to 10M');
    moveCard(doc, b, 'segment', 0);
    const added = addCard(doc, { column: 'value', text: 'Faster setup', createdAt: T0 + 1 });
    addLink(doc, a, goal);
    doc.getMap('cards').delete(gone);
    const diff = diffBoards(before, readBoard(doc));
    const marks = cardDiffMarks(diff);
    expect(marks.get(added)?.changes).toEqual(['added']);
    expect(marks.get(goal)).toMatchObject({ changes: ['edited'], textBefore: 'Grow ARR' });
    expect(changeLabel(marks.get(goal)!)).toBe('Edited');
    expect(changeLabel(marks.get(b)!)).toBe('Reordered');
    expect(changeLabel({ changes: ['edited', 'moved'], movedFrom: 'segment', fields: [] })).toBe('Edited, moved from Segments');
    expect(marks.has(a)).toBe(false);
    expect(diffSummary(diff)).toBe('4 cards: 1 added, 1 removed, 1 edited, 1 moved · 1 link changed');
    expect(diffSummary(diffBoards(before, before))).toBe('No changes');
  });
});

describe('activity feed', () => {
  const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
  const entries: ActivityEntry[] = [
    { id: 'e1', at: at(0), kind: 'card-added', who: 'Ann', card: 'c1', to: 'goal', excerpt: 'Old text' },
    { id: 'e2', at: at(1), kind: 'comment-added', card: 'c1', comment: 'k1', excerpt: 'Old text' },
    { id: 'e3', at: at(2), kind: 'check-in', who: 'Bob', commitment: 'm1', checkIn: 'x', to: 'at-risk', excerpt: 'Setup' },
    { id: 'e4', at: at(3), kind: 'card-deleted', who: 'Ann', card: 'c9', excerpt: 'Deleted card' },
  ];
  const board = {
    cards: [{ id: 'c1', column: 'goal' as const, text: 'Grow ARR\nmore', order: 'a', createdAt: at(0), status: 'active' as const }],
    commitments: [{ id: 'm1', card: 'c1', title: 'Guided setup', owner: 'Bob', contributors: [], status: 'agreed' as const, indicators: [] }],
  };

  it('reads newest first, with current names, and “Someone” for anonymous entries', () => {
    const lines = feedLines(entries, board);
    expect(lines.map((l) => l.text)).toEqual([
      'Ann deleted “Deleted card”',
      'Bob checked in on “Guided setup”: at risk',
      'Someone commented on “Grow ARR”',
      'Ann added “Grow ARR” to Business goals',
    ]);
    expect(lines[0]!.card).toBeUndefined();
    expect(lines[3]!.card).toBe('c1');
    expect(lines[1]!.commitment).toBe('m1');
  });

  it('filters by what entries are about and groups them by day', () => {
    expect(feedLines(entries, board, 'comments').map((l) => l.id)).toEqual(['e2']);
    expect(feedLines(entries, board, 'commitments').map((l) => l.id)).toEqual(['e3']);
    const lines = feedLines([...entries, { id: 'e5', at: new Date(T0 + 3 * 86_400_000).toISOString(), kind: 'card-edited', who: 'Ann', card: 'c1' }], board);
    const days = groupByDay(lines);
    expect(days).toHaveLength(2);
    expect(days[0]!.lines.map((l) => l.id)).toEqual(['e5']);
    expect(days[1]!.lines).toHaveLength(4);
  });
});

describe('review words and routes', () => {
  it('names snapshots by why they were taken', () => {
    expect(snapshotTitle({ reason: 'phase', phase: 'who' })).toBe('Phase: Who');
    expect(snapshotTitle({ reason: 'manual', label: 'Before restore' })).toBe('Saved: Before restore');
    expect(snapshotTitle({ reason: 'manual' })).toBe('Saved version');
    expect(snapshotTitle({ reason: 'periodic' })).toBe('Automatic save');
    expect(snapshotTitle({ reason: 'periodic', phase: 'goals' })).toBe('Automatic save during Goals');
    expect(snapshotName({ reason: 'periodic', at: 'not a date' })).toBe('Automatic save, not a date');
  });

  it('lists each version as its kind and what sets it apart, never the same word twice', () => {
    const versions = [
      { reason: 'periodic' }, { reason: 'periodic', phase: 'goals' }, { reason: 'phase', phase: 'who' }, { reason: 'phase' },
      { reason: 'manual', label: 'After the March review' }, { reason: 'manual' }, { reason: 'created' },
      { reason: 'removal', label: 'Before 37 cards were removed' }, { reason: 'removal' },
    ] as const;
    const rows = versions.map((v) => snapshotRow(v));
    expect(rows.slice(0, 3)).toEqual([
      { kind: 'Automatic', title: 'While the board changed' }, { kind: 'Automatic', title: 'During Goals' }, { kind: 'Phase change', title: 'Start of Who' },
    ]);
    expect(rows[4]).toEqual({ kind: 'Saved', title: 'After the March review' });
    for (const { kind, title } of rows) {
      const words = (text: string) => new Set(text.toLowerCase().match(/[a-z]+/g));
      const shared = [...words(kind)].filter((w) => w.length > 2 && words(title).has(w));
      expect(shared, `${kind} / ${title}`).toEqual([]);
    }
  });

  it('says how far a review date is', () => {
    expect(relativeDay('2026-06-02', '2026-06-01')).toBe('tomorrow');
    expect(relativeDay('2026-06-11', '2026-06-01')).toBe('in 10 days');
    expect(relativeDay('2026-05-29', '2026-06-01')).toBe('3 days ago');
    expect(localToday(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });

  it('routes the review page over the board page of the same board', () => {
    expect(parseRoute('/b/abc123/review')).toEqual({ page: 'board', boardId: 'abc123', review: 'summary' });
    expect(parseRoute('/b/abc123/review/history')).toEqual({ page: 'board', boardId: 'abc123', review: 'history' });
    expect(parseRoute('/b/abc123/review/activity/')).toEqual({ page: 'board', boardId: 'abc123', review: 'activity' });
    expect(parseRoute('/b/abc123/review/other')).toEqual({ page: 'not-found' });
    expect(parseRoute('/b/abc123')).toEqual({ page: 'board', boardId: 'abc123' });
    expect(reviewPath('abc123', 'history')).toBe('/b/abc123/review/history');
    expect(reviewPath('abc123')).toBe('/b/abc123/review');
  });
});
