/** Words for commitment statuses, allowed status changes and trace-check findings, pure. */
import { mayMoveStatus, STATUS_TRANSITIONS } from '../../shared/commitments.ts';
import { COMMITMENT_STATUSES, type BoardSnapshot, type Commitment, type CommitmentStatus, type ConsentMethod, type Thumb } from '../../shared/model.ts';
import type { TraceFindingKind } from '../../shared/traceCheck.ts';

export const STATUS_LABELS: Readonly<Record<CommitmentStatus, string>> = {
  proposed: 'Proposed',
  agreed: 'Agreed',
  'in-progress': 'In progress',
  done: 'Done',
  dropped: 'Dropped',
};

/** What the button that makes a status change says. */
const CHANGE_LABELS: Readonly<Record<CommitmentStatus, string>> = {
  proposed: 'Reopen',
  agreed: 'Agree',
  'in-progress': 'Mark in progress',
  done: 'Mark done',
  dropped: 'Drop',
};

export interface StatusAction {
  to: CommitmentStatus;
  label: string;
}

/**
 * The status changes offered from `status` to someone in `role`: the plain
 * moves of shared/commitments.ts's one transition table that this role may
 * make (a participant only on a commitment they `owns`; the server refuses the
 * rest); agreeing, reopening and taking Done back have their own flows.
 */
export function statusActions(status: CommitmentStatus, role: 'facilitator' | 'participant', owns = false): StatusAction[] {
  return STATUS_TRANSITIONS[status].filter((t) => mayMoveStatus(role, status, t.to, owns)).map((t) => ({ to: t.to, label: CHANGE_LABELS[t.to] }));
}

export const FINDING_LABELS: Readonly<Record<TraceFindingKind, string>> = {
  'orphan-commitment': 'Commitment without a goal',
  'orphan-initiative': 'Initiative without a goal',
  'orphan-card': 'Card without a goal',
  'behaviour-without-indicator': 'Behaviour without an indicator',
  'indicator-without-baseline': 'Indicator without a baseline',
  'indicator-without-target': 'Indicator without a dated target',
  'target-against-direction': 'Target against the direction',
  'lagging-metric-as-indicator': 'Lagging metric as success indicator',
};

export const METHOD_LABELS: Readonly<Record<ConsentMethod, string>> = {
  thumbs: 'Thumbs',
  'fist-of-five': 'Fist of five',
};

export const THUMB_LABELS: Readonly<Record<Thumb, string>> = {
  up: 'Thumb up: I agree',
  sideways: 'Thumb sideways: I can live with it',
  down: 'Thumb down: I object',
};

/** What each number of fingers means in fist of five (0–2 object). */
export const FINGER_LABELS: readonly string[] = [
  'Fist: I block this',
  '1 finger: major concerns',
  '2 fingers: minor concerns',
  '3 fingers: I can live with it',
  '4 fingers: I support it',
  '5 fingers: full support',
];

/** A response as a short word for lists ("up", "3 fingers"). */
export function responseWord(method: ConsentMethod, value: unknown): string {
  if (method === 'thumbs') return value === 'up' ? 'thumb up' : value === 'down' ? 'thumb down' : 'thumb sideways';
  return value === 0 ? 'fist (block)' : `${String(value)} ${value === 1 ? 'finger' : 'fingers'}`;
}

/** "2026-06-30T14:05:00Z" as "30 Jun 2026, 14:05" in the reader's time zone. */
export function whenLabel(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** Commitments grouped by status (proposed first: the room's work), each group in board order of its initiative. */
export function sortedCommitments(snapshot: Pick<BoardSnapshot, 'cards' | 'commitments'>): Commitment[] {
  const position = new Map(snapshot.cards.map((c, i) => [c.id, i]));
  const rank = (c: Commitment) => COMMITMENT_STATUSES.indexOf(c.status);
  return [...snapshot.commitments].sort((a, b) => rank(a) - rank(b) || (position.get(a.card) ?? 0) - (position.get(b.card) ?? 0));
}
