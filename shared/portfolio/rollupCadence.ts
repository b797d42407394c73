/**
 * The review cadence across a portfolio's boards: each board's next review,
 * and how its agreed commitments report (latest check-in, missing check-ins
 * since the last review, overdue work). Pure.
 */
import { CHECK_IN_STATUSES, type CheckInStatus, type Commitment } from '../model.ts';
import { commitmentsWithoutCheckIn, lastReviewDate, shiftDate } from '../review/checkins.ts';
import type { CheckIn } from '../review/model.ts';
import type { CadenceRow, LatestCheckIn, RollupBoardInput, RollupCommitment } from './rollupModel.ts';

/** The latest check-in of each commitment (by report date, then when recorded, then id). */
export function latestCheckIns(checkIns: readonly CheckIn[]): Map<string, LatestCheckIn> {
  const best = new Map<string, CheckIn>();
  for (const c of checkIns) {
    const known = best.get(c.commitment);
    const later = !known || c.date > known.date || (c.date === known.date && (c.at > known.at || (c.at === known.at && c.id > known.id)));
    if (later) best.set(c.commitment, c);
  }
  const out = new Map<string, LatestCheckIn>();
  for (const [id, c] of best) {
    out.set(id, {
      date: c.date, status: c.status, by: c.by, note: c.note,
      ...(c.value !== undefined ? { value: c.value } : {}), ...(c.indicator ? { indicator: c.indicator } : {}),
    });
  }
  return out;
}

/** The last review date of a board on `today` (undefined without a next review date). */
export function boardLastReview(board: Pick<RollupBoardInput, 'nextReview' | 'cadence'>, today: string): string | undefined {
  return lastReviewDate(board.nextReview, board.cadence, today);
}

/**
 * The board's next review on `today`: its next review date, or with a cadence
 * the first date of its series on or after today (a passed date in a series is
 * no overdue review, the series goes on). Undefined without a date.
 */
export function upcomingReview(board: Pick<RollupBoardInput, 'nextReview' | 'cadence'>, today: string): string | undefined {
  if (!board.nextReview || !board.cadence || board.nextReview >= today) return board.nextReview;
  const last = lastReviewDate(board.nextReview, board.cadence, today);
  try {
    return last ? shiftDate(last, board.cadence, 1) : board.nextReview;
  } catch {
    return board.nextReview; // beyond year 9999
  }
}

/** Ids of a board's reporting commitments with no check-in since its last review. */
export function missingCheckIns(board: RollupBoardInput, agreed: readonly Commitment[], today: string): Set<string> {
  return new Set(commitmentsWithoutCheckIn(agreed, board.checkIns, boardLastReview(board, today)));
}

/** A board's row of the cadence table, from its agreed commitments as the roll-up shows them. */
export function cadenceRow(board: RollupBoardInput, commitments: readonly RollupCommitment[], today: string): CadenceRow {
  const statuses = Object.fromEntries(CHECK_IN_STATUSES.map((s) => [s, 0])) as Record<CheckInStatus, number>;
  let neverCheckedIn = 0;
  for (const c of commitments) {
    if (c.latestCheckIn) statuses[c.latestCheckIn.status] += 1;
    else neverCheckedIn += 1;
  }
  const lastReview = boardLastReview(board, today);
  const nextReview = upcomingReview(board, today);
  return {
    board: board.id,
    title: board.title,
    ...(nextReview ? { nextReview } : {}),
    ...(board.cadence ? { cadence: board.cadence } : {}),
    reviewOverdue: nextReview !== undefined && nextReview < today,
    ...(lastReview ? { lastReview } : {}),
    reporting: commitments.filter((c) => c.status === 'agreed' || c.status === 'in-progress').length,
    missingCheckIns: commitments.filter((c) => c.checkInMissing).length,
    overdue: commitments.filter((c) => c.overdue).length,
    statuses,
    neverCheckedIn,
  };
}
