import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import './Modal.css';

interface ModalProps {
  title: string;
  /** A line above the title (what the dialog is about). */
  eyebrow?: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  /** Accessible name of the close button. */
  closeLabel?: string;
  /** Keys for the whole dialog (read-back steps with the arrow keys wherever focus is). */
  onKeyDown?: (event: KeyboardEvent<HTMLDialogElement>) => void;
}

/**
 * A modal dialog on the native `<dialog>` (focus kept inside, Escape closes,
 * the rest of the page inert); focus returns where it came from.
 */
export function Modal({ title, eyebrow, onClose, children, className, closeLabel = 'Close', onKeyDown }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) {
      dialog.showModal();
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    return () => {
      if (dialog?.open) dialog.close();
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`modal ${className ?? ''}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        // Escape: the parent decides (it unmounts the dialog).
        event.preventDefault();
        close.current();
      }}
      onKeyDown={(event) => {
        // Escape belongs to this dialog, not to the panel around it.
        if (event.key === 'Escape') event.stopPropagation();
        else onKeyDown?.(event);
      }}
    >
      <header className="modal-header">
        <div>
          {eyebrow && <p className="eyebrow">{eyebrow}</p>}
          <h2 id={titleId}>{title}</h2>
        </div>
        <button className="icon-button" type="button" aria-label={closeLabel} onClick={() => close.current()}>
          <svg className="icon" width={18} height={18} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M6 6 L18 18 M18 6 L6 18" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" />
          </svg>
        </button>
      </header>
      {children}
    </dialog>
  );
}
