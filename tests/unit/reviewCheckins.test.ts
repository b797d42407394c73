/**
 * Commitment check-ins: the document-layer op and read, and the pure
 * derivations (latest status, last review, missing check-ins, indicator chart).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, addLink, initBoard, putCommitment, readCard, readCommitments } from '../../shared/doc/index.ts';
import { addCheckIn, importCheckIns, readActivity, readCheckIns, readReviewCadence, setReviewCadence } from '../../shared/doc/review.ts';
import {
  commitmentsWithoutCheckIn, indicatorSeries, lastReviewDate, shiftDate,
} from '../../shared/review/checkins.ts';
import type { CheckIn } from '../../shared/review/model.ts';
import type { Commitment } from '../../shared/model.ts';

const T0 = Date.UTC(2026, 5, 1, 9);

function board() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Check-ins', createdAt: T0 });
  const indicator = addCard(doc, { column: 'indicator', text: 'Weekly active teams', unit: 'teams', direction: 'increase', baselineValue: 100, baselineAsOf: '2026-05-01', targetValue: 200, targetBy: '2026-12-31' });
  const second = addCard(doc, { column: 'indicator', text: 'Invites sent' });
  const initiative = addCard(doc, { column: 'initiative', text: 'Onboarding revamp' });
  addLink(doc, initiative, indicator);
  const commitment: Commitment = { id: 'c1', card: initiative, title: 'Onboarding revamp', owner: 'Ann', contributors: [], due: '2026-09-30', status: 'in-progress', indicators: [indicator, second] };
  putCommitment(doc, commitment);
  return { doc, indicator, second, commitment };
}

const checkIn = (over: Partial<CheckIn> & Pick<CheckIn, 'id' | 'date'>): CheckIn => ({
  commitment: 'c1', by: 'Ann', status: 'on-track', note: '', at: '2026-06-01T09:00:00.000Z', ...over,
});

describe('check-ins in the document', () => {
  it('appends check-ins (history kept) and reads them sorted by date, then recording time', () => {
    const { doc, second } = board();
    const a = addCheckIn(doc, 'c1', { by: 'Ann', status: 'on-track', note: 'good start', value: 120, date: '2026-06-08' }, { now: T0 + 2 });
    const b = addCheckIn(doc, 'c1', { by: 'Ann', status: 'at-risk', note: 'churn', value: 110, date: '2026-06-01' }, { now: T0 + 1 });
    const c = addCheckIn(doc, 'c1', { by: 'Bob', status: 'off-track', note: 'invites low', value: 3, indicator: second, date: '2026-06-08' }, { now: T0 + 3 });
    const read = readCheckIns(doc, 'c1');
    expect(read.map((x) => x.id)).toEqual([b, a, c]);
    expect(read[1]).toEqual({ id: a, commitment: 'c1', by: 'Ann', status: 'on-track', note: 'good start', value: 120, date: '2026-06-08', at: new Date(T0 + 2).toISOString() });
    expect(read[2]!.indicator).toBe(second);
    expect(readCheckIns(doc, 'other')).toEqual([]);
    expect(readCheckIns(doc)).toHaveLength(3);
    expect(readActivity(doc).map((e) => [e.kind, e.who, e.commitment, e.to, e.excerpt])).toEqual([
      ['check-in', 'Ann', 'c1', 'at-risk', 'Onboarding revamp'],
      ['check-in', 'Ann', 'c1', 'on-track', 'Onboarding revamp'],
      ['check-in', 'Bob', 'c1', 'off-track', 'Onboarding revamp'],
    ]);
  });

  it('refuses check-ins on unknown commitments, with bad fields, or on an indicator that is not the commitment’s', () => {
    const { doc } = board();
    const base = { by: 'Ann', status: 'on-track' as const, note: '', date: '2026-06-01' };
    expect(() => addCheckIn(doc, 'nope', base)).toThrow(/no such commitment/);
    expect(() => addCheckIn(doc, 'c1', { ...base, status: 'fine' as never })).toThrow(/status/);
    expect(() => addCheckIn(doc, 'c1', { ...base, date: '2026-02-30' })).toThrow(/date/);
    expect(() => addCheckIn(doc, 'c1', { ...base, date: '1 June' })).toThrow(/date/);
    expect(() => addCheckIn(doc, 'c1', { ...base, value: Number.NaN })).toThrow(/value/);
    expect(() => addCheckIn(doc, 'c1', { ...base, by: ' ' })).toThrow(/by/);
    expect(() => addCheckIn(doc, 'c1', { ...base, indicator: 'someCard' })).toThrow(/success indicator/);
    expect(readCheckIns(doc)).toEqual([]);
  });

  it('anonymous mode keeps the check-in’s reporter but not the activity entry’s name', () => {
    const { doc } = board();
    addCheckIn(doc, 'c1', { by: 'Ann', status: 'done', note: '', date: '2026-06-01' }, { anonymous: true });
    expect(readCheckIns(doc)[0]!.by).toBe('Ann');
    expect(readActivity(doc)[0]!.who).toBeUndefined();
  });

  it('skips hostile records and repeated ids', () => {
    const { doc } = board();
    const id = addCheckIn(doc, 'c1', { by: 'Ann', status: 'on-track', note: '', date: '2026-06-01' }, { now: T0 });
    const log = doc.getArray<unknown>('checkins');
    log.push([
      'text', null, [1, 2],
      { id: 'x1', commitment: 'c1', by: 'Eve', status: 'great', note: '', date: '2026-06-02', at: T0 },
      { id: 'x2', commitment: 'c1', by: 'Eve', status: 'done', note: '', date: '2026-06-02', at: 1e30 },
      { id: 'x3', commitment: 'c1', by: 'Eve', status: 'done', note: '', date: '2026-06-02', at: T0, value: 'high' },
      { id: 'x4', commitment: '__proto__', by: 'Eve', status: 'done', note: '', date: '2026-06-02', at: T0 },
      { id: 'x5', commitment: 'c1', by: 'Eve', status: 'done', note: '', date: '2026-06-02', at: T0, admin: true },
      { id, commitment: 'c1', by: 'Eve', status: 'done', note: 'dup', date: '2026-06-09', at: T0 },
    ]);
    expect(readCheckIns(doc).map((c) => [c.id, c.by])).toEqual([[id, 'Ann']]);
  });

  it('round-trips through export and import (ids and times kept, repeats skipped, invalid refused)', () => {
    const { doc } = board();
    addCheckIn(doc, 'c1', { by: 'Ann', status: 'on-track', note: 'a', value: 1.5, date: '2026-06-01' }, { now: T0 });
    addCheckIn(doc, 'c1', { by: 'Bob', status: 'done', note: 'b', date: '2026-06-08' }, { now: T0 + 1 });
    const exported = JSON.parse(JSON.stringify(readCheckIns(doc))) as CheckIn[];
    const { doc: copy } = board();
    importCheckIns(copy, exported);
    importCheckIns(copy, exported);
    expect(readCheckIns(copy)).toEqual(readCheckIns(doc));
    expect(() => importCheckIns(copy, [{ ...exported[0]!, id: 'new1', status: 'meh' as never }])).toThrow(/status/);
    expect(() => importCheckIns(copy, [{ ...exported[0]!, id: 'new2', at: 'never' }])).toThrow(/at/);
    expect(readCheckIns(copy)).toHaveLength(2);
  });

  it('stores the review cadence', () => {
    const { doc } = board();
    expect(readReviewCadence(doc)).toBeUndefined();
    setReviewCadence(doc, 'monthly');
    expect(readReviewCadence(doc)).toBe('monthly');
    expect(() => setReviewCadence(doc, 'daily' as never)).toThrow(/cadence/);
    doc.getMap('review').set('cadence', 'hourly');
    expect(readReviewCadence(doc)).toBeUndefined();
    setReviewCadence(doc, null);
    expect(doc.getMap('review').has('cadence')).toBe(false);
  });
});

describe('review dates', () => {
  it('shifts dates by whole periods without drift (month ends clamp)', () => {
    expect(shiftDate('2026-06-01', 'weekly', -1)).toBe('2026-05-25');
    expect(shiftDate('2026-01-31', 'monthly', 1)).toBe('2026-02-28');
    expect(shiftDate('2026-01-31', 'monthly', 2)).toBe('2026-03-31');
    expect(shiftDate('2024-03-31', 'monthly', -1)).toBe('2024-02-29');
    expect(shiftDate('2026-11-15', 'quarterly', 1)).toBe('2027-02-15');
    expect(shiftDate('0050-01-10', 'weekly', 1)).toBe('0050-01-17');
    expect(() => shiftDate('2026-13-01', 'weekly', 1)).toThrow();
  });

  it('finds the last review before today from the next review date and cadence', () => {
    // Next review ahead: the one a period before it.
    expect(lastReviewDate('2026-06-15', 'weekly', '2026-06-10')).toBe('2026-06-08');
    // On the review day itself, the previous review.
    expect(lastReviewDate('2026-06-15', 'weekly', '2026-06-15')).toBe('2026-06-08');
    // Far ahead: keeps stepping back.
    expect(lastReviewDate('2026-09-30', 'monthly', '2026-06-10')).toBe('2026-05-30');
    // Next review date never updated (in the past): the series continues.
    expect(lastReviewDate('2026-05-04', 'weekly', '2026-06-10')).toBe('2026-06-08');
    expect(lastReviewDate('2026-01-15', 'quarterly', '2026-06-10')).toBe('2026-04-15');
    // Without a cadence: only a past review date is known.
    expect(lastReviewDate('2026-06-01', undefined, '2026-06-10')).toBe('2026-06-01');
    expect(lastReviewDate('2026-06-20', undefined, '2026-06-10')).toBeUndefined();
    expect(lastReviewDate(undefined, 'weekly', '2026-06-10')).toBeUndefined();
    expect(lastReviewDate('garbage', 'weekly', '2026-06-10')).toBeUndefined();
    expect(lastReviewDate('9999-12-31', 'quarterly', '2026-06-10')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(lastReviewDate('0000-01-03', 'weekly', '0000-01-02')).toBeUndefined();
    const last = lastReviewDate('0001-01-01', 'weekly', '9999-12-31')!;
    const days = (Date.parse('9999-12-31') - Date.parse(last)) / 86_400_000;
    expect(days).toBeGreaterThan(0);
    expect(days).toBeLessThanOrEqual(7);
    expect((Date.parse(last) - Date.parse('0001-01-01')) / 86_400_000 % 7).toBe(0);
  });

  it('lists reporting commitments without a check-in since the last review', () => {
    const commitments: Commitment[] = [
      { id: 'c1', card: 'i1', title: 'A', owner: 'Ann', contributors: [], status: 'in-progress', indicators: [] },
      { id: 'c2', card: 'i2', title: 'B', owner: 'Bob', contributors: [], status: 'agreed', indicators: [] },
      { id: 'c3', card: 'i3', title: 'C', owner: 'Cy', contributors: [], status: 'done', indicators: [] },
      { id: 'c4', card: 'i4', title: 'D', owner: 'Di', contributors: [], status: 'proposed', indicators: [] },
    ];
    const list = [checkIn({ id: 'a', date: '2026-06-08' }), checkIn({ id: 'b', commitment: 'c2', date: '2026-06-07' })];
    expect(commitmentsWithoutCheckIn(commitments, list, '2026-06-08')).toEqual(['c2']);
    expect(commitmentsWithoutCheckIn(commitments, list, '2026-06-01')).toEqual([]);
    expect(commitmentsWithoutCheckIn(commitments, [], undefined)).toEqual(['c1', 'c2']);
    expect(commitmentsWithoutCheckIn(commitments, [], undefined, ['proposed'])).toEqual(['c4']);
  });
});

describe('indicator chart series', () => {
  it('gives the indicator’s values against baseline and target, one point per date', () => {
    const { doc, indicator, second } = board();
    const commitment = readCommitments(doc)[0]!;
    addCheckIn(doc, 'c1', { by: 'Ann', status: 'on-track', note: '', value: 120, date: '2026-06-08' }, { now: T0 });
    addCheckIn(doc, 'c1', { by: 'Ann', status: 'at-risk', note: '', value: 110, date: '2026-06-01' }, { now: T0 });
    addCheckIn(doc, 'c1', { by: 'Ann', status: 'on-track', note: 'corrected', value: 125, date: '2026-06-08' }, { now: T0 + 1 });
    addCheckIn(doc, 'c1', { by: 'Ann', status: 'on-track', note: 'no value', date: '2026-06-15' }, { now: T0 });
    addCheckIn(doc, 'c1', { by: 'Bob', status: 'off-track', note: '', value: 3, indicator: second, date: '2026-06-15' }, { now: T0 });
    const series = indicatorSeries(commitment, readCard(doc, indicator)!, readCheckIns(doc));
    expect(series.points.map((p) => [p.date, p.value, p.status])).toEqual([['2026-06-01', 110, 'at-risk'], ['2026-06-08', 125, 'on-track']]);
    expect(series.baseline).toEqual({ value: 100, date: '2026-05-01' });
    expect(series.target).toEqual({ value: 200, date: '2026-12-31' });
    expect(series.unit).toBe('teams');
    expect(series.direction).toBe('increase');
    expect(series.progress).toBeCloseTo(0.25);
    const other = indicatorSeries(commitment, readCard(doc, second)!, readCheckIns(doc));
    expect(other.points.map((p) => p.value)).toEqual([3]);
    expect(other.baseline).toBeUndefined();
    expect(other.progress).toBeUndefined();
  });
});
