/**
 * Long columns render only the cards near the screen (a window), so a
 * 2,000-card board opens and drags like a small one. A column with more than
 * WINDOW_FROM cards keeps the others as two spacers of their (measured, else
 * estimated) height above and below the rendered cards; everything else on
 * the board reads the same positions through this module: the trace links
 * (estimated rectangles of cards not rendered) and a drag's drop position
 * (the place among all the column's cards of the rendered ones). Every card stays
 * reachable: keyboard focus pans the canvas and the window follows it, the
 * selected, focused, dragged and linking cards are always rendered, and the
 * outline and table views list every card.
 */
import type { ColumnId } from '../../shared/model.ts';
import type { Rect } from '../state/geometry.ts';

/** Columns with more cards than this render a window of them. */
export const WINDOW_FROM = 60;

/** A card's height, with the gap after it, before it was ever rendered (board px). */
export const CARD_ESTIMATE = 120;

/** The gap between cards of a list (ColumnView.css `.card-list` gap). */
export const CARD_GAP = 10;

/** One piece of a windowed list, top to bottom: a rendered card (its index) or the place of skipped cards (board px). */
export type WindowPiece = { card: number } | { spacer: number; from: number };

/** The cards rendered of a column: the band [start, end) near the screen, and the pieces to render in list order. */
export interface CardWindow {
  start: number;
  end: number;
  pieces: WindowPiece[];
}

/**
 * The cards of a list of `heights` (each with the gap after it) that meet the
 * band [top, bottom) (list px), and the `pinned` ones wherever they are; the
 * cards between are spacers of their height (less the gap their spacer adds).
 */
export function windowOf(heights: readonly number[], top: number, bottom: number, pinned: readonly number[] = []): CardWindow {
  const n = heights.length;
  let start = n;
  let end = n;
  let offset = 0;
  for (let i = 0; i < n; i++) {
    const next = offset + heights[i]!;
    if (start === n && next > top) start = i;
    if (offset >= bottom) {
      end = i;
      break;
    }
    offset = next;
  }
  if (start > end) start = end;
  const extra = [...new Set(pinned)].filter((p) => p >= 0 && p < n && (p < start || p >= end)).sort((a, b) => a - b);
  const pieces: WindowPiece[] = [];
  let skipped = 0;
  let from = 0;
  const card = (i: number) => {
    if (skipped > 0) pieces.push({ spacer: Math.max(0, skipped - CARD_GAP), from });
    pieces.push({ card: i });
    skipped = 0;
    from = i + 1;
  };
  let e = 0;
  for (let i = 0; i < n; i++) {
    if (i >= start && i < end) card(i);
    else if (extra[e] === i) {
      card(i);
      e++;
    } else skipped += heights[i]!;
  }
  if (skipped > 0) pieces.push({ spacer: Math.max(0, skipped - CARD_GAP), from });
  return { start, end, pieces };
}

export function sameWindow(a: CardWindow | null, b: CardWindow | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.start !== b.start || a.end !== b.end || a.pieces.length !== b.pieces.length) return false;
  return a.pieces.every((p, i) => {
    const q = b.pieces[i]!;
    return 'card' in p ? 'card' in q && q.card === p.card : 'spacer' in q && Math.abs(q.spacer - p.spacer) < 1;
  });
}

/** The indices a window renders. */
export function renderedOf(win: CardWindow): number[] {
  return win.pieces.flatMap((p) => ('card' in p ? [p.card] : []));
}

// ---------------------------------------------------------------- what the rest of the board reads

interface ColumnWindowState {
  ids: readonly string[];
  /** Board rectangles of the cards of `wanted` this column holds and does not render (estimated from their list's place). */
  estimate(wanted: ReadonlySet<string>): Map<string, Rect>;
}

const windows = new Map<ColumnId, ColumnWindowState>();
const listeners = new Set<() => void>();

/** A windowed column's state (null: it renders every card again, or unmounts). */
export function registerWindow(column: ColumnId, state: ColumnWindowState | null): void {
  if (state) windows.set(column, state);
  else windows.delete(column);
  for (const listener of listeners) listener();
}

/** Called whenever a column's window changes (the links measure again). */
export function onWindowChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The position among `column`'s cards other than `skipId` of each card id in
 * `ids` (rendered cards, top to bottom): a drop between rendered cards lands
 * among all of them. Unknown ids (a column that renders every card) keep
 * their own place in `ids`.
 */
export function positionsAmongAll(column: ColumnId, ids: readonly string[], skipId?: string): number[] {
  const state = windows.get(column);
  if (!state) return ids.map((_, i) => i);
  const others = state.ids.filter((id) => id !== skipId);
  const at = new Map(others.map((id, i) => [id, i]));
  return ids.map((id, i) => at.get(id) ?? i);
}

/**
 * Board rectangles of the cards of `ids` that a windowed column does not
 * render (where they would be); cards rendered, or unknown, are left out.
 */
export function estimatedCardRects(ids: Iterable<string>): Map<string, Rect> {
  const wanted = new Set(ids);
  const out = new Map<string, Rect>();
  if (wanted.size === 0) return out;
  for (const state of windows.values()) for (const [id, rect] of state.estimate(wanted)) out.set(id, rect);
  return out;
}
