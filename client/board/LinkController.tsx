import { useEffect, useReducer } from 'react';
import { useSession } from '../sync/hooks.ts';
import { ui, uiStore, useUi } from '../state/ui.ts';
import { LINK_HANDLE_HINT_ID } from './LinkHandle.tsx';
import { cancelLinking, cardIdAt, commitLink } from './linking.ts';
import './LinkController.css';

/**
 * What linking from the board needs once per board: the line drawn from the
 * link handle to the pointer or the chosen card, a click on a card while
 * choosing one (it links; a click elsewhere cancels), the handles' hint, and
 * the live region that announces linking and grouping to screen readers.
 */
export function LinkController() {
  const session = useSession();
  const picking = useUi((s) => s.linking?.mode === 'pick');

  useEffect(() => {
    if (!picking) return;
    const onPointerDown = (event: PointerEvent) => {
      const linking = uiStore.getState().linking;
      if (!linking || !(event.target instanceof Element)) return;
      if (event.target.closest('.link-handle')) return;
      const over = cardIdAt(event.clientX, event.clientY);
      if (over && over !== linking.from) {
        event.preventDefault();
        event.stopPropagation();
        commitLink(session, linking.from, over);
      } else {
        cancelLinking();
      }
    };
    window.addEventListener('pointerdown', onPointerDown, true);
    return () => window.removeEventListener('pointerdown', onPointerDown, true);
  }, [picking, session]);

  return (
    <>
      <p id={LINK_HANDLE_HINT_ID} hidden>
        Drag onto a card in a neighbouring column to link them, or press Enter and choose the card with the arrow keys.
      </p>
      <BoardAnnouncer />
      <LinkLine />
    </>
  );
}

/** How long a message stays in the live region: said once, then gone (a screen reader reading the page later must not meet a stale "Linked …"). */
const ANNOUNCEMENT_MS = 5000;

/** Linking and grouping, said to screen readers as it happens, and cleared a few seconds later. */
function BoardAnnouncer() {
  const announcement = useUi((s) => s.announcement);
  const id = announcement?.id;
  useEffect(() => {
    if (id === undefined) return;
    const timer = window.setTimeout(() => ui.clearAnnouncement(id), ANNOUNCEMENT_MS);
    return () => window.clearTimeout(timer);
  }, [id]);
  return (
    <div className="visually-hidden" role="status" aria-live="assertive" aria-atomic="true">
      {announcement?.text}
    </div>
  );
}

/** The middle of the side of `rect` that faces the point `x`. */
function facingEdge(rect: DOMRect, x: number): { x: number; y: number } {
  return { x: x < rect.left + rect.width / 2 ? rect.left : rect.right, y: rect.top + rect.height / 2 };
}

/** The line from the link handle to the pointer (or to the card it would link to), drawn over everything while linking. */
function LinkLine() {
  const linking = useUi((s) => s.linking);
  // Drawn from where the cards are on screen: again when the canvas pans or the stacked page scrolls
  // (a keyboard target brought into view).
  useUi((s) => (s.linking ? s.viewport : null));
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const active = linking !== null;
  // No text selection while the line is drawn (a page attribute, not `body:has(.link-drag-line)`:
  // that would check the page's style again on every key typed on the board).
  useEffect(() => {
    if (!active) return;
    document.body.setAttribute('data-linking', '');
    return () => document.body.removeAttribute('data-linking');
  }, [active]);
  useEffect(() => {
    if (!active) return;
    window.addEventListener('scroll', redraw, { capture: true, passive: true });
    return () => window.removeEventListener('scroll', redraw, { capture: true });
  }, [active]);
  if (!linking) return null;
  const handle = document.querySelector(`.card-list > [data-card-id="${CSS.escape(linking.from)}"] .link-handle`);
  if (!handle) return null;
  const h = handle.getBoundingClientRect();
  const start = { x: h.left + h.width / 2, y: h.top + h.height / 2 };
  const target = linking.target ? document.querySelector(`.card-list > [data-card-id="${CSS.escape(linking.target)}"]`) : null;
  const end = target ? facingEdge(target.getBoundingClientRect(), start.x) : linking.pointer;
  if (!end) return null;
  const bend = Math.max(24, Math.abs(end.x - start.x) / 2) * Math.sign(end.x - start.x || 1);
  return (
    <svg className="link-drag-line" data-on-target={target ? true : undefined} aria-hidden="true">
      <path d={`M ${start.x} ${start.y} C ${start.x + bend} ${start.y}, ${end.x - bend} ${end.y}, ${end.x} ${end.y}`} />
      <circle cx={end.x} cy={end.y} r={5} />
    </svg>
  );
}
