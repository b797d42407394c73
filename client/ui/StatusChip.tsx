import type { CommitmentStatus } from '../../shared/model.ts';
import type { CheckInStatus } from '../../shared/review/model.ts';
import { STATUS_LABELS } from '../derive/labels.ts';
import { CHECK_IN_LABELS } from '../derive/format.ts';
import './StatusChip.css';

type StatusChipProps = ({ kind?: 'commitment'; status: CommitmentStatus } | { kind: 'check-in'; status: CheckInStatus }) & {
  /** A coloured dot before the word (the chip on an initiative card). */
  dot?: boolean;
};

/** A commitment's or a check-in's status as a small coloured label: the one look of a status everywhere. */
export function StatusChip({ kind = 'commitment', status, dot = false }: StatusChipProps) {
  const label = kind === 'check-in' ? CHECK_IN_LABELS[status as CheckInStatus] : STATUS_LABELS[status as CommitmentStatus];
  return (
    <span className="status-chip" data-kind={kind} data-status={status}>
      {dot && <span className="status-chip-dot" aria-hidden="true" />}
      {label}
    </span>
  );
}
