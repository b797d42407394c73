import { useEffect, useLayoutEffect, useRef } from 'react';
import type { PhaseId } from '../../shared/doc/control.ts';
import type { ColumnId } from '../../shared/model.ts';
import { uncovered } from '../ui/revealCard.ts';
import { useControl, useFacilitation } from '../sync/controlHooks.ts';
import { ui, uiStore, useUi } from '../state/ui.ts';
import { focusColumn, movedEnough, panToShow } from './columnFocus.ts';
import type { Rect } from '../state/geometry.ts';
import { useCompactLayout } from './useCompactLayout.ts';

const rectOf = (el: Element): Rect => {
  const r = el.getBoundingClientRect();
  return { x: r.left, y: r.top, width: r.width, height: r.height };
};

/** Someone is typing in a field on the board or dragging a card: a pan now would pull the card from under them. */
function busy(): boolean {
  const active = document.activeElement;
  const typing = active instanceof HTMLElement && active.matches('textarea, input, select') && !!active.closest('.board-main');
  return typing || uiStore.getState().drag !== null;
}

/** Pans the canvas the least that shows `column` whole, beside any panel lying over it (false: no canvas on screen). */
export function panCanvasTo(column: ColumnId): boolean {
  const canvas = document.querySelector<HTMLElement>('.board-main .canvas');
  const element = canvas?.querySelector<HTMLElement>(`.column[data-column="${column}"]`);
  if (!canvas || !element || canvas.clientWidth === 0) return false;
  const box = rectOf(canvas);
  const drawer = document.querySelector('.side-panel.commitments-drawer');
  const free = uncovered(box, drawer && getComputedStyle(drawer).position === 'fixed' ? rectOf(drawer) : null);
  // Columns are laid out in the canvas content (their offset parent): offsets are board coordinates.
  const rect = { x: element.offsetLeft, y: element.offsetTop, width: element.offsetWidth, height: element.offsetHeight };
  const current = uiStore.getState().viewport;
  const next = panToShow(current, rect, { x: 0, y: 0, width: free.width, height: free.height });
  if (movedEnough(current, next)) ui.setViewport(next);
  return true;
}

/**
 * Scrolls the stacked layout to `column`'s top, again on the next frames while
 * it moves: cards out of sight are laid out at an estimated height
 * (content-visibility) until they come near, so one scroll lands short.
 */
export function scrollStackTo(column: ColumnId, frames = 30): void {
  const element = document.querySelector(`.board-stack .column[data-column="${column}"]`);
  if (!element) return;
  element.scrollIntoView({ block: 'start' });
  const landed = element.getBoundingClientRect().top;
  // Checked for a few frames (half a second): scrolled again if the cards above it changed height
  // meanwhile — unless the person touched, scrolled or typed in between (theirs is the last word).
  let touched = false;
  const events = ['wheel', 'touchstart', 'pointerdown', 'keydown'] as const;
  const onInput = () => {
    touched = true;
  };
  for (const e of events) window.addEventListener(e, onInput, { capture: true, passive: true });
  const check = (left: number) => {
    if (left <= 0 || touched || !element.isConnected) {
      for (const e of events) window.removeEventListener(e, onInput, { capture: true });
      return;
    }
    if (Math.abs(element.getBoundingClientRect().top - landed) > 1) element.scrollIntoView({ block: 'start' });
    requestAnimationFrame(() => check(left - 1));
  };
  requestAnimationFrame(() => check(frames));
}

/**
 * The board page brings the column the phase is about into view: when the
 * board opens (and when the workshop's phase first arrives) and at every phase
 * change — not while the person follows the facilitator's view (follow-me
 * places them), and not under someone typing or dragging (it waits until they
 * leave the field or drop the card). On the stacked phone layout the page
 * scrolls to the column, when it opens and at a phase change.
 */
export function ActiveColumnInView() {
  const control = useControl();
  const facilitation = useFacilitation();
  const following = useUi((s) => s.following);
  const compact = useCompactLayout();
  const phase: PhaseId | null = facilitation?.phase ?? null;
  const follows = !!control && !control.isFacilitator && !!facilitation?.follow.on && following;
  /** The phase last brought into view (undefined: nothing yet on this canvas). */
  const shown = useRef<PhaseId | null | undefined>(undefined);
  const pending = useRef<ColumnId | null>(null);

  useLayoutEffect(() => {
    const opening = shown.current === undefined || (shown.current === null && phase !== null);
    if (!opening && shown.current === phase) return;
    shown.current = phase;
    if (follows) return;
    const column = focusColumn(phase);
    if (compact) {
      // The stacked layout scrolls to the phase's column: when it opens (a phone opening its full board
      // mid-workshop lands on the column being filled, not on the goals thousands of pixels above), at a
      // phase change, and when the workshop's phase arrives once synced (before that it reads Frame: the goals, on top).
      if (!(opening && column === 'goal')) scrollStackTo(column);
      return;
    }
    if (!opening && busy()) {
      pending.current = column;
      return;
    }
    pending.current = null;
    panCanvasTo(column);
  }, [phase, follows, compact]);

  // A pan put off while someone typed or dragged: made once they are done, unless they now follow someone.
  useEffect(() => {
    const retry = () => {
      const column = pending.current;
      if (!column || busy()) return;
      pending.current = null;
      if (!follows) panCanvasTo(column);
    };
    const onFocusOut = () => requestAnimationFrame(retry);
    document.addEventListener('focusout', onFocusOut);
    const unsubscribe = uiStore.subscribe((state, previous) => {
      if (previous.drag && !state.drag) requestAnimationFrame(retry);
    });
    return () => {
      document.removeEventListener('focusout', onFocusOut);
      unsubscribe();
    };
  }, [follows]);

  return null;
}
