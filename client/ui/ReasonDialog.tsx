import { useId, useState, type ReactNode } from 'react';
import { Modal } from './Modal.tsx';
import './ReasonDialog.css';

interface ReasonDialogProps {
  title: string;
  eyebrow: string;
  /** The reason field's label. */
  label: string;
  submitLabel: string;
  onSubmit: (reason: string) => boolean;
  onClose: () => void;
  children?: ReactNode;
}

/** A dialog that records an act with a written reason (reopening, overriding); the reason is required. */
export function ReasonDialog({ title, eyebrow, label, submitLabel, onSubmit, onClose, children }: ReasonDialogProps) {
  const [reason, setReason] = useState('');
  const hintId = useId();
  const blank = !reason.trim();
  return (
    <Modal title={title} eyebrow={eyebrow} onClose={onClose} className="reason-dialog">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!blank && onSubmit(reason.trim())) onClose();
        }}
      >
        <div className="modal-body">
          {children}
          <div className="field">
            <label className="field-label" htmlFor={`${hintId}-field`}>
              {label}
            </label>
            <textarea id={`${hintId}-field`} value={reason} rows={4} required aria-describedby={hintId} onChange={(e) => setReason(e.target.value)} data-autofocus />
            <small id={hintId} className="hint">
              Required. It is kept in the decision log and in the exports.
            </small>
          </div>
        </div>
        <footer className="modal-footer">
          <button className="button" type="button" onClick={onClose}>
            Cancel
          </button>
          <button className="button primary" type="submit" disabled={blank}>
            {submitLabel}
          </button>
        </footer>
      </form>
    </Modal>
  );
}
