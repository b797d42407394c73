import { isPastDue } from '../../shared/commitments.ts';
import { localDay } from '../../shared/dates.ts';
import { humanDate } from '../../shared/readBack.ts';
import type { Commitment } from '../../shared/model.ts';

/**
 * "Overdue" on a commitment still open after its due date (today where the
 * user is), with the date in its accessible name; nothing otherwise.
 */
export function OverdueMark({ commitment }: { commitment: Pick<Commitment, 'due' | 'status'> }) {
  if (!isPastDue(commitment, localDay())) return null;
  return (
    <span className="pill" data-tone="danger" aria-label={`Overdue: was due ${humanDate(commitment.due!)}`} title={`Was due ${humanDate(commitment.due!)}`}>
      Overdue
    </span>
  );
}

/** The commitments of `list` that are past their due date today. */
export function pastDue<C extends Pick<Commitment, 'due' | 'status'>>(list: readonly C[]): C[] {
  const today = localDay();
  return list.filter((c) => isPastDue(c, today));
}
