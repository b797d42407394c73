/**
 * Restoring a card to an earlier plain state (part of the document layer: it
 * knows the card layout of board.ts). The server uses it to revert what a
 * refused update did, inside the same transaction, so the refused change is
 * never stored or broadcast and the author's later updates still integrate.
 */
import * as Y from 'yjs';
import { COLUMN_FIELDS, type Card } from '../model.ts';
import { addCard, deleteCard, setCardText } from './board.ts';

/** Makes card `card.id` equal to `card` again (re-creating it if it was deleted). */
export function restoreCard(doc: Y.Doc, card: Card, origin: unknown): void {
  doc.transact(() => {
    const cards = doc.getMap<Y.Map<unknown>>('cards');
    const existing = cards.get(card.id);
    if (!(existing instanceof Y.Map)) {
      const { id, column, text, order, author, createdAt, status, ...fields } = card;
      addCard(doc, { ...fields, id, column, text, order, status, createdAt: Date.parse(createdAt), ...(author ? { author } : {}) }, origin);
      return;
    }
    if (existing.get('column') !== card.column) existing.set('column', card.column);
    if (existing.get('order') !== card.order) existing.set('order', card.order);
    if (card.status === 'active') existing.delete('status');
    else if (existing.get('status') !== card.status) existing.set('status', card.status);
    if (card.author) {
      if (existing.get('author') !== card.author) existing.set('author', card.author);
    } else if (existing.has('author')) existing.delete('author');
    for (const key of [...existing.keys()]) {
      if (['column', 'order', 'text', 'createdAt', 'author', 'status'].includes(key)) continue;
      const value = (card as unknown as Record<string, unknown>)[key];
      if (!(COLUMN_FIELDS[card.column] as readonly string[]).includes(key) || value === undefined) existing.delete(key);
    }
    for (const name of COLUMN_FIELDS[card.column]) {
      const value = card[name];
      if (value !== undefined && existing.get(name) !== value) existing.set(name, value);
    }
    if (!(existing.get('text') instanceof Y.Text)) existing.set('text', new Y.Text(card.text));
    else setCardText(doc, card.id, card.text, origin);
  }, origin);
}

/** Removes a card that must not exist (created by a refused update). */
export function removeCard(doc: Y.Doc, id: string, origin: unknown): void {
  deleteCard(doc, id, origin);
}

/** Removes the author of a card (anonymous mode). */
export function stripAuthor(doc: Y.Doc, id: string, origin: unknown): void {
  const card = doc.getMap<Y.Map<unknown>>('cards').get(id);
  if (card instanceof Y.Map && card.has('author')) doc.transact(() => card.delete('author'), origin);
}
