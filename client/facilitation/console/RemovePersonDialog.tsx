import { useState } from 'react';
import { ApiError } from '../../api/boards.ts';
import { Modal } from '../../ui/Modal.tsx';
import { useRequiredControl } from '../../sync/controlHooks.ts';

interface Removal {
  /** The people to remove (one, or the other joins under one name). */
  people: readonly { id: string; name: string }[];
  /** The dialog's title, a question. */
  title: string;
  /** Who they are, in one sentence. */
  who: string;
}

/**
 * Confirms removing people from the workshop (a duplicate from a second
 * device, someone who joined under several names): says what stops counting
 * and what stays, and that the participant link still lets anyone in. Cancel
 * has the focus: a removal cannot be undone.
 */
export function RemovePersonDialog({ removal, onClose }: { removal: Removal; onClose: () => void }) {
  const control = useRequiredControl();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const { people } = removal;
  const remove = async () => {
    setBusy(true);
    setError('');
    try {
      for (const person of people) await control.removePerson(person.id);
      onClose();
    } catch (e) {
      setError(e instanceof ApiError && !e.isNetwork ? `Not removed: ${e.message.replace(/\.$/, '')}.` : 'Not removed: the server cannot be reached.');
      setBusy(false);
    }
  };
  return (
    <Modal title={removal.title} eyebrow="People" onClose={onClose} className="confirm-dialog">
      <div className="modal-body">
        <p>{removal.who}</p>
        <ul className="confirm-effects">
          <li>Their devices are disconnected and told so.</li>
          <li>Their votes in this round and their answers in an open consent round no longer count.</li>
          <li>Their cards, links and comments stay on the board.</li>
          <li>Whoever has the participant link can join again: to keep someone out, reset the participant link too.</li>
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
        <button className="button danger" type="button" disabled={busy} onClick={() => void remove()}>
          {busy ? 'Removing…' : 'Remove'}
        </button>
      </footer>
    </Modal>
  );
}

export type { Removal };
