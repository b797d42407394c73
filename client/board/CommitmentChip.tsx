import { ui } from '../state/ui.ts';
import { STATUS_LABELS } from '../derive/labels.ts';
import { useCardCommitment } from '../derive/commitments.ts';
import { StatusChip } from '../ui/StatusChip.tsx';
import './CommitmentChip.css';

/** On a promoted initiative card: its commitment's status; opens the commitment. */
export function CommitmentChip({ cardId }: { cardId: string }) {
  const commitment = useCardCommitment(cardId);
  if (!commitment) return null;
  const status = STATUS_LABELS[commitment.status];
  return (
    <button
      className="commitment-chip"
      type="button"
      aria-label={`Commitment, ${status.toLowerCase()}: ${commitment.title}. Open it`}
      title={`Commitment: ${status}`}
      onClick={(event) => {
        event.stopPropagation();
        ui.openCommitments('commitments', commitment.id);
      }}
    >
      <StatusChip status={commitment.status} dot />
    </button>
  );
}
