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

/** An SVG path (a horizontal S-curve) between the endpoints of a link. */
export function linkPath(line: LinkLine): string {
  const { start, end } = line;
  const bend = Math.max(24, Math.abs(end.x - start.x) / 2) * Math.sign(end.x - start.x || 1);
  const r = (n: number) => Math.round(n * 10) / 10;
  return `M ${r(start.x)} ${r(start.y)} C ${r(start.x + bend)} ${r(start.y)}, ${r(end.x - bend)} ${r(end.y)}, ${r(end.x)} ${r(end.y)}`;
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
