/**
 * Taking someone to a card named in the commitments panel (a trace-check
 * finding, a commitment's initiative): select it and bring it into view.
 */
import type { Point, Rect } from '../state/geometry.ts';
import { ui, uiStore } from '../state/ui.ts';

/**
 * The pan that centres `card` in `visible` (both screen rectangles), so the
 * card lands in the part of the canvas the panel does not cover.
 */
export function centreOffset(card: Rect, visible: Rect): Point {
  return {
    x: Math.round(visible.x + visible.width / 2 - (card.x + card.width / 2)),
    y: Math.round(visible.y + visible.height / 2 - (card.y + card.height / 2)),
  };
}

/** The part of `canvas` not covered by `panel` when the panel overlays its right side. */
export function uncovered(canvas: Rect, panel: Rect | null): Rect {
  if (!panel || panel.x >= canvas.x + canvas.width || panel.x <= canvas.x || panel.y >= canvas.y + canvas.height) return canvas;
  return { ...canvas, width: panel.x - canvas.x };
}

const rectOf = (el: Element): Rect => {
  const r = el.getBoundingClientRect();
  return { x: r.left, y: r.top, width: r.width, height: r.height };
};

/** Selects a card and pans (board canvas) or scrolls (stacked phone layout) to it. */
export function revealCard(cardId: string): void {
  if (uiStore.getState().view !== 'board') ui.setView('board');
  ui.select(cardId);
  // After React has drawn the board view and the selection.
  requestAnimationFrame(() => {
    const selector = `[data-card-id="${CSS.escape(cardId)}"]`;
    const canvas = document.querySelector('.canvas');
    const card = canvas?.querySelector(selector);
    if (canvas && card && canvas.clientWidth > 0) {
      const panel = document.querySelector('.commitments-drawer');
      const visible = uncovered(rectOf(canvas), panel && getComputedStyle(panel).position === 'fixed' ? rectOf(panel) : null);
      const offset = centreOffset(rectOf(card), visible);
      const viewport = uiStore.getState().viewport;
      ui.setViewport({ ...viewport, x: viewport.x + offset.x, y: viewport.y + offset.y });
      return;
    }
    // Stacked layout: the panel is a sheet over the page; put it away to show the card.
    const stacked = document.querySelector(selector);
    if (stacked) {
      ui.closeCommitments();
      stacked.scrollIntoView({ block: 'center' });
    }
  });
}
