import { useEffect, useMemo, useState } from 'react';
import { readBackAll } from '../../shared/readBack.ts';
import { useBoard } from '../sync/hooks.ts';
import { useControl } from '../sync/controlHooks.ts';
import { Modal } from '../ui/Modal.tsx';
import { ReadBackSlide } from './ReadBackSlide.tsx';
import './ReadBackMode.css';

/**
 * Read-back: the agreed commitments one at a time, in large type, for the
 * room to hear what it committed to. ← → step through. The facilitator's
 * read-back is mirrored on the projector, slide for slide, until it closes.
 */
export function ReadBackMode({ onClose }: { onClose: () => void }) {
  const snapshot = useBoard();
  const count = useMemo(() => readBackAll(snapshot).length, [snapshot]);
  const [index, setIndex] = useState(0);
  const at = Math.min(index, Math.max(0, count - 1));
  const go = (delta: number) => setIndex(Math.min(Math.max(0, at + delta), Math.max(0, count - 1)));
  const control = useControl();
  useEffect(() => {
    if (control?.isFacilitator && count > 0) control.setReadBack(at);
  }, [control, at, count]);
  useEffect(() => () => control?.setReadBack(null), [control]);

  return (
    <Modal
      title="Read-back"
      eyebrow="Agreed commitments"
      onClose={onClose}
      className="readback-mode"
      closeLabel="Close read-back"
      onKeyDown={(event) => {
        if (event.key === 'ArrowRight' || event.key === 'PageDown') go(1);
        else if (event.key === 'ArrowLeft' || event.key === 'PageUp') go(-1);
        else if (event.key === 'Home') setIndex(0);
        else if (event.key === 'End') setIndex(Math.max(0, count - 1));
        else return;
        event.preventDefault();
      }}
    >
      <div className="readback-stage">
        <div className="readback-live" aria-live="polite">
          <ReadBackSlide snapshot={snapshot} index={at} />
        </div>
        {count > 0 && (
          <nav className="readback-nav" aria-label="Read-back">
            <button className="button large" type="button" onClick={() => go(-1)} aria-disabled={at === 0}>
              <span aria-hidden="true">←</span> Previous
            </button>
            <span className="readback-position">
              {at + 1} / {count}
            </span>
            <button className="button large primary" type="button" onClick={() => go(1)} aria-disabled={at >= count - 1} data-autofocus>
              Next <span aria-hidden="true">→</span>
            </button>
          </nav>
        )}
      </div>
    </Modal>
  );
}
