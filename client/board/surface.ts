/**
 * The on-screen element holding the columns in board coordinates, for code
 * outside the canvas (the drag handlers) that converts screen ↔ board points.
 */
import { toBoardRect, type Point, type Rect } from './geometry.ts';
import { uiStore } from '../state/ui.ts';

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

export function screenPointToBoard(point: Point): Point | undefined {
  const rect = screenRectToBoard({ ...point, width: 0, height: 0 });
  return rect ? { x: rect.x, y: rect.y } : undefined;
}
