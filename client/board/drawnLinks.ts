/**
 * Which trace links the canvas draws, pure: a big board holds hundreds of
 * links, most of them between cards far off screen, so the link layer draws
 * only those whose curve can cross the part of the board on screen, plus a
 * margin (the drawn area). The area is worked out again only once the screen
 * comes near its edge, so panning at any ordinary speed never shows a link
 * popping in, and a pan of a few pixels changes nothing the layer draws.
 * A link from a card on screen to one far away is drawn: its curve leaves
 * the screen. Every link stays listed in its cards' details (the lines are
 * decoration for assistive tech).
 */
import type { Link } from '../../shared/model.ts';
import { growRect, holdsRect, linkBounds, linkEndpoints, rectsMeet, type Rect } from '../state/geometry.ts';

/** The drawn area reaches this much of the screen's width and height beyond each of its edges. */
export const DRAWN_MARGIN = 0.5;
/** A new area once the screen comes nearer than this much of its size to the drawn area's edge. */
const KEPT_MARGIN = 0.25;
/** A new (smaller) area too once it is this many times the screen's width or height (zoomed in since). */
const OVERSIZE = 3;

/** The drawn area for what the screen shows (`visible`, board coordinates). */
export function drawnArea(visible: Rect): Rect {
  return growRect(visible, visible.width * DRAWN_MARGIN, visible.height * DRAWN_MARGIN);
}

/**
 * Whether the drawn `area` still serves a screen showing `visible`: it holds
 * the screen with a margin, and it is not many times larger (after zooming in).
 */
export function areaServes(area: Rect | null, visible: Rect): boolean {
  if (!area) return false;
  if (area.width > OVERSIZE * visible.width || area.height > OVERSIZE * visible.height) return false;
  return holdsRect(area, growRect(visible, visible.width * KEPT_MARGIN, visible.height * KEPT_MARGIN));
}

/** The drawn area for a screen showing `visible`: `area` while it serves, else a new one. */
export function followArea(area: Rect | null, visible: Rect): Rect {
  return area && areaServes(area, visible) ? area : drawnArea(visible);
}

/**
 * The links whose curve can cross `area`, in their order: both ends placed
 * (`places`: card id → rectangle, board coordinates) and the box of the curve
 * meeting the area. A link with an end not placed is left out.
 */
export function linksAcross(links: readonly Link[], places: ReadonlyMap<string, Rect>, area: Rect): Link[] {
  return links.filter((link) => {
    const from = places.get(link.from);
    const to = places.get(link.to);
    return from !== undefined && to !== undefined && rectsMeet(linkBounds(linkEndpoints(from, to)), area);
  });
}
