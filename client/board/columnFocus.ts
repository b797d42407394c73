/**
 * Where a readable board opens and which column a phase is about, pure: the
 * laptop board opens at a zoom where card text can be read (not fitted to
 * the width, which made it about 9 px), and a phase change pans its column
 * into view with the smallest move that shows it whole.
 */
import type { PhaseId } from '../../shared/doc/control.ts';
import type { ColumnId } from '../../shared/model.ts';
import { PHASES } from '../../shared/doc/control.ts';
import { COLUMN_IDS } from '../../shared/model.ts';
import type { Rect, Viewport } from '../state/geometry.ts';

/**
 * The zoom the board opens at: 100 %, where card text is its designed size
 * (0.95 rem, over 14 px). The six columns are then wider than a laptop screen,
 * so the board shows the column the phase is about rather than all of them.
 */
export const READABLE_ZOOM = 1;

/** Space kept between a column brought into view and the canvas edges (screen pixels). */
const VIEW_MARGIN = 24;

/**
 * The column a phase is about: the one it fills; before the goals (Frame) the
 * goal column, where the chain starts; after the initiatives (trace check,
 * commit, close) the initiatives, where commitments are made.
 */
export function focusColumn(phase: PhaseId | null | undefined): ColumnId {
  const info = PHASES.find((p) => p.id === phase);
  if (info?.column) return info.column;
  const index = PHASES.findIndex((p) => p.id === phase);
  const initiatives = PHASES.findIndex((p) => p.id === 'initiatives');
  return index > initiatives ? 'initiative' : 'goal';
}

/**
 * The columns in the order the keyboard's jump list offers them: the one the
 * phase is about first, then the others in chain order (the phase order).
 */
export function columnJumpOrder(phase: PhaseId | null | undefined): ColumnId[] {
  const first = focusColumn(phase);
  return [first, ...COLUMN_IDS.filter((c) => c !== first)];
}

/**
 * The viewport after the smallest pan that shows `column` (board coordinates)
 * whole within `visible` (the part of the canvas not covered by a panel,
 * screen pixels from the canvas's top-left corner): unchanged when it already
 * is; its left edge at the margin when it is wider than the view. Vertically,
 * with `topOnly`, only a column's header needs to be in sight; otherwise the
 * whole rectangle (its top when it is taller than the view).
 */
export function panToShow(viewport: Viewport, column: Rect, visible: Rect, margin = VIEW_MARGIN, topOnly = true): Viewport {
  const { zoom } = viewport;
  let { x, y } = viewport;
  const left = column.x * zoom + x;
  const right = (column.x + column.width) * zoom + x;
  const minX = visible.x + margin;
  const maxX = visible.x + visible.width - margin;
  if (right - left > maxX - minX || left < minX) x += minX - left;
  else if (right > maxX) x -= right - maxX;
  const top = column.y * zoom + y;
  // Of a column only the header (title and question, about 96 px) needs to be seen; of anything else all of it.
  const height = topOnly ? 96 * zoom : column.height * zoom;
  const minY = visible.y + margin / 2;
  const maxY = visible.y + visible.height - margin / 2;
  if (top < minY || height > maxY - minY) y += minY - top;
  else if (top + height > maxY) y -= top + height - maxY;
  return { x, y, zoom };
}

/** The opening viewport: readable zoom, the board's top-left corner at the margin (then panned to the phase's column). */
export function openingViewport(margin = VIEW_MARGIN / 2): Viewport {
  return { x: margin, y: margin, zoom: READABLE_ZOOM };
}

/** Whether two viewports differ enough to be worth a pan (half a pixel). */
export function movedEnough(a: Viewport, b: Viewport): boolean {
  return Math.abs(a.x - b.x) >= 0.5 || Math.abs(a.y - b.y) >= 0.5 || a.zoom !== b.zoom;
}
