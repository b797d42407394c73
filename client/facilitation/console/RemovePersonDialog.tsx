import { useState } from 'react';
import { ApiError } from '../../api/boards.ts';
import { Modal } from '../../ui/Modal.tsx';
import { useRequiredControl } from '../../sync/controlHooks.ts';

/**
 * Confirms removing a person from the workshop (a duplicate from a second
 * device, or someone who joined under several names): says what stops counting
 * and what stays, and that the participant link still lets anyone in. Cancel
 * has the focus: a removal cannot be undone.
 */
export function RemovePersonDialog({ person, onClose }: { person: { id: string; name: string }; onClose: () => void }) {
  const control = useRequiredControl();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const remove = async () => {
    setBusy(true);
    setError('');
    try {
      await control.removePerson(person.id);
      onClose();
    } catch (e) {
      setError(e instanceof ApiError && !e.isNetwork ? `${person.name} was not removed: ${e.message.replace(/\.$/, '')}.` : `${person.name} was not removed: the server cannot be reached.`);
      setBusy(false);
    }
  };
  return (
    <Modal title={`Remove ${person.name} from the workshop?`} eyebrow="People" onClose={onClose} className="confirm-dialog">
      <div className="modal-body">
        <p>Their device is disconnected and told so. Do this for a duplicate, or for someone who joined under several names.</p>
        <ul className="confirm-effects">
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
