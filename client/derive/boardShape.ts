/**
 * The shape of a board: which cards stand where, in which column, in what
 * order and with what status — everything about the cards except what is
 * written on them. Typing into a card changes its text only, so what derives
 * from the shape (trace findings, the golden thread, protection, the column
 * lists, the link layer's places) can keep its result — and the components
 * fed from it their props — for every keystroke on a big board.
 */
import { useState } from 'react';
import { COLUMN_IDS, type BoardSnapshot, type Card, type ColumnId } from '../../shared/model.ts';

/** True when `a` and `b` list the same cards in the same order, each in the same column, place and status. */
export function sameShape(a: readonly Card[], b: readonly Card[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y && (x.id !== y.id || x.column !== y.column || x.order !== y.order || x.status !== y.status)) return false;
  }
  return true;
}

/** True when both arrays hold the same items (by identity) in the same order. */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * `derive(input, what it gave last time)`, worked out again only when `input`
 * is a new object: lets a result keep its identity across renders where what
 * it depends on did not really change (React's "information from previous
 * renders" pattern: the state update during render re-runs only this component).
 */
export function useDerived<I, O>(input: I, derive: (input: I, previous: O | null) => O): O {
  const [kept, setKept] = useState<{ input: I; output: O } | null>(null);
  if (kept && kept.input === input) return kept.output;
  const output = derive(input, kept?.output ?? null);
  setKept({ input, output });
  return output;
}

/** `next` with each column's id list replaced by the earlier one where it did not change. */
export function keepColumnIds(next: Record<ColumnId, string[]>, previous: Record<ColumnId, string[]> | null): Record<ColumnId, string[]> {
  if (!previous) return next;
  let same = true;
  const out = {} as Record<ColumnId, string[]>;
  for (const column of COLUMN_IDS) {
    const before = previous[column];
    out[column] = sameItems(before, next[column]) ? before : next[column];
    if (out[column] !== before) same = false;
  }
  return same ? previous : out;
}

/** useBoardSlice selector: the board's cards while their shape changes, the earlier array while only texts change. */
export function selectShape(board: BoardSnapshot, previous: Card[] | undefined): Card[] {
  return previous && sameShape(previous, board.cards) ? previous : board.cards;
}

/** useBoardSlice selector: the board's settings (title, direction…). */
export const selectInfo = (board: BoardSnapshot) => board.board;
/** useBoardSlice selector: the board's links. */
export const selectLinks = (board: BoardSnapshot) => board.links;
/** useBoardSlice selector: the board's commitments. */
export const selectCommitments = (board: BoardSnapshot) => board.commitments;

const indexes = new WeakMap<readonly Card[], Map<string, Card>>();
/** The cards by id, built once per board read (every column's selector shares it). */
export function cardIndex(cards: readonly Card[]): ReadonlyMap<string, Card> {
  let index = indexes.get(cards);
  if (!index) indexes.set(cards, (index = new Map(cards.map((c) => [c.id, c]))));
  return index;
}

/** The cards of `ids` on `board` (those that exist), the earlier array while each is the same object. */
export function cardsOf(board: BoardSnapshot, ids: readonly string[], previous: readonly Card[] | undefined): readonly Card[] {
  const index = cardIndex(board.cards);
  const next = ids.map((id) => index.get(id)).filter((card): card is Card => card !== undefined);
  return previous && sameItems(previous, next) ? previous : next;
}
