import { useState } from 'react';
import { ApiError, resetParticipantLink, type InviteSecrets } from '../api/boards.ts';
import { Modal } from '../ui/Modal.tsx';
import './ResetLinkDialog.css';

interface ResetLinkDialogProps {
  boardId: string;
  facilitatorSecret: string;
  /** The reset happened: the invites after it, with the new participant secret. */
  onReset: (invites: InviteSecrets) => void;
  onClose: () => void;
}

/** Why the reset did not happen, in the facilitator's words (nothing changed in either case). */
function failure(error: unknown): string {
  if (error instanceof ApiError && !error.isNetwork) return `The link was not reset: ${error.message.replace(/\.$/, '')}. Nothing changed.`;
  return 'The link was not reset: the server cannot be reached. Nothing changed; try again once you are back online.';
}

/**
 * Confirms replacing the participant link (a leaked link cannot be taken back
 * otherwise): says who is disconnected and what keeps working, then asks the
 * server. Cancel has the focus: the reset cannot be undone.
 */
export function ResetLinkDialog({ boardId, facilitatorSecret, onReset, onClose }: ResetLinkDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const reset = async () => {
    setBusy(true);
    setError('');
    try {
      const invites = await resetParticipantLink(boardId, facilitatorSecret);
      if (typeof invites.participant !== 'string' || !invites.participant) throw new ApiError(500, 'bad-response', 'The server sent no new link.');
      onReset(invites);
    } catch (e) {
      setError(failure(e));
      setBusy(false);
    }
  };
  return (
    <Modal title="Reset the participant link?" eyebrow="Share this board" onClose={onClose} className="reset-link-dialog">
      <div className="modal-body">
        <p>
          Everyone who opened the current participant link is disconnected and needs the new link or join code. Do this when the link reached
          someone it should not have.
        </p>
        <ul className="reset-link-effects">
          <li>The current participant link, its QR code and its join code stop working at once.</li>
          <li>Everything already on the board stays. People rejoin with the new link and carry on under their name.</li>
          <li>Your facilitator link and the viewer, reviewer and projector links keep working.</li>
        </ul>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <footer className="modal-footer">
        <button className="button" type="button" onClick={onClose} data-autofocus>
          Cancel
        </button>
        <button className="button danger" type="button" disabled={busy} onClick={() => void reset()}>
          {busy ? 'Resetting the link…' : 'Reset the link'}
        </button>
      </footer>
    </Modal>
  );
}
