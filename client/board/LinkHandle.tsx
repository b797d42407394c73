import { useRef } from 'react';
import type { Card } from '../../shared/model.ts';
import { useSession } from '../sync/hooks.ts';
import { ui, uiStore } from '../state/ui.ts';
import { Icon } from '../ui/Icon.tsx';
import { cancelLinking, cardIdAt, commitLink, lanesFor, moveTarget, startPick } from './linking.ts';
import './LinkHandle.css';
import { excerpt } from '../../shared/text.ts';

/** Pointer travel (px) before pressing the handle becomes a drag rather than a click. */
const DRAG_AFTER = 5;

/** The id of the hint every link handle is described by (BoardView renders it once). */
export const LINK_HANDLE_HINT_ID = 'link-handle-hint';

/**
 * The link handle on the edge of a card where its links leave: drag it onto a
 * card in a neighbouring column to link the two (one write, on drop). Click
 * it, or focus it and press Enter, to choose the card instead: arrow keys move
 * between the cards it can link to, Enter (or a click on a card) links,
 * Escape cancels; every step is announced.
 */
export function LinkHandle({ card, side }: { card: Card; side: 'left' | 'right' }) {
  const session = useSession();
  const drag = useRef<{ pointerId: number; x: number; y: number; targets: Set<string> | null } | null>(null);
  /** The click that follows a drag's pointerup is not a click on the handle. */
  const dragged = useRef(false);
  const picking = () => {
    const linking = uiStore.getState().linking;
    return linking?.from === card.id && linking.mode === 'pick' ? linking : null;
  };

  return (
    <button
      type="button"
      className="link-handle"
      data-side={side}
      aria-label={`Link card: ${excerpt(card.text, 60, { empty: 'Empty card' })}`}
      aria-describedby={LINK_HANDLE_HINT_ID}
      onPointerDown={(event) => {
        if (event.button !== 0 || picking()) return;
        // No text selection, no canvas pan, no card drag: this press draws a link.
        event.preventDefault();
        event.stopPropagation();
        event.currentTarget.setPointerCapture(event.pointerId);
        drag.current = { pointerId: event.pointerId, x: event.clientX, y: event.clientY, targets: null };
      }}
      onPointerMove={(event) => {
        const d = drag.current;
        if (!d || d.pointerId !== event.pointerId) return;
        if (!d.targets) {
          if (Math.hypot(event.clientX - d.x, event.clientY - d.y) < DRAG_AFTER) return;
          d.targets = new Set(lanesFor(session, card.id).flatMap((lane) => lane.ids));
        }
        const over = cardIdAt(event.clientX, event.clientY);
        ui.setLinking({ from: card.id, target: over && d.targets.has(over) ? over : null, mode: 'pointer', pointer: { x: event.clientX, y: event.clientY } });
      }}
      onPointerUp={(event) => {
        const d = drag.current;
        if (!d || d.pointerId !== event.pointerId) return;
        drag.current = null;
        if (!d.targets) return;
        dragged.current = true;
        const over = cardIdAt(event.clientX, event.clientY);
        if (over && over !== card.id) commitLink(session, card.id, over);
        else ui.setLinking(null);
      }}
      onPointerCancel={() => {
        drag.current = null;
        if (uiStore.getState().linking?.mode === 'pointer') ui.setLinking(null);
      }}
      onClick={(event) => {
        event.stopPropagation();
        if (dragged.current) {
          dragged.current = false;
          return;
        }
        const linking = picking();
        if (linking) commitLink(session, card.id, linking.target);
        else {
          event.currentTarget.focus();
          startPick(session, card.id);
        }
      }}
      onKeyDown={(event) => {
        if (!picking()) return;
        if (event.key.startsWith('Arrow')) {
          event.preventDefault();
          moveTarget(session, event.key);
        } else if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          cancelLinking();
        }
      }}
      onBlur={() => {
        if (picking()) cancelLinking();
      }}
    >
      <Icon name="link" size={13} />
    </button>
  );
}
