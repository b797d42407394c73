/**
 * The on-screen element holding the columns in board coordinates, for code
 * outside the canvas (the drag handlers) that converts screen rectangles to board ones.
 */
import { toBoardRect, type Rect } from '../state/geometry.ts';
import { ui, uiStore } from '../state/ui.ts';
import { panToShow } from './columnFocus.ts';

let content: HTMLElement | null = null;
let compact = false;

export function registerBoardSurface(element: HTMLElement | null, isCompact: boolean): void {
  content = element;
  compact = isCompact;
}

/** A screen rectangle in board coordinates, or undefined when no canvas is shown (phone layout). */
export function screenRectToBoard(rect: Rect): Rect | undefined {
  if (!content || compact) return undefined;
  const origin = content.getBoundingClientRect();
  return toBoardRect(rect, { x: origin.left, y: origin.top }, uiStore.getState().viewport.zoom);
}

/**
 * Pans the canvas the least that shows `element` (on the canvas) whole;
 * nothing when it is in view already or no canvas is shown.
 */
export function panIntoView(element: Element): void {
  const canvas = content?.closest<HTMLElement>('.canvas');
  if (!canvas || compact) return;
  const box = canvas.getBoundingClientRect();
  const r = element.getBoundingClientRect();
  const inside = r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom;
  if (inside || r.width === 0) return;
  const rect = screenRectToBoard({ x: r.left, y: r.top, width: r.width, height: r.height });
  if (rect) ui.setViewport(panToShow(uiStore.getState().viewport, rect, { x: 0, y: 0, width: box.width, height: box.height }, 16, false));
}
