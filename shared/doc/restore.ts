/**
 * Restoring a card to an earlier plain state (part of the document layer: it
 * knows the card layout of board.ts). The server uses it to revert what a
 * refused update did, inside the same transaction, so the refused change is
 * never stored or broadcast and the author's later updates still integrate.
 */
import * as Y from 'yjs';
import { COLUMN_FIELDS, type Card, type Link } from '../model.ts';
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
    const createdAt = Date.parse(card.createdAt);
    if (existing.get('createdAt') !== createdAt) existing.set('createdAt', createdAt);
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

/** A link's stored state as it is (even if it is not valid to show), to put it back later. */
export function readLinkEntry(doc: Y.Doc, id: string): Link | undefined {
  const map = doc.getMap<unknown>('links').get(id);
  if (!(map instanceof Y.Map)) return undefined;
  const from = map.get('from');
  const to = map.get('to');
  if (typeof from !== 'string' || typeof to !== 'string') return undefined;
  const assumption = map.get('assumption');
  const text = assumption instanceof Y.Text ? assumption.toString() : '';
  return text ? { id, from, to, assumption: text } : { id, from, to };
}

/** Makes link `link.id` equal to `link` again (re-creating it if it was deleted or replaced). */
export function restoreLink(doc: Y.Doc, link: Link, origin: unknown): void {
  doc.transact(() => {
    const links = doc.getMap<Y.Map<unknown>>('links');
    const existing = links.get(link.id);
    if (existing instanceof Y.Map && existing.get('from') === link.from && existing.get('to') === link.to && existing.get('assumption') instanceof Y.Text) {
      const text = existing.get('assumption') as Y.Text;
      if (text.toString() !== (link.assumption ?? '')) {
        text.delete(0, text.length);
        text.insert(0, link.assumption ?? '');
      }
      return;
    }
    const map = new Y.Map<unknown>();
    map.set('from', link.from);
    map.set('to', link.to);
    map.set('assumption', new Y.Text(link.assumption ?? ''));
    links.set(link.id, map);
  }, origin);
}

/**
 * Makes commitment `id` equal to `plain` again (its stored fields, as a
 * `toJSON()` of its map gave them), re-creating it if it was deleted or replaced.
 */
export function restoreCommitment(doc: Y.Doc, id: string, plain: Record<string, unknown>, origin: unknown): void {
  doc.transact(() => {
    const commitments = doc.getMap<unknown>('commitments');
    const existing = commitments.get(id);
    const copy = (value: unknown) => (Array.isArray(value) ? structuredClone(value) : value);
    if (!(existing instanceof Y.Map)) {
      const map = new Y.Map<unknown>();
      for (const [key, value] of Object.entries(plain)) map.set(key, copy(value));
      commitments.set(id, map);
      return;
    }
    for (const key of [...existing.keys()]) if (!(key in plain)) existing.delete(key);
    for (const [key, value] of Object.entries(plain)) {
      if (JSON.stringify(existing.get(key)) !== JSON.stringify(value)) existing.set(key, copy(value));
    }
  }, origin);
}

/** Sets (or, with `undefined`, removes) one key of a plain map (board settings, a comment's author) back to what it was. */
export function restoreMapKey(doc: Y.Doc, root: string, id: string | undefined, key: string, value: unknown, origin: unknown): void {
  const rootMap = doc.getMap<unknown>(root);
  const map = id === undefined ? rootMap : rootMap.get(id);
  if (!(map instanceof Y.Map)) return;
  if (value === undefined ? !map.has(key) : map.get(key) === value) return;
  doc.transact(() => (value === undefined ? map.delete(key) : map.set(key, value)), origin);
}

/** Sets or removes the author of a card or comment (`root` 'cards' or 'comments'). */
export function setAuthorOf(doc: Y.Doc, root: 'cards' | 'comments', id: string, author: string | undefined, origin: unknown): void {
  restoreMapKey(doc, root, id, 'author', author, origin);
}
