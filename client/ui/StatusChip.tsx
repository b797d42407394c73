import type { CommitmentStatus } from '../../shared/model.ts';
import { STATUS_LABELS } from '../derive/labels.ts';

/** A commitment's status as a small coloured label. */
export function StatusChip({ status }: { status: CommitmentStatus }) {
  return (
    <span className="commitment-status" data-status={status}>
      {STATUS_LABELS[status]}
    </span>
  );
}
