import { useState } from 'react';
import { ownsCommitment, takeBackTargets } from '../../shared/commitments.ts';
import type { Commitment, CommitmentStatus } from '../../shared/model.ts';
import { useSession } from '../sync/hooks.ts';
import { ui } from '../state/ui.ts';
import { Modal } from '../ui/Modal.tsx';
import { ReasonDialog } from '../ui/ReasonDialog.tsx';
import { STATUS_LABELS, statusActions } from '../derive/labels.ts';

/**
 * The status changes this person may make to a commitment, from the one
 * transition table (shared/commitments.ts; the server refuses the rest): its
 * owner (or the facilitator) moves it along, marking it done only after a
 * confirmation that names it; the facilitator takes Done back with a reason
 * (decision log). Returns the buttons for "What happens next".
 */
export function useStatusActions(commitment: Commitment) {
  const session = useSession();
  const role = session.canEdit && (session.role === 'facilitator' || session.role === 'participant') ? session.role : undefined;
  const owns = ownsCommitment(commitment, session.displayName);
  const actions = role ? statusActions(commitment.status, role, owns) : [];
  const takeBack = role === 'facilitator' ? takeBackTargets(commitment.status) : [];
  const [confirmDone, setConfirmDone] = useState(false);
  const [takingBackTo, setTakingBackTo] = useState<CommitmentStatus | null>(null);

  const changeStatus = (to: CommitmentStatus) => {
    try {
      session.commitments.setStatus(commitment.id, to);
      // Done is taken back only by the facilitator (the server refuses a participant's undo of it): no Undo offered.
      ui.notify(`${STATUS_LABELS[to]}: ${commitment.title}`, !(to === 'done' && role === 'participant'));
    } catch (error) {
      ui.notify(error instanceof Error ? error.message : 'That did not work');
    }
  };

  const buttons = (
    <>
      {actions.map((a) => (
        <button
          key={a.to}
          className={`button${a.to === 'dropped' ? ' danger' : ''}`}
          type="button"
          onClick={() => (a.to === 'done' ? setConfirmDone(true) : changeStatus(a.to))}
        >
          {a.to === 'done' ? `${a.label}…` : a.label}
        </button>
      ))}
      {takeBack.map((to) => (
        <button key={to} className="button" type="button" onClick={() => setTakingBackTo(to)}>
          Take back to {STATUS_LABELS[to]}…
        </button>
      ))}
      {confirmDone && (
        <Modal title={`Mark “${commitment.title}” done?`} eyebrow="Mark done" onClose={() => setConfirmDone(false)}>
          <div className="modal-body">
            <p>Everyone, the wall and the exports will show “{commitment.title}” as done. Only the facilitator can take it back.</p>
          </div>
          <footer className="modal-footer">
            <button className="button" type="button" onClick={() => setConfirmDone(false)} data-autofocus>
              Cancel
            </button>
            <button
              className="button primary"
              type="button"
              onClick={() => {
                setConfirmDone(false);
                changeStatus('done');
              }}
            >
              Mark done
            </button>
          </footer>
        </Modal>
      )}
      {takingBackTo && (
        <ReasonDialog
          title={`Take “${commitment.title}” back to ${STATUS_LABELS[takingBackTo]}`}
          eyebrow="Take back Done"
          label="Why is it not done?"
          submitLabel={`Take back to ${STATUS_LABELS[takingBackTo]}`}
          onClose={() => setTakingBackTo(null)}
          onSubmit={(reason) => {
            try {
              session.commitments.takeBack(commitment.id, takingBackTo, reason);
              ui.notify(`${STATUS_LABELS[takingBackTo]} again: ${commitment.title}`, true);
              return true;
            } catch (error) {
              ui.notify(error instanceof Error ? error.message : 'That did not work');
              return false;
            }
          }}
        />
      )}
    </>
  );

  /** Who may change the status, for someone who may not (a participant on someone else's commitment). */
  const whoMay =
    role === 'participant' && !owns && statusActions(commitment.status, 'participant', true).length > 0
      ? `Only ${commitment.owner.trim() ? `${commitment.owner.trim()} (its owner)` : 'its owner'} or the facilitator can change its status.`
      : undefined;
  return { offered: actions.length + takeBack.length > 0, buttons, whoMay };
}
