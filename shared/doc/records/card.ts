/**
 * The card record: a card's type, validator, defaults, its place in the
 * content document, its reads and writes, and its form in the board JSON.
 *
 * Layout: the content document's `cards` Y.Map<id, Y.Map> with column, order
 * (fractional index, cardOrder.ts), text (Y.Text), createdAt (ms), author?,
 * status? (absent: active) and the column's fields (cardFields.ts). A card
 * without its column, order or text is no card (CARD_REQUIRED_KEYS).
 *
 * Reads validate what they find: a hostile or buggy peer can write anything
 * into a shared document, so invalid values are skipped, never trusted.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { columnIdSchema, columnIndex, isColumnId, type ColumnId } from '../../columns.ts';
import { randomId } from '../../ids.ts';
import { CUT, excerpt } from '../../text.ts';
import { entityId, isEntityId, isoFromMillis, isoTimestamp, longText, MAX_SHORT_TEXT, MAX_TEXT, shortText } from '../../validate.ts';
import { LOCAL_ORIGIN, type Origin } from '../origin.ts';
import { textSplice } from '../textDiff.ts';
import { cardFieldsShape, COLUMN_FIELDS, fieldApplies, validField, type CardFieldName, type CardFields } from './cardFields.ts';
import { orderFor } from './cardOrder.ts';
import { deleteCommitmentsOfCard } from './commitment.ts';
import { deleteLinksOfCard } from './link.ts';
import { lazySchema } from '../../lazySchema.ts';

export const CARD_STATUSES = ['active', 'parked', 'rejected'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

export interface Card extends CardFields {
  id: string;
  column: ColumnId;
  text: string;
  /** Fractional index: cards in a column sort by it. */
  order: string;
  /** Display name of the author; absent when created in anonymous mode. */
  author?: string;
  /** ISO timestamp */
  createdAt: string;
  status: CardStatus;
  /**
   * On a product board, the id of the portfolio this card is mirrored from
   * (records/portfolio.ts): the card has the portfolio card's id and is
   * written only by the server. Absent on the board's own cards.
   */
  portfolio?: string;
}

/**
 * Fractional-index keys (base62), as produced by `fractional-indexing`. A key
 * grows by about one character per six cards inserted at the same spot, so the
 * cap is generous: a board's own export must always import again.
 */
const orderKey = lazySchema(() => z.string().regex(/^[0-9A-Za-z]{1,10000}$/, 'must be a fractional index key'));

/** A card in the board JSON. */
export const cardSchema = lazySchema(() => z.strictObject({
  id: entityId,
  column: columnIdSchema,
  text: longText,
  order: orderKey,
  author: shortText.optional(),
  createdAt: isoTimestamp,
  status: z.enum(CARD_STATUSES),
  portfolio: entityId.optional(),
  ...cardFieldsShape,
}));

/** Keys a card cannot be read without: removing or replacing one deletes the card by other means. */
export const CARD_REQUIRED_KEYS: ReadonlySet<string> = new Set(['column', 'order', 'text']);
/** The keys of a card beside its fields. */
const BASE_KEYS: ReadonlySet<string> = new Set(['column', 'order', 'text', 'createdAt', 'author', 'authorId', 'status', 'portfolio']);

type YCard = Y.Map<unknown>;

/** The `cards` root. */
export function cardsRoot(doc: Y.Doc): Y.Map<YCard> {
  return doc.getMap('cards');
}

export interface NewCard extends CardFields {
  column: ColumnId;
  text?: string;
  author?: string;
  /**
   * The person id of whoever added it (the server signs it, contentPolicy.ts):
   * what lets the facilitator remove what one person added. Kept in the
   * document only, not in the card as read or exported (ids mean nothing elsewhere).
   */
  authorId?: string;
  /** Place the card after this one (same column); default: at the end. */
  after?: string;
  id?: string;
  status?: CardStatus;
  createdAt?: number;
  order?: string;
  /** Only the server's portfolio mirror sets it (see Card.portfolio). */
  portfolio?: string;
}

/** What `addCard` takes to write `card` again as it is (ids, order and time kept). */
export function newCardOf(card: Card): NewCard & { id: string } {
  const { id, column, text, order, author, createdAt, status, ...fields } = card;
  return { ...fields, id, column, text, order, status, createdAt: Date.parse(createdAt), ...(author ? { author } : {}) };
}

/** Adds a card and returns its id. */
export function addCard(doc: Y.Doc, input: NewCard, origin: Origin = LOCAL_ORIGIN): string {
  const id = input.id ?? randomId();
  doc.transact(() => {
    const order = input.order ?? orderFor(doc, input.column, input.after === undefined ? undefined : { after: input.after });
    const card = new Y.Map<unknown>();
    card.set('column', input.column);
    card.set('order', order);
    card.set('text', new Y.Text(input.text ?? ''));
    card.set('createdAt', input.createdAt ?? Date.now());
    if (input.author) card.set('author', input.author);
    if (input.authorId) card.set('authorId', input.authorId);
    if (input.status && input.status !== 'active') card.set('status', input.status);
    if (input.portfolio) card.set('portfolio', input.portfolio);
    for (const name of COLUMN_FIELDS[input.column]) {
      const value = input[name];
      if (value !== undefined) card.set(name, value);
    }
    cardsRoot(doc).set(id, card);
  }, origin);
  return id;
}

/** Replaces a card's text with the smallest splice, so concurrent typing merges. */
export function setCardText(doc: Y.Doc, id: string, text: string, origin: Origin = LOCAL_ORIGIN): void {
  const ytext = cardText(doc, id);
  if (!ytext) return;
  const splice = textSplice(ytext.toString(), text);
  if (!splice) return;
  doc.transact(() => {
    if (splice.remove > 0) ytext.delete(splice.index, splice.remove);
    if (splice.insert) ytext.insert(splice.index, splice.insert);
  }, origin);
}

/** The collaborative text of a card, for editor bindings (client/sync only). */
export function cardText(doc: Y.Doc, id: string): Y.Text | undefined {
  const text = cardsRoot(doc).get(id)?.get('text');
  return text instanceof Y.Text ? text : undefined;
}

/** Sets (or, with `undefined`, clears) structured fields valid for the card's column. */
export function updateCardFields(doc: Y.Doc, id: string, patch: Partial<CardFields>, origin: Origin = LOCAL_ORIGIN): void {
  const card = cardsRoot(doc).get(id);
  if (!card) return;
  const column = card.get('column');
  if (!isColumnId(column)) return;
  const entries = Object.entries(patch) as [CardFieldName, unknown][];
  // Check the whole patch before writing: Yjs has no rollback, so throwing
  // half-way would leave the fields before the bad one written.
  for (const [name, value] of entries) {
    if (!fieldApplies(column, name)) throw new Error(`field "${name}" does not apply to ${column} cards`);
    if (value !== undefined && value !== null && value !== '' && !validField(name, value)) throw new Error(`invalid value for field "${name}"`);
  }
  doc.transact(() => {
    for (const [name, value] of entries) {
      if (value === undefined || value === null || value === '') card.delete(name);
      else card.set(name, value);
    }
  }, origin);
}

export function setCardStatus(doc: Y.Doc, id: string, status: CardStatus, origin: Origin = LOCAL_ORIGIN): void {
  const card = cardsRoot(doc).get(id);
  if (!card) return;
  doc.transact(() => (status === 'active' ? card.delete('status') : card.set('status', status)), origin);
}

/** Deletes a card with its links and any commitment promoted from it. */
export function deleteCard(doc: Y.Doc, id: string, origin: Origin = LOCAL_ORIGIN): void {
  doc.transact(() => {
    cardsRoot(doc).delete(id);
    deleteLinksOfCard(doc, id);
    deleteCommitmentsOfCard(doc, id);
  }, origin);
}

/**
 * Makes card `card.id` equal to `card` again (re-creating it if it was
 * deleted): the server's revert of a refused change (`exactText`: its words exactly), and restoring history.
 */
export function restoreCard(doc: Y.Doc, card: Card, origin: Origin, exactText = false): void {
  doc.transact(() => {
    const existing = cardsRoot(doc).get(card.id);
    if (!(existing instanceof Y.Map)) {
      addCard(doc, newCardOf(card), origin);
      return;
    }
    const set = (key: string, value: unknown) => {
      if (existing.get(key) !== value) existing.set(key, value);
    };
    set('column', card.column);
    set('order', card.order);
    set('createdAt', Date.parse(card.createdAt));
    if (card.status === 'active') existing.delete('status');
    else set('status', card.status);
    if (card.author) set('author', card.author);
    else if (existing.has('author')) existing.delete('author');
    if (card.portfolio) set('portfolio', card.portfolio);
    else if (existing.has('portfolio')) existing.delete('portfolio');
    for (const key of [...existing.keys()]) {
      if (BASE_KEYS.has(key)) continue;
      if (!fieldApplies(card.column, key) || (card as unknown as Record<string, unknown>)[key] === undefined) existing.delete(key);
    }
    for (const name of COLUMN_FIELDS[card.column]) {
      const value = card[name];
      if (value !== undefined) set(name, value);
    }
    const text = existing.get('text');
    if (!(text instanceof Y.Text)) existing.set('text', new Y.Text(card.text));
    else if (exactText && text.toString() !== card.text) {
      // The words exactly as they were, not the smallest splice: with a letter repeated, a splice
      // may take out an older one than the refused edit wrote, and a writer whose edits are refused
      // one after the other wore the agreed words away a letter at a time (red team).
      text.delete(0, text.length);
      text.insert(0, card.text);
    } else setCardText(doc, card.id, card.text, origin);
  }, origin);
}

/** The curation status a stored value reads as: anything but parked or rejected is active (the key is absent then). */
export function statusOf(value: unknown): CardStatus {
  return (CARD_STATUSES as readonly unknown[]).includes(value) ? (value as CardStatus) : 'active';
}

// ---------------------------------------------------------------- reads

/** Fractional-index keys are base62; anything else was not written by `fractional-indexing`. */
const ORDER_KEY = /^[0-9A-Za-z]+$/;

/** Whether a stored value is a card's order key. */
export function isCardOrderKey(value: unknown): value is string {
  return typeof value === 'string' && ORDER_KEY.test(value);
}

/** A card read from its stored map; undefined when it is not a valid card. */
export function readCardFrom(id: string, card: YCard): Card | undefined {
  const column = card.get('column');
  const order = card.get('order');
  const text = card.get('text');
  if (!isEntityId(id) || !isColumnId(column) || !isCardOrderKey(order)) return undefined;
  const author = card.get('author');
  const out: Card = {
    id,
    column,
    order,
    // Concurrent edits can each stay under the limit and merge above it: read clipped.
    text: text instanceof Y.Text ? excerpt(text.toString(), MAX_TEXT, CUT) : '',
    createdAt: isoFromMillis(card.get('createdAt')) ?? new Date(0).toISOString(),
    status: statusOf(card.get('status')),
  };
  if (typeof author === 'string' && author) out.author = excerpt(author, MAX_SHORT_TEXT, CUT);
  const portfolio = card.get('portfolio');
  if (typeof portfolio === 'string' && isEntityId(portfolio)) out.portfolio = portfolio;
  for (const name of COLUMN_FIELDS[column]) {
    const value = card.get(name);
    if (value !== undefined && validField(name, value)) (out as unknown as Record<string, unknown>)[name] = value;
  }
  return out;
}

export function readCard(doc: Y.Doc, id: string): Card | undefined {
  const card = cardsRoot(doc).get(id);
  return card instanceof Y.Map ? readCardFrom(id, card) : undefined;
}

/** Board order: by column (chain order), then position, then id. */
export function compareCards(a: Card, b: Card): number {
  return columnIndex(a.column) - columnIndex(b.column) || (a.order < b.order ? -1 : a.order > b.order ? 1 : 0) || (a.id < b.id ? -1 : 1);
}

/** All valid cards, sorted by column (chain order) then position. */
export function readCards(doc: Y.Doc): Card[] {
  const out: Card[] = [];
  for (const [id, card] of cardsRoot(doc)) {
    if (!(card instanceof Y.Map)) continue;
    const read = readCardFrom(id, card);
    if (read) out.push(read);
  }
  return out.sort(compareCards);
}

/**
 * The cards by id and column only (their text and fields are not read): what
 * the protection check needs on every change to a large board's structure.
 */
export function readCardColumns(doc: Y.Doc): Pick<Card, 'id' | 'column'>[] {
  const out: Pick<Card, 'id' | 'column'>[] = [];
  for (const [id, card] of cardsRoot(doc)) {
    if (!(card instanceof Y.Map)) continue;
    const column = card.get('column');
    if (isColumnId(column)) out.push({ id, column });
  }
  return out;
}

/** A card in the board JSON (its column's fields only). */
export function cardJson(card: Card): z.infer<typeof cardSchema> {
  const out: Record<string, unknown> = {
    id: card.id,
    column: card.column,
    text: card.text,
    order: card.order,
    ...(card.author ? { author: card.author } : {}),
    createdAt: card.createdAt,
    status: card.status,
    ...(card.portfolio ? { portfolio: card.portfolio } : {}),
  };
  for (const name of COLUMN_FIELDS[card.column]) {
    if (card[name] !== undefined) out[name] = card[name];
  }
  return out as z.infer<typeof cardSchema>;
}
