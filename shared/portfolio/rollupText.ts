/**
 * The roll-up's words, once: function and status names, what a gap or an
 * overlap says, a check-in in one line. The exports (server/portfolio) and
 * the roll-up page (client/rollup) say the same things the same way. Pure.
 */
import type { CheckInStatus, CommitmentStatus } from '../model.ts';
import type { InitiativeFunction, LatestCheckIn, RollupCommitment, RollupGap, RollupOverlap } from './rollupModel.ts';

export const FUNCTION_LABELS: Record<InitiativeFunction, string> = {
  product: 'Product', engineering: 'Engineering', design: 'Design', marketing: 'Marketing', sales: 'Sales',
  cs: 'Customer success', operations: 'Operations', other: 'Other',
};

export const COMMITMENT_STATUS_LABELS: Record<CommitmentStatus, string> = {
  proposed: 'Proposed', agreed: 'Agreed', 'in-progress': 'In progress', done: 'Done', dropped: 'Dropped',
};

export const CHECK_IN_LABELS: Record<CheckInStatus, string> = {
  'on-track': 'On track', 'at-risk': 'At risk', 'off-track': 'Off track', done: 'Done',
};

/** Function names joined ("Product, Sales"), or a dash. */
export function functionList(functions: readonly InitiativeFunction[], unassigned = false): string {
  const names = functions.map((f) => FUNCTION_LABELS[f]);
  if (unassigned) names.push('no function set');
  return names.join(', ') || '—';
}

/** What a gap says, in one sentence. */
export function gapText(gap: RollupGap): string {
  if (gap.kind !== 'board') return gap.kind === 'goal' ? `Goal “${gap.text}”: no board’s initiative reaches it.` : `Segment “${gap.text}”: no board’s initiative serves it.`;
  const why = {
    'no-initiatives': 'it has no initiatives yet',
    'local-goals-only': 'its initiatives reach only its own local goals',
    'not-linked': 'its initiatives are not linked through to a portfolio goal',
  }[gap.reason];
  return `Board “${gap.title}”: ${why}.`;
}

/** What an overlap says: both cards side by side with their boards. */
export function overlapText(o: RollupOverlap): string {
  const [a, b] = o.sides;
  const what = o.column === 'behaviour' ? 'behaviour' : 'value indicator';
  return `Segment “${o.segment.text}”, same ${what}: “${a.card.text}” (${a.boardTitle}) and “${b.card.text}” (${b.boardTitle}).`;
}

/** A latest check-in in one line: "At risk on 2027-01-20 by Ana: value 30 — Email provider late". */
export function checkInText(c: LatestCheckIn | undefined, unit?: string): string {
  if (!c) return 'No check-in yet';
  const value = c.value !== undefined ? `: value ${c.value}${unit ? ` ${unit}` : ''}` : '';
  return `${CHECK_IN_LABELS[c.status]} on ${c.date} by ${c.by}${value}${c.note.trim() ? ` — ${c.note.trim()}` : ''}`;
}

/** The marks of a commitment that need attention: overdue, check-in missing. */
export function commitmentFlags(c: Pick<RollupCommitment, 'overdue' | 'checkInMissing'>): string[] {
  return [...(c.overdue ? ['overdue'] : []), ...(c.checkInMissing ? ['check-in missing'] : [])];
}

/** The unit of the indicator a check-in's value measures (its own, or the commitment's first). */
export function checkInUnit(c: RollupCommitment): string | undefined {
  const id = c.latestCheckIn?.indicator ?? c.indicators[0]?.id;
  return c.indicators.find((i) => i.id === id)?.unit;
}
