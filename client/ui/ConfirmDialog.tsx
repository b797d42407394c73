import { useState, type ReactNode } from 'react';
import { Modal } from './Modal.tsx';

interface ConfirmDialogProps {
  title: string;
  eyebrow: string;
  /** What happens, in a sentence or two, above the list. */
  lead: ReactNode;
  /** What stops and what keeps working, a short list. */
  effects: readonly string[];
  /** The confirming button's words, and while it runs. */
  confirm: string;
  busy: string;
  /** Does it; throws to stay open with `failure(error)` in an alert. */
  onConfirm: () => Promise<void>;
  failure: (error: unknown) => string;
  onClose: () => void;
  /** A choice the confirmation offers (a checkbox), below the list. */
  children?: ReactNode;
}

/**
 * Confirms something that cannot be undone (resetting a link, removing a
 * person): what happens, what stops and what keeps working, then the action.
 * Cancel has the focus; a failure is shown in the dialog and changes nothing.
 */
export function ConfirmDialog({ title, eyebrow, lead, effects, confirm, busy, onConfirm, failure, onClose, children }: ConfirmDialogProps) {
  const [running, setRunning] = useState(false);
  const [error, setError] = useState('');
  const run = async () => {
    setRunning(true);
    setError('');
    try {
      await onConfirm();
    } catch (e) {
      setError(failure(e));
      setRunning(false);
    }
  };
  return (
    <Modal title={title} eyebrow={eyebrow} onClose={onClose} className="confirm-dialog">
      <div className="modal-body">
        <p>{lead}</p>
        <ul className="confirm-effects">
          {effects.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
        {children}
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
        <button className="button danger" type="button" disabled={running} onClick={() => void run()}>
          {running ? busy : confirm}
        </button>
      </footer>
    </Modal>
  );
}
