/**
 * A card's place (part of the card record, card.ts): its column and its
 * position among the column's cards, a fractional-index order key, so a move
 * is one write and never renumbers the other cards.
 */
import type * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import type { ColumnId } from '../../columns.ts';
import { LOCAL_ORIGIN, type Origin } from '../origin.ts';
import { cardsRoot, readCards, type Card } from './card.ts';
import { fieldApplies, isFieldName } from './cardFields.ts';
import { deleteCommitmentsOfCard } from './commitment.ts';
import { deleteLinksOfCard } from './link.ts';

/** Cards of one column in display order. */
export function sortedCards(doc: Y.Doc, column: ColumnId): Card[] {
  return readCards(doc).filter((c) => c.column === column);
}

/** Computes the order key for a new card in `column` (at the end, or after a card). */
export function orderFor(doc: Y.Doc, column: ColumnId, place?: { after: string }): string {
  const cards = sortedCards(doc, column);
  if (place) {
    const i = cards.findIndex((c) => c.id === place.after);
    if (i >= 0) {
      const next = cards[i + 1]?.order ?? null;
      const prev = cards[i]!.order;
      return generateKeyBetween(prev, next !== null && next <= prev ? null : next);
    }
  }
  return generateKeyBetween(cards[cards.length - 1]?.order ?? null, null);
}

/**
 * Order keys at the end of each column for many cards added in one go (a
 * reveal of everyone's drafts): each column's cards are read once, not once
 * per card (a red-team participant's 9,000 drafts made a reveal read and sort
 * the whole board 9,000 times, holding the server's event loop for three minutes).
 */
export function appendOrders(doc: Y.Doc): (column: ColumnId) => string {
  const last = new Map<ColumnId, string | null>();
  return (column) => {
    if (!last.has(column)) last.set(column, sortedCards(doc, column).at(-1)?.order ?? null);
    const key = generateKeyBetween(last.get(column) ?? null, null);
    last.set(column, key);
    return key;
  };
}

/**
 * Moves a card to `column` at position `index` among that column's other cards.
 * Moving to another column removes the card's links (they only join neighbouring
 * columns) and the commitments promoted from it (promoted from initiatives
 * only); undo brings them back. One write per move.
 */
export function moveCard(doc: Y.Doc, id: string, column: ColumnId, index: number, origin: Origin = LOCAL_ORIGIN): void {
  const card = cardsRoot(doc).get(id);
  if (!card) return;
  doc.transact(() => {
    const siblings = sortedCards(doc, column).filter((c) => c.id !== id);
    // NaN or a fraction would index no sibling and yield a key that collides with the first card.
    const wanted = Number.isFinite(index) ? Math.trunc(index) : siblings.length;
    const clamped = Math.max(0, Math.min(wanted, siblings.length));
    const before = siblings[clamped - 1]?.order ?? null;
    const after = siblings[clamped]?.order ?? null;
    const order = generateKeyBetween(before, after !== null && before !== null && after <= before ? null : after);
    if (card.get('column') !== column) {
      card.set('column', column);
      for (const field of Array.from(card.keys())) {
        if (isFieldName(field) && !fieldApplies(column, field)) card.delete(field);
      }
      deleteLinksOfCard(doc, id);
      deleteCommitmentsOfCard(doc, id);
    }
    card.set('order', order);
  }, origin);
}
