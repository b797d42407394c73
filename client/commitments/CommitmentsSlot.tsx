import { lazy, Suspense } from 'react';
import { createPortal } from 'react-dom';
import { ui, uiStore, useUi } from '../state/ui.ts';
import { CommitmentsIcon } from './icons.tsx';
import './CommitmentsDrawer.css';

const CommitmentsDrawer = lazy(() => import('./CommitmentsDrawer.tsx'));

/** The top bar's Commitments button: opens and closes the commitments panel. */
export function CommitmentsButton() {
  const open = useUi((s) => s.commitmentsOpen);
  return (
    <button
      className="button commitments-button"
      type="button"
      aria-expanded={open}
      aria-label="Commitments"
      title="Commitments, consent, trace check and read-back"
      onClick={() => {
        // Reopening returns to where the person was (tab and commitment).
        const { commitmentsTab, commitmentId } = uiStore.getState();
        if (open) ui.closeCommitments();
        else ui.openCommitments(commitmentsTab, commitmentId);
      }}
    >
      <CommitmentsIcon /> <span className="label">Commitments</span>
    </button>
  );
}

/**
 * The commitments panel, loaded when first opened. It lies over the board's
 * right edge (fixed, below the bars), like the side panels beside the board.
 */
export function CommitmentsSlot() {
  const open = useUi((s) => s.commitmentsOpen);
  if (!open) return null;
  return createPortal(
    <Suspense fallback={<aside className="side-panel commitments-drawer" aria-busy="true" aria-label="Commitments" />}>
      <CommitmentsDrawer />
    </Suspense>,
    document.body,
  );
}
