import type { CardStatus } from '../../shared/model.ts';

const LABEL: Record<Exclude<CardStatus, 'active'>, string> = { parked: 'Parked', rejected: 'Rejected' };

/** "Parked" or "Rejected" on a card the facilitator set aside (nothing for an active card), in every view of the board. */
export function CardStatusTag({ status }: { status: CardStatus }) {
  if (status === 'active') return null;
  return (
    <span className="pill" data-tone={status === 'rejected' ? 'danger' : undefined}>
      {LABEL[status]}
    </span>
  );
}
