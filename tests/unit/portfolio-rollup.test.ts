/**
 * The portfolio roll-up derivation on a portfolio with three boards
 * (tests/helpers/portfolioFixture.ts): who serves each goal and segment,
 * functions, agreed commitments with check-ins, gaps, overlaps, the review
 * cadence and the filters.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BUILD_ORIGIN, readBoard, readBoardInfo } from '../../shared/doc/index.ts';
import { readCheckIns, readReviewCadence, setReviewCadence } from '../../shared/doc/review.ts';
import { isNearIdentical, textSimilarity } from '../../shared/portfolio/overlaps.ts';
import { deriveRollup } from '../../shared/portfolio/rollup.ts';
import { filterOptions, filterRollup } from '../../shared/portfolio/rollupFilter.ts';
import type { Rollup, RollupBoardInput } from '../../shared/portfolio/rollupModel.ts';
import { BOARD_TITLES, FIXTURE_TODAY, writePortfolioFixture, type PortfolioFixtureDocs } from '../helpers/portfolioFixture.ts';

const IDS = { portfolio: 'portfolio1', onboarding: 'boardOnboard', sales: 'boardSales1', support: 'boardSupport' };

function fixture(edit?: (docs: PortfolioFixtureDocs<Y.Doc>) => void): Rollup {
  const docs = { portfolio: new Y.Doc(), onboarding: new Y.Doc(), sales: new Y.Doc(), support: new Y.Doc() };
  writePortfolioFixture(docs, IDS, BUILD_ORIGIN, { titled: true });
  edit?.(docs);
  const boards: RollupBoardInput[] = (['onboarding', 'sales', 'support'] as const).map((name) => {
    const info = readBoardInfo(docs[name]);
    const cadence = readReviewCadence(docs[name]);
    return {
      id: IDS[name], title: info.title, ...(info.nextReview ? { nextReview: info.nextReview } : {}), ...(cadence ? { cadence } : {}),
      snapshot: readBoard(docs[name]), checkIns: readCheckIns(docs[name]),
    };
  });
  return deriveRollup({ portfolio: { id: IDS.portfolio, snapshot: readBoard(docs.portfolio) }, boards, today: FIXTURE_TODAY });
}

const target = (r: Rollup, id: string) => [...r.goals, ...r.segments].find((t) => t.id === id)!;
const boardsOf = (r: Rollup, id: string) => target(r, id).boards.map((b) => b.title);

describe('portfolio roll-up: who serves each goal and segment', () => {
  const rollup = fixture();

  it('lists the portfolio goals and segments in order, with the boards whose initiatives reach them through the portfolio links', () => {
    expect(rollup.portfolio).toEqual({ id: IDS.portfolio, title: 'Acme 2027' });
    expect(rollup.goals.map((g) => g.id)).toEqual(['G1', 'G2', 'G3']);
    expect(rollup.segments.map((s) => s.id)).toEqual(['S1', 'S2', 'S3']);
    // S1 → G1 and S1 → G2 exist only in the portfolio: the boards reach the goals through them.
    expect(boardsOf(rollup, 'G1')).toEqual([BOARD_TITLES.onboarding, BOARD_TITLES.sales]);
    expect(boardsOf(rollup, 'G2')).toEqual([BOARD_TITLES.onboarding, BOARD_TITLES.sales]);
    expect(boardsOf(rollup, 'S2')).toEqual([BOARD_TITLES.sales]);
  });

  it('names the functions per board and per goal', () => {
    const g1 = target(rollup, 'G1');
    expect(g1.functions).toEqual(['product', 'marketing', 'sales', 'cs']);
    expect(g1.boards.find((b) => b.board === IDS.onboarding)!.functions).toEqual(['product', 'marketing']);
    expect(g1.boards.find((b) => b.board === IDS.sales)!.functions).toEqual(['sales', 'cs']);
    expect(target(rollup, 'S2').functions).toEqual(['cs']);
  });

  it('lists only agreed commitments (agreed, in progress, done), with owner, due, indicators and the latest check-in', () => {
    expect(rollup.commitments.map((c) => c.id).sort()).toEqual(['C-call', 'C-invite']);
    expect(target(rollup, 'G1').commitments).toEqual(['C-invite', 'C-call']);
    const invite = rollup.commitments.find((c) => c.id === 'C-invite')!;
    expect(invite).toMatchObject({
      board: IDS.onboarding, owner: 'Ana', due: '2027-03-01', status: 'agreed', function: 'product', overdue: false, checkInMissing: false,
      goals: ['G1', 'G2'], segments: ['S1'],
    });
    expect(invite.indicators).toEqual([{ id: 'A-indicator', text: 'Share of accounts with 3+ invited users by day 7', unit: '%', baselineValue: 22, targetValue: 45 }]);
    expect(invite.latestCheckIn).toMatchObject({ date: '2027-01-20', status: 'at-risk', value: 30, by: 'Ana' });
    const call = rollup.commitments.find((c) => c.id === 'C-call')!;
    expect(call).toMatchObject({ status: 'in-progress', overdue: true, checkInMissing: true, function: 'sales' });
    expect(call.latestCheckIn).toBeUndefined();
  });

  it('marks a goal or segment served only by uncommitted initiatives', () => {
    expect(target(rollup, 'S2')).toMatchObject({ gap: false, uncommitted: true, commitments: [] });
    expect(target(rollup, 'S1').uncommitted).toBe(false);
  });
});

describe('portfolio roll-up: gaps', () => {
  it('names the goal and the segment nobody serves, and the board whose work reaches only its local goal', () => {
    const rollup = fixture();
    expect(rollup.gaps).toEqual([
      { kind: 'goal', id: 'G3', text: 'Cut cost to serve by 20%' },
      { kind: 'segment', id: 'S3', text: 'Public sector agencies' },
      { kind: 'board', board: IDS.support, title: BOARD_TITLES.support, reason: 'local-goals-only' },
    ]);
    expect(rollup.boards.map((b) => [b.title, b.reachesGoal])).toEqual([[BOARD_TITLES.onboarding, true], [BOARD_TITLES.sales, true], [BOARD_TITLES.support, false]]);
  });

  it('tells a board without initiatives from one whose initiatives are not linked', () => {
    const rollup = fixture((docs) => {
      // Sales loses its links from the values to the segments: its initiatives reach nothing.
      docs.sales.getMap('links').forEach((link, id) => {
        const to = (link as Y.Map<unknown>).get('to');
        if (to === 'S1' || to === 'S2') docs.sales.getMap('links').delete(id);
      });
    });
    expect(rollup.gaps).toContainEqual({ kind: 'board', board: IDS.sales, title: BOARD_TITLES.sales, reason: 'not-linked' });
    expect(boardsOf(rollup, 'S2')).toEqual([]);
    expect(rollup.gaps).toContainEqual({ kind: 'segment', id: 'S2', text: 'Enterprise IT admins' });
  });

  it('does not count a parked initiative as serving', () => {
    const rollup = fixture((docs) => {
      (docs.sales.getMap('cards').get('B-sso-guide') as Y.Map<unknown>).set('status', 'parked');
    });
    expect(target(rollup, 'S2').gap).toBe(true);
  });
});

describe('portfolio roll-up: overlaps', () => {
  it('names two boards whose behaviours toward the same segment read nearly the same, side by side', () => {
    const rollup = fixture();
    expect(rollup.overlaps).toHaveLength(1);
    const [overlap] = rollup.overlaps;
    expect(overlap!.segment).toEqual({ id: 'S1', text: 'Mid-market finance teams' });
    expect(overlap!.column).toBe('behaviour');
    expect(overlap!.sides.map((s) => [s.boardTitle, s.card.id])).toEqual([[BOARD_TITLES.onboarding, 'A-behaviour'], [BOARD_TITLES.sales, 'B-behaviour']]);
    expect(overlap!.shared).toEqual(expect.arrayContaining(['finance', 'invite', 'teammates', 'week']));
    expect(overlap!.similarity).toBeGreaterThanOrEqual(0.5);
  });

  it('ignores the same words toward a segment of another board only (the support board’s local segment)', () => {
    const rollup = fixture();
    expect(rollup.overlaps.flatMap((o) => o.sides.map((s) => s.card.id))).not.toContain('P-behaviour');
  });

  it('judges near-identical texts by their significant words', () => {
    expect(isNearIdentical('Finance admins invite their teammates in the first week', 'Finance admin invites teammates during week one')).toBe(true);
    expect(isNearIdentical('Weekly active finance users', 'Share of accounts with 3+ invited users by day 7')).toBe(false);
    expect(isNearIdentical('Churn', 'churn!')).toBe(true);
    expect(textSimilarity('Élan', 'elan').similarity).toBe(1);
    expect(isNearIdentical('IT admins configure SSO', 'Finance admins invite teammates')).toBe(false);
  });
});

describe('portfolio roll-up: review cadence', () => {
  it('shows each board’s next review and its commitments’ check-in status, overdue marked', () => {
    const { cadence } = fixture();
    const [onboarding, sales, support] = cadence;
    expect(onboarding).toMatchObject({ title: BOARD_TITLES.onboarding, nextReview: '2027-02-15', reviewOverdue: false, reporting: 1, missingCheckIns: 0, overdue: 0, neverCheckedIn: 0 });
    expect(onboarding!.statuses['at-risk']).toBe(1);
    expect(sales).toMatchObject({ nextReview: '2027-01-20', reviewOverdue: true, reporting: 1, missingCheckIns: 1, overdue: 1, neverCheckedIn: 1 });
    expect(support).toMatchObject({ reporting: 0, reviewOverdue: false });
    expect(support!.nextReview).toBeUndefined();
  });

  it('with a cadence, a passed review date rolls on to the next in its series and counts check-ins since the last review', () => {
    const { cadence, commitments } = fixture((docs) => setReviewCadence(docs.onboarding, 'weekly'));
    // 2027-02-15 is still ahead: the series does not change it; the last review was 2027-01-18 (weekly before it).
    expect(cadence[0]).toMatchObject({ nextReview: '2027-02-15', lastReview: '2027-01-18', missingCheckIns: 0 });
    const { cadence: sales } = fixture((docs) => setReviewCadence(docs.sales, 'weekly'));
    expect(sales[1]).toMatchObject({ nextReview: '2027-01-27', reviewOverdue: false, lastReview: '2027-01-20' });
    expect(commitments.find((c) => c.id === 'C-invite')!.checkInMissing).toBe(false);
  });
});

describe('portfolio roll-up: filters', () => {
  const rollup = fixture();

  it('by function: only that function’s work serves, and what it does not reach becomes a gap', () => {
    const sales = filterRollup(rollup, { function: 'sales' });
    expect(boardsOf(sales, 'G1')).toEqual([BOARD_TITLES.sales]);
    expect(sales.commitments.map((c) => c.id)).toEqual(['C-call']);
    expect(target(sales, 'S2').gap).toBe(true);
    expect(sales.gaps).toContainEqual({ kind: 'segment', id: 'S2', text: 'Enterprise IT admins' });
  });

  it('by segment: only that segment, goals served through it', () => {
    const s2 = filterRollup(rollup, { segment: 'S2' });
    expect(s2.segments.map((s) => s.id)).toEqual(['S2']);
    expect(boardsOf(s2, 'G1')).toEqual([BOARD_TITLES.sales]);
    expect(target(s2, 'G1').functions).toEqual(['cs']);
    expect(s2.overlaps).toEqual([]);
    expect(filterRollup(rollup, { segment: 'S1' }).overlaps).toHaveLength(1);
  });

  it('by owner (case and role ignored) and by status', () => {
    expect(filterRollup(rollup, { owner: 'ben' }).commitments.map((c) => c.id)).toEqual(['C-call']);
    const ana = filterRollup(rollup, { owner: 'Ana' });
    expect(boardsOf(ana, 'G1')).toEqual([BOARD_TITLES.onboarding]);
    expect(target(ana, 'G1').boards[0]!.functions).toEqual(['product']);
    const inProgress = filterRollup(rollup, { status: 'in-progress' });
    expect(inProgress.commitments.map((c) => c.id)).toEqual(['C-call']);
    expect(boardsOf(inProgress, 'G2')).toEqual([BOARD_TITLES.sales]);
    expect(filterRollup(rollup, { status: 'done' }).goals.every((g) => g.gap)).toBe(true);
  });

  it('offers the segments, functions, owners and statuses there are', () => {
    expect(filterOptions(rollup)).toEqual({
      segments: rollup.segments.map((s) => ({ id: s.id, text: s.text })),
      functions: ['product', 'marketing', 'sales', 'cs', 'operations'],
      owners: ['Ana', 'Ben (Head of Sales)'],
      statuses: ['agreed', 'in-progress'],
    });
    expect(filterRollup(rollup, {})).toBe(rollup);
  });
});
