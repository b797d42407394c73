/**
 * A card's entry as the server's rules judge a change by: as stored, whether
 * or not it reads as a valid card (card.ts reads cards). Its signature (the
 * author's name and person id) is the server's to set.
 */
import * as Y from 'yjs';
import { isColumnId } from '../../columns.ts';
import { cardsRoot, isCardOrderKey, statusOf, type CardStatus } from './card.ts';

/** The keys of a card that sign it: its author's name and person id. */
export type CardSignature = 'author' | 'authorId';

/** Sets (or, undefined, removes) a card's signature, inside the caller's transaction: the server signs cards. */
export function setCardAuthor(doc: Y.Doc, id: string, author: string | undefined, field: CardSignature = 'author'): void {
  const card = cardsRoot(doc).get(id);
  if (!(card instanceof Y.Map) || (author === undefined ? !card.has(field) : card.get(field) === author)) return;
  if (author === undefined) card.delete(field);
  else card.set(field, author);
}

/** A card's entry as stored, whether or not it reads as a valid card: what the server's rules judge a change by. */
export function cardEntry(doc: Y.Doc, id: string): { column: unknown; author: string | undefined; authorId: string | undefined; portfolio: string | undefined; status: CardStatus } | undefined {
  const card = cardsRoot(doc).get(id);
  if (!(card instanceof Y.Map)) return undefined;
  const author = card.get('author');
  const authorId = card.get('authorId');
  const portfolio = card.get('portfolio');
  return {
    column: card.get('column'), author: typeof author === 'string' ? author : undefined, authorId: typeof authorId === 'string' ? authorId : undefined,
    portfolio: typeof portfolio === 'string' ? portfolio : undefined, status: statusOf(card.get('status')),
  };
}

/** The ids of the cards a person added (signed with their person id), valid or not. */
export function cardsAddedBy(doc: Y.Doc, personId: string): string[] {
  const out: string[] = [];
  for (const [id, card] of cardsRoot(doc)) if (card instanceof Y.Map && card.get('authorId') === personId) out.push(id);
  return out;
}

/**
 * Whether `value` under a card's required key (`CARD_REQUIRED_KEYS`) leaves the
 * card readable: a column id, an order key, a text. Another value hides the
 * card from every view, which is deleting it by other means.
 */
export function keepsCardReadable(key: string, value: unknown): boolean {
  if (key === 'column') return isColumnId(value);
  if (key === 'order') return isCardOrderKey(value);
  if (key === 'text') return value instanceof Y.Text;
  return true;
}
