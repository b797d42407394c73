import type { Card } from '../../shared/model.ts';
import { useBoard, useSession } from '../sync/hooks.ts';
import { ui } from '../state/ui.ts';
import { STATUS_LABELS } from '../derive/labels.ts';
import './CommitmentAction.css';

/**
 * In an initiative card's panel: promote it to a proposed commitment
 * (facilitator), or open the commitment it already has.
 */
export function CommitmentAction({ card }: { card: Card }) {
  const session = useSession();
  const { commitments } = useBoard();
  if (card.column !== 'initiative') return null;
  const live = commitments.find((c) => c.card === card.id && c.status !== 'dropped');
  if (live) {
    return (
      <div className="commitment-action">
        <button className="button" type="button" onClick={() => ui.openCommitments('commitments', live.id)}>
          Open commitment ({STATUS_LABELS[live.status].toLowerCase()})
        </button>
      </div>
    );
  }
  if (!session.canEdit || session.role !== 'facilitator' || card.status !== 'active') return null;
  return (
    <div className="commitment-action">
      <button
        className="button primary"
        type="button"
        onClick={() => {
          try {
            const id = session.commitments.promote(card.id);
            if (id) {
              ui.openCommitments('commitments', id);
              ui.notify('Proposed: fill in what is missing', true);
            }
          } catch (error) {
            ui.notify(error instanceof Error ? error.message : 'It was not promoted');
          }
        }}
      >
        Promote to commitment
      </button>
      <p className="hint">The room fills in owner, dates and success indicators, then consents to it.</p>
    </div>
  );
}
