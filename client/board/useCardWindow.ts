/**
 * The window of a long column's cards to render (cardWindow.ts): the cards
 * within a screen's height of what the canvas shows, plus the selected,
 * focused, dragged and linking ones. Heights are measured as cards render and
 * estimated before; the window follows every pan, zoom, focus and selection.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { ColumnId } from '../../shared/model.ts';
import { uiStore } from '../state/ui.ts';
import type { Rect } from '../state/geometry.ts';
import { CARD_ESTIMATE, CARD_GAP, registerWindow, renderedOf, sameWindow, WINDOW_FROM, windowOf, type CardWindow } from './cardWindow.ts';

/** The list's padding above its first card and beside its cards (ColumnView.css `.card-list`). */
const LIST_PADDING_TOP = 4;
const LIST_PADDING_X = 8;
/** A list the canvas cannot place (not laid out): the cards in this many board px from its top. */
const FIRST_BAND = 1_600;
/**
 * While the board opens: the cards this many board px beyond the screen. The
 * screen-high margin that makes panning seamless is rendered once the browser
 * is idle (a board that opens shows its cards a good deal sooner).
 */
const OPENING_MARGIN = 60;

/** Runs `fn` when the browser is idle (or after a while at the latest); returns the cancel. */
function whenIdle(fn: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(fn, { timeout: 1_000 });
    return () => cancelIdleCallback(id);
  }
  const timer = setTimeout(fn, 200);
  return () => clearTimeout(timer);
}

interface ListPlace {
  /** Board coordinates of the list's first card's top, and of the list's left edge and width. */
  top: number;
  left: number;
  width: number;
}

function listPlace(list: HTMLElement, content: HTMLElement, zoom: number): ListPlace {
  const box = content.getBoundingClientRect();
  const r = list.getBoundingClientRect();
  return { top: (r.top - box.top) / zoom + LIST_PADDING_TOP, left: (r.left - box.left) / zoom, width: r.width / zoom };
}

function focusedCard(): string | undefined {
  const active = document.activeElement;
  return active instanceof HTMLElement ? (active.closest<HTMLElement>('[data-card-id]')?.dataset.cardId ?? undefined) : undefined;
}

/** The window of `cardIds` to render in `column`'s list, or null to render every card (a short column, or no canvas). */
export function useCardWindow(column: ColumnId, cardIds: readonly string[], list: RefObject<HTMLUListElement | null>): CardWindow | null {
  const heights = useRef(new Map<string, number>());
  const ids = useRef(cardIds);
  ids.current = cardIds;
  const windowed = cardIds.length > WINDOW_FROM;
  // Null until measured: the first render of a long column renders no card, the layout effect right after it (before
  // anything is painted) places the list and renders the cards on screen — none is rendered only to be dropped again.
  const [win, setWin] = useState<CardWindow | null>(null);
  // Only a list on the pan-and-zoom canvas is windowed: the phone's stacked board scrolls the page, and shows every card.
  const [onCanvas, setOnCanvas] = useState(true);
  /** The canvas could not place the list (not laid out): its first cards are rendered instead. */
  const [unplaced, setUnplaced] = useState(false);
  /** The board has opened and the browser was idle since: the window has its full margin. */
  const [settled, setSettled] = useState(false);

  const heightsOf = useCallback(() => ids.current.map((id) => heights.current.get(id) ?? CARD_ESTIMATE), []);

  const compute = useCallback((): CardWindow | null => {
    const all = ids.current;
    const element = list.current;
    const content = element?.closest<HTMLElement>('.canvas-content');
    const canvas = content?.parentElement;
    if (all.length <= WINDOW_FROM || !element || !content || !canvas || canvas.clientHeight === 0) return null;
    const { viewport, selectedCardId, panelCardId, focusCardId, newCard, drag, linking } = uiStore.getState();
    const zoom = viewport.zoom;
    const place = listPlace(element, content, zoom);
    const margin = settled ? canvas.clientHeight / zoom : OPENING_MARGIN;
    const left = -viewport.x / zoom - margin;
    const right = (canvas.clientWidth - viewport.x) / zoom + margin;
    const onScreen = place.left + place.width > left && place.left < right;
    const top = onScreen ? -viewport.y / zoom - margin - place.top : Infinity;
    const bottom = onScreen ? (canvas.clientHeight - viewport.y) / zoom + margin - place.top : -Infinity;
    const pinned = [selectedCardId, panelCardId, focusCardId, newCard?.id, drag?.cardId, linking?.from, linking?.target, focusedCard()]
      .filter((id): id is string => typeof id === 'string')
      .map((id) => all.indexOf(id));
    if (drag?.target.column === column) pinned.push(drag.target.index);
    return windowOf(heightsOf(), top, bottom, pinned);
  }, [column, list, heightsOf, settled]);

  const update = useCallback(() => {
    const next = compute();
    setWin((previous) => (sameWindow(previous, next) ? previous : next));
    setUnplaced(next === null && ids.current.length > WINDOW_FROM);
  }, [compute]);

  // The margin beyond the screen, once the board has opened.
  useEffect(() => (windowed && !settled ? whenIdle(() => setSettled(true)) : undefined), [windowed, settled]);

  // After a render that changed the column's cards or the ones shown: measure those, then the window they leave.
  // Not after every render: a keystroke re-renders the column, and measuring here would force the browser to lay
  // out the board inside the key press; a card that grows is measured by the observer below instead.
  useLayoutEffect(() => {
    const element = list.current;
    if (!element || !windowed) {
      if (win !== null) setWin(null);
      return;
    }
    const canvas = element.closest('.canvas-content') !== null;
    if (canvas !== onCanvas) setOnCanvas(canvas);
    for (const child of element.children) {
      const id = (child as HTMLElement).dataset?.cardId;
      if (id) heights.current.set(id, (child as HTMLElement).offsetHeight + CARD_GAP);
    }
    update();
  }, [cardIds, win, windowed, onCanvas, update, list]);

  // Cards shown that change height (a line typed, a field filled): measured after the browser's own layout, the
  // window worked out again at the next frame.
  useEffect(() => {
    const element = list.current;
    if (!element || !win || typeof ResizeObserver === 'undefined') return;
    let frame = 0;
    const observer = new ResizeObserver((entries) => {
      let changed = false;
      for (const entry of entries) {
        const id = (entry.target as HTMLElement).dataset.cardId;
        const height = (entry.borderBoxSize?.[0]?.blockSize ?? (entry.target as HTMLElement).offsetHeight) + CARD_GAP;
        if (!id || Math.abs((heights.current.get(id) ?? CARD_ESTIMATE) - height) < 1) continue;
        heights.current.set(id, height);
        changed = true;
      }
      if (!changed) return;
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(update);
    });
    for (const child of element.children) if ((child as HTMLElement).dataset?.cardId) observer.observe(child);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [win, list, update]);

  // Pans, zooms, selections, drags and focus moves: a new window (at the next frame, once per frame).
  useEffect(() => {
    if (!windowed) return;
    let frame = 0;
    const schedule = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(update);
    };
    const unsubscribe = uiStore.subscribe((state, previous) => {
      // A card that is selected or becomes a linking target is rendered at once: whoever selected it looks for it next.
      if (state.selectedCardId !== previous.selectedCardId || state.focusCardId !== previous.focusCardId || state.panelCardId !== previous.panelCardId
        || state.newCard !== previous.newCard || state.linking !== previous.linking) update();
      else if (state.viewport !== previous.viewport || state.drag !== previous.drag) schedule();
    });
    document.addEventListener('focusin', schedule);
    window.addEventListener('resize', schedule);
    return () => {
      cancelAnimationFrame(frame);
      unsubscribe();
      document.removeEventListener('focusin', schedule);
      window.removeEventListener('resize', schedule);
    };
  }, [windowed, update]);

  // What the links and a drag read of this column.
  useEffect(() => {
    if (!win) {
      registerWindow(column, null);
      return;
    }
    const shown = new Set(renderedOf(win));
    let indexOf: Map<string, number> | undefined;
    registerWindow(column, {
      ids: cardIds,
      estimate: (wanted) => {
        const out = new Map<string, Rect>();
        indexOf ??= new Map(cardIds.map((id, i) => [id, i]));
        const asked = [...wanted].map((id) => indexOf!.get(id)).filter((i): i is number => i !== undefined && !shown.has(i));
        const element = list.current;
        const content = element?.closest<HTMLElement>('.canvas-content');
        if (asked.length === 0 || !element || !content) return out;
        const place = listPlace(element, content, uiStore.getState().viewport.zoom);
        // Each card's top: the list's, then the heights (measured, else estimated) of the cards above it.
        const all = heightsOf();
        const tops = new Float64Array(all.length);
        for (let i = 1; i < all.length; i++) tops[i] = tops[i - 1]! + all[i - 1]!;
        for (const i of asked) {
          out.set(cardIds[i]!, { x: place.left + LIST_PADDING_X, y: place.top + tops[i]!, width: place.width - 2 * LIST_PADDING_X, height: all[i]! - CARD_GAP });
        }
        return out;
      },
    });
  }, [column, cardIds, win, list, heightsOf]);
  useEffect(() => () => registerWindow(column, null), [column]);

  if (!windowed || !onCanvas) return null;
  // Not measured yet (a column that just grew long: the board arrived): no card until placed, right after this render.
  if (!win) return windowOf(cardIds.map(() => CARD_ESTIMATE), 0, unplaced ? FIRST_BAND : 0);
  return win;
}
