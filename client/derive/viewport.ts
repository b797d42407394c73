/**
 * Follow-me viewports, pure. The canvas viewport is a pan (screen pixels) and
 * a zoom; screens differ in size, so what is shared is the board area the
 * facilitator sees: the board point at the centre of their canvas, their zoom,
 * and the area's size in board units. Each follower centres that point and
 * zooms so the whole area fits its own canvas: a smaller screen (or one
 * beside a side panel) shows what the facilitator sees, not a cut-out of it.
 */
import type { Viewport as SharedViewport } from '../../shared/doc/control.ts';
import type { Size, Viewport } from '../state/geometry.ts';
import { clampZoom } from '../state/geometry.ts';

/** The shared form of a canvas viewport on a canvas of `size`. */
export function toSharedViewport(viewport: Viewport, size: Size): SharedViewport {
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    x: round((size.width / 2 - viewport.x) / viewport.zoom),
    y: round((size.height / 2 - viewport.y) / viewport.zoom),
    zoom: Math.round(viewport.zoom * 1000) / 1000,
    width: Math.round(size.width / viewport.zoom),
    height: Math.round(size.height / viewport.zoom),
  };
}

/** The canvas viewport of a follower with a canvas of `size` showing the shared area (older shares: the shared zoom), times `scale`. */
export function fromSharedViewport(shared: SharedViewport, size: Size, scale = 1): Viewport {
  const fit = shared.width && shared.height ? Math.min(size.width / shared.width, size.height / shared.height) : shared.zoom;
  const zoom = clampZoom(fit * scale);
  return { x: size.width / 2 - shared.x * zoom, y: size.height / 2 - shared.y * zoom, zoom };
}

/** Close enough that applying one over the other would not move anything visibly. */
export function sameViewport(a: Viewport, b: Viewport): boolean {
  return Math.abs(a.x - b.x) < 0.5 && Math.abs(a.y - b.y) < 0.5 && Math.abs(a.zoom - b.zoom) < 0.001;
}

/** The board canvas on screen (there is none in the stacked phone layout). */
export function canvasSize(): Size | null {
  const canvas = document.querySelector<HTMLElement>('.canvas');
  return canvas && canvas.clientWidth > 0 ? { width: canvas.clientWidth, height: canvas.clientHeight } : null;
}
