/**
 * Pure geometry of the board canvas: board ↔ screen coordinates, zoom about a
 * point, fit-to-screen, column order, and the lines drawn for trace links.
 * Board coordinates are the unscaled layout of the columns, the same for
 * everyone, so cursors and drags can be shared between screens.
 */
import { COLUMN_IDS, type ColumnId, type Direction } from '../../shared/model.ts';

export interface Point {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Rect extends Point, Size {}

/** Pan (screen pixels) and zoom of the canvas: screen = board × zoom + pan. */
export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export const MIN_ZOOM = 0.25;
export const MAX_ZOOM = 2;

export function clampZoom(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

export function screenToBoard(point: Point, viewport: Viewport): Point {
  return { x: (point.x - viewport.x) / viewport.zoom, y: (point.y - viewport.y) / viewport.zoom };
}

/** Zooms to `zoom` keeping the board point under `anchor` (screen) where it is. */
export function zoomAt(viewport: Viewport, zoom: number, anchor: Point): Viewport {
  const next = clampZoom(zoom);
  const fixed = screenToBoard(anchor, viewport);
  return { zoom: next, x: anchor.x - fixed.x * next, y: anchor.y - fixed.y * next };
}

/** The viewport that shows all of `content` inside `screen`, centred, never above `maxZoom`. */
export function fitToScreen(content: Rect, screen: Size, padding = 24, maxZoom = 1): Viewport {
  const availableW = Math.max(1, screen.width - 2 * padding);
  const availableH = Math.max(1, screen.height - 2 * padding);
  const zoom = clampZoom(Math.min(maxZoom, availableW / Math.max(1, content.width), availableH / Math.max(1, content.height)));
  const x = (screen.width - content.width * zoom) / 2 - content.x * zoom;
  const y = Math.min(padding, (screen.height - content.height * zoom) / 2) - content.y * zoom;
  return { x, y, zoom };
}

/** Columns from left to right: with `rtl` the goal is on the right (filled right to left). */
export function displayColumns(direction: Direction): ColumnId[] {
  return direction === 'rtl' ? [...COLUMN_IDS].reverse() : [...COLUMN_IDS];
}

export interface LinkLine {
  start: Point;
  end: Point;
}

/**
 * Where a link line leaves and enters: the middles of the facing vertical edges
 * of the two cards (cards of a link sit in neighbouring columns).
 */
export function linkEndpoints(from: Rect, to: Rect): LinkLine {
  const fromCentre = from.x + from.width / 2;
  const toCentre = to.x + to.width / 2;
  const fromY = from.y + from.height / 2;
  const toY = to.y + to.height / 2;
  if (fromCentre <= toCentre) {
    return { start: { x: from.x + from.width, y: fromY }, end: { x: to.x, y: toY } };
  }
  return { start: { x: from.x, y: fromY }, end: { x: to.x + to.width, y: toY } };
}

/** The two control points of a link's curve: it leaves and enters horizontally, bending at least 24 px. */
function linkControls(line: LinkLine): [Point, Point] {
  const { start, end } = line;
  const bend = Math.max(24, Math.abs(end.x - start.x) / 2) * Math.sign(end.x - start.x || 1);
  return [{ x: start.x + bend, y: start.y }, { x: end.x - bend, y: end.y }];
}

/** An SVG path (a horizontal S-curve) between the endpoints of a link. */
export function linkPath(line: LinkLine): string {
  const { start, end } = line;
  const [c1, c2] = linkControls(line);
  const r = (n: number) => Math.round(n * 10) / 10;
  return `M ${r(start.x)} ${r(start.y)} C ${r(c1.x)} ${r(c1.y)}, ${r(c2.x)} ${r(c2.y)}, ${r(end.x)} ${r(end.y)}`;
}

/**
 * A box the curve of `linkPath(line)` never leaves: a Bézier curve stays
 * inside the hull of its end and control points.
 */
export function linkBounds(line: LinkLine): Rect {
  const points = [line.start, ...linkControls(line), line.end];
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/** The part of the board the canvas shows (board coordinates), from its viewport and its size on screen. */
export function visibleBoardRect(viewport: Viewport, screen: Size): Rect {
  return { x: -viewport.x / viewport.zoom, y: -viewport.y / viewport.zoom, width: screen.width / viewport.zoom, height: screen.height / viewport.zoom };
}

/** `rect` grown by `dx` on its left and right and by `dy` above and below. */
export function growRect(rect: Rect, dx: number, dy: number): Rect {
  return { x: rect.x - dx, y: rect.y - dy, width: rect.width + 2 * dx, height: rect.height + 2 * dy };
}

/** Whether two rectangles overlap (edges that touch count). */
export function rectsMeet(a: Rect, b: Rect): boolean {
  return a.x <= b.x + b.width && b.x <= a.x + a.width && a.y <= b.y + b.height && b.y <= a.y + a.height;
}

/** Whether `outer` holds all of `inner`. */
export function holdsRect(outer: Rect, inner: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

/** A rectangle measured on screen, in board coordinates relative to `origin` (also on screen). */
export function toBoardRect(screen: Rect, origin: Point, zoom: number): Rect {
  return {
    x: (screen.x - origin.x) / zoom,
    y: (screen.y - origin.y) / zoom,
    width: screen.width / zoom,
    height: screen.height / zoom,
  };
}
