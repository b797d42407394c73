/**
 * The one module that owns the Yjs layout of a board's content document.
 * Everything else (React components, server routes, exports) goes through these
 * typed operations and reads; nobody else touches the Y.Map/Y.Text structure.
 *
 * Layout (schema version in `board.schemaVersion`, see migrations.ts):
 * - `board`       Y.Map: title, direction, createdAt (ms), schemaVersion
 * - `cards`       Y.Map<id, Y.Map>: column, order, text (Y.Text), createdAt (ms),
 *                 author?, status?, and the column's card fields
 * - `links`       Y.Map<id, Y.Map>: from, to, assumption (Y.Text)
 * - `commitments` Y.Map<id, Y.Map>: the Commitment fields
 *
 * Reads validate what they find: a hostile or buggy peer can write anything
 * into a shared document, so invalid values are skipped, never trusted.
 */
import * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import {
  canLinkColumns, COLUMN_FIELDS, COLUMN_IDS, columnIndex, isColumnId,
  type BoardInfo, type Card, type CardFieldName, type CardFields, type CardStatus, type ColumnId,
  type Commitment, type Direction, type Link,
} from '../model.ts';
import { cardFieldsShape, commitmentSchema, entityId } from '../schema.ts';
import { randomId } from '../ids.ts';
import { textSplice } from './textDiff.ts';
import { CARD_STATUSES, DIRECTIONS } from '../model.ts';

/** The schema version this code writes. */
export const DOC_SCHEMA_VERSION = 1;

/** Transaction origin of changes made by this peer's user: the undo manager tracks only these. */
export const LOCAL_ORIGIN: { readonly kind: 'local' } = Object.freeze({ kind: 'local' as const });

type YCard = Y.Map<unknown>;

function boardMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('board');
}
function cardsMap(doc: Y.Doc): Y.Map<YCard> {
  return doc.getMap('cards');
}
function linksMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap('links');
}
function commitmentsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap('commitments');
}

/** Sets title and direction of a new board document. */
export function initBoard(
  doc: Y.Doc,
  info: { title: string; direction?: Direction; createdAt?: number },
  origin: unknown = LOCAL_ORIGIN,
): void {
  doc.transact(() => {
    const board = boardMap(doc);
    board.set('schemaVersion', DOC_SCHEMA_VERSION);
    board.set('title', info.title);
    board.set('direction', info.direction ?? 'rtl');
    board.set('createdAt', info.createdAt ?? Date.now());
  }, origin);
}

export function setBoardTitle(doc: Y.Doc, title: string, origin: unknown = LOCAL_ORIGIN): void {
  doc.transact(() => boardMap(doc).set('title', title), origin);
}

export function setDirection(doc: Y.Doc, direction: Direction, origin: unknown = LOCAL_ORIGIN): void {
  doc.transact(() => boardMap(doc).set('direction', direction), origin);
}

export function readBoardInfo(doc: Y.Doc): BoardInfo {
  const board = boardMap(doc);
  const title = board.get('title');
  const direction = board.get('direction');
  return {
    // The board JSON needs 1-200 characters: an empty title (setBoardTitle(doc, '')) must not break export.
    title: typeof title === 'string' && title.trim() ? clip(title, 200) : 'Untitled board',
    direction: (DIRECTIONS as readonly unknown[]).includes(direction) ? (direction as Direction) : 'rtl',
    createdAt: isoFromMillis(board.get('createdAt')),
  };
}

export function readSchemaVersion(doc: Y.Doc): number {
  const v = boardMap(doc).get('schemaVersion');
  return typeof v === 'number' ? v : 0;
}

export interface NewCard extends CardFields {
  column: ColumnId;
  text?: string;
  author?: string;
  /** Place the card after this one (same column); default: at the end. */
  after?: string;
  id?: string;
  status?: CardStatus;
  createdAt?: number;
  order?: string;
}

/** Adds a card and returns its id. */
export function addCard(doc: Y.Doc, input: NewCard, origin: unknown = LOCAL_ORIGIN): string {
  const id = input.id ?? randomId();
  doc.transact(() => {
    const order = input.order ?? orderFor(doc, input.column, input.after === undefined ? undefined : { after: input.after });
    const card = new Y.Map<unknown>();
    card.set('column', input.column);
    card.set('order', order);
    card.set('text', new Y.Text(input.text ?? ''));
    card.set('createdAt', input.createdAt ?? Date.now());
    if (input.author) card.set('author', input.author);
    if (input.status && input.status !== 'active') card.set('status', input.status);
    for (const name of COLUMN_FIELDS[input.column]) {
      const value = input[name];
      if (value !== undefined) card.set(name, value);
    }
    cardsMap(doc).set(id, card);
  }, origin);
  return id;
}

/** Replaces a card's text with the smallest splice, so concurrent typing merges. */
export function setCardText(doc: Y.Doc, id: string, text: string, origin: unknown = LOCAL_ORIGIN): void {
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
  const text = cardsMap(doc).get(id)?.get('text');
  return text instanceof Y.Text ? text : undefined;
}

/** Sets (or, with `undefined`, clears) structured fields valid for the card's column. */
export function updateCardFields(doc: Y.Doc, id: string, patch: Partial<CardFields>, origin: unknown = LOCAL_ORIGIN): void {
  const card = cardsMap(doc).get(id);
  if (!card) return;
  const column = card.get('column');
  if (!isColumnId(column)) return;
  const allowed = COLUMN_FIELDS[column];
  const entries = Object.entries(patch) as [CardFieldName, unknown][];
  // Check the whole patch before writing: Yjs has no rollback, so throwing
  // half-way would leave the fields before the bad one written.
  for (const [name, value] of entries) {
    if (!allowed.includes(name)) throw new Error(`field "${name}" does not apply to ${column} cards`);
    if (value !== undefined && value !== null && value !== '' && !validField(name, value)) throw new Error(`invalid value for field "${name}"`);
  }
  doc.transact(() => {
    for (const [name, value] of entries) {
      if (value === undefined || value === null || value === '') card.delete(name);
      else card.set(name, value);
    }
  }, origin);
}

export function setCardStatus(doc: Y.Doc, id: string, status: CardStatus, origin: unknown = LOCAL_ORIGIN): void {
  const card = cardsMap(doc).get(id);
  if (!card) return;
  doc.transact(() => (status === 'active' ? card.delete('status') : card.set('status', status)), origin);
}

/**
 * Moves a card to `column` at position `index` among that column's other cards.
 * Moving to another column removes the card's links (they only join neighbouring
 * columns); undo brings them back. One write per move.
 */
export function moveCard(doc: Y.Doc, id: string, column: ColumnId, index: number, origin: unknown = LOCAL_ORIGIN): void {
  const card = cardsMap(doc).get(id);
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
        if (isFieldName(field) && !COLUMN_FIELDS[column].includes(field)) card.delete(field);
      }
      for (const link of readLinksRaw(doc)) {
        if (link.from === id || link.to === id) linksMap(doc).delete(link.id);
      }
      // Commitments are promoted from initiatives only; like links, they go with the move (undo restores them).
      for (const [cid, c] of commitmentsMap(doc)) {
        if (c instanceof Y.Map && c.get('card') === id) commitmentsMap(doc).delete(cid);
      }
    }
    card.set('order', order);
  }, origin);
}

/** Deletes a card with its links and any commitment promoted from it. */
export function deleteCard(doc: Y.Doc, id: string, origin: unknown = LOCAL_ORIGIN): void {
  doc.transact(() => {
    cardsMap(doc).delete(id);
    for (const link of readLinksRaw(doc)) {
      if (link.from === id || link.to === id) linksMap(doc).delete(link.id);
    }
    for (const [cid, c] of commitmentsMap(doc)) {
      if (c.get('card') === id) commitmentsMap(doc).delete(cid);
    }
  }, origin);
}

/**
 * Links two cards in neighbouring columns (either order is accepted; the link is
 * stored pointing toward the goal). Returns the link id, or the existing one.
 * Throws if the cards are missing or not in neighbouring columns.
 */
export function addLink(doc: Y.Doc, a: string, b: string, assumption = '', origin: unknown = LOCAL_ORIGIN, id?: string): string {
  const ca = readCard(doc, a);
  const cb = readCard(doc, b);
  if (!ca || !cb) throw new Error('both cards must exist');
  let from = ca;
  let to = cb;
  if (canLinkColumns(cb.column, ca.column)) [from, to] = [cb, ca];
  else if (!canLinkColumns(ca.column, cb.column)) throw new Error('links join cards in neighbouring columns');
  const existing = readLinksRaw(doc).find((l) => l.from === from.id && l.to === to.id);
  if (existing) return existing.id;
  const linkId = id ?? randomId();
  doc.transact(() => {
    const link = new Y.Map<unknown>();
    link.set('from', from.id);
    link.set('to', to.id);
    link.set('assumption', new Y.Text(assumption));
    linksMap(doc).set(linkId, link);
  }, origin);
  return linkId;
}

export function setLinkAssumption(doc: Y.Doc, id: string, assumption: string, origin: unknown = LOCAL_ORIGIN): void {
  const text = linksMap(doc).get(id)?.get('assumption');
  if (!(text instanceof Y.Text)) return;
  const splice = textSplice(text.toString(), assumption);
  if (!splice) return;
  doc.transact(() => {
    if (splice.remove > 0) text.delete(splice.index, splice.remove);
    if (splice.insert) text.insert(splice.index, splice.insert);
  }, origin);
}

export function deleteLink(doc: Y.Doc, id: string, origin: unknown = LOCAL_ORIGIN): void {
  doc.transact(() => linksMap(doc).delete(id), origin);
}

/**
 * Creates or replaces a commitment (all fields). Throws if a field is invalid
 * (reads skip invalid commitments, so writing one would silently lose it), or if
 * its card is not an initiative or a success indicator is not an indicator card.
 */
export function putCommitment(doc: Y.Doc, commitment: Commitment, origin: unknown = LOCAL_ORIGIN): void {
  const checked = storedCommitmentSchema.safeParse(commitment);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new Error(`invalid commitment: ${issue ? `${issue.path.join('.') || issue.code}: ${issue.message}` : 'invalid'}`);
  }
  if (readCard(doc, commitment.card)?.column !== 'initiative') throw new Error('a commitment needs an initiative card');
  for (const indicator of commitment.indicators) {
    if (readCard(doc, indicator)?.column !== 'indicator') throw new Error(`success indicator "${indicator}" is not an indicator card`);
  }
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    for (const [key, value] of Object.entries(commitment)) {
      if (key === 'id' || value === undefined) continue;
      map.set(key, Array.isArray(value) ? [...value] : value);
    }
    commitmentsMap(doc).set(commitment.id, map);
  }, origin);
}

export function deleteCommitment(doc: Y.Doc, id: string, origin: unknown = LOCAL_ORIGIN): void {
  doc.transact(() => commitmentsMap(doc).delete(id), origin);
}

// ---------------------------------------------------------------- reads

function isFieldName(name: string): name is CardFieldName {
  return Object.prototype.hasOwnProperty.call(cardFieldsShape, name);
}

function validField(name: CardFieldName, value: unknown): boolean {
  return cardFieldsShape[name].safeParse(value).success;
}

/** Map keys become entity ids in the board JSON: a peer may write any key, so reads skip the rest. */
function isEntityId(id: string): boolean {
  return entityId.safeParse(id).success;
}

/** Fractional-index keys are base62; anything else was not written by `fractional-indexing`. */
const ORDER_KEY = /^[0-9A-Za-z]+$/;

/**
 * Milliseconds as an ISO timestamp; 0 (1970) for anything that is not a time in
 * years 0000–9999 (`toISOString` throws beyond ±8.64e15 and writes "+010000" after 9999).
 */
function isoFromMillis(value: unknown): string {
  const ok = typeof value === 'number' && value >= -62_167_219_200_000 && value <= 253_402_300_799_999;
  return new Date(ok ? value : 0).toISOString();
}

/**
 * Texts longer than the board JSON allows (concurrent edits can each stay under
 * the limit and merge above it) are read clipped, never split inside a surrogate pair.
 */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

const MAX_TEXT = 10_000;
const MAX_SHORT_TEXT = 500;

function readCardFrom(id: string, card: YCard): Card | undefined {
  const column = card.get('column');
  const order = card.get('order');
  const text = card.get('text');
  if (!isEntityId(id) || !isColumnId(column) || typeof order !== 'string' || !ORDER_KEY.test(order)) return undefined;
  const status = card.get('status');
  const author = card.get('author');
  const out: Card = {
    id,
    column,
    order,
    text: text instanceof Y.Text ? clip(text.toString(), MAX_TEXT) : '',
    createdAt: isoFromMillis(card.get('createdAt')),
    status: (CARD_STATUSES as readonly unknown[]).includes(status) ? (status as CardStatus) : 'active',
  };
  if (typeof author === 'string' && author) out.author = clip(author, MAX_SHORT_TEXT);
  for (const name of COLUMN_FIELDS[column]) {
    const value = card.get(name);
    if (value !== undefined && validField(name, value)) (out as unknown as Record<string, unknown>)[name] = value;
  }
  return out;
}

export function readCard(doc: Y.Doc, id: string): Card | undefined {
  const card = cardsMap(doc).get(id);
  return card instanceof Y.Map ? readCardFrom(id, card) : undefined;
}

function compareCards(a: Card, b: Card): number {
  return columnIndex(a.column) - columnIndex(b.column) || (a.order < b.order ? -1 : a.order > b.order ? 1 : 0) || (a.id < b.id ? -1 : 1);
}

/** All valid cards, sorted by column (chain order) then position. */
export function readCards(doc: Y.Doc): Card[] {
  const out: Card[] = [];
  for (const [id, card] of cardsMap(doc)) {
    if (!(card instanceof Y.Map)) continue;
    const read = readCardFrom(id, card);
    if (read) out.push(read);
  }
  return out.sort(compareCards);
}

/** Cards of one column in display order. */
export function sortedCards(doc: Y.Doc, column: ColumnId): Card[] {
  return readCards(doc).filter((c) => c.column === column);
}

function readLinksRaw(doc: Y.Doc): Link[] {
  const out: Link[] = [];
  for (const [id, link] of linksMap(doc)) {
    if (!(link instanceof Y.Map)) continue;
    const from = link.get('from');
    const to = link.get('to');
    if (!isEntityId(id) || typeof from !== 'string' || typeof to !== 'string') continue;
    const assumption = link.get('assumption');
    const text = assumption instanceof Y.Text ? clip(assumption.toString(), MAX_TEXT) : '';
    out.push(text ? { id, from, to, assumption: text } : { id, from, to });
  }
  return out;
}

/**
 * Valid links only: both cards exist and sit in neighbouring columns (a
 * concurrent move can leave a stale link behind; it is ignored, not shown).
 */
export function readLinks(doc: Y.Doc, cards: readonly Card[] = readCards(doc)): Link[] {
  const byId = new Map(cards.map((c) => [c.id, c]));
  const seen = new Set<string>();
  return readLinksRaw(doc)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .filter((l) => {
      const from = byId.get(l.from);
      const to = byId.get(l.to);
      const key = `${l.from}>${l.to}`;
      if (!from || !to || !canLinkColumns(from.column, to.column) || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** A commitment as stored: the board JSON's, without the derived trace. */
const storedCommitmentSchema = commitmentSchema.omit({ trace: true });

/**
 * Valid commitments on existing initiative cards, with success indicators that
 * are existing indicator cards. A concurrent delete or move of the card (or of
 * an indicator) can leave a commitment pointing at nothing; it is not shown.
 */
export function readCommitments(doc: Y.Doc, cards: readonly Card[] = readCards(doc)): Commitment[] {
  const columnOf = new Map(cards.map((c) => [c.id, c.column]));
  const out: Commitment[] = [];
  for (const [id, map] of commitmentsMap(doc)) {
    if (!(map instanceof Y.Map) || !isEntityId(id)) continue;
    const c = readCommitment(id, map);
    if (!c || columnOf.get(c.card) !== 'initiative') continue;
    c.indicators = c.indicators.filter((ind) => columnOf.get(ind) === 'indicator');
    out.push(c);
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Reads field by field (not via toJSON, where a `__proto__` key would set the prototype). */
function readCommitment(id: string, map: Y.Map<unknown>): Commitment | undefined {
  const raw: Record<string, unknown> = { id };
  for (const key of ['card', 'title', 'owner', 'contributors', 'due', 'checkpoint', 'status', 'indicators', 'definitionOfDone']) {
    const value = map.get(key);
    if (value !== undefined) raw[key] = value;
  }
  const checked = storedCommitmentSchema.safeParse(raw);
  if (!checked.success) return undefined;
  const c = checked.data;
  const out: Commitment = {
    id, card: c.card, title: c.title, owner: c.owner, contributors: [...c.contributors], due: c.due, status: c.status, indicators: [...c.indicators],
  };
  if (c.checkpoint) out.checkpoint = c.checkpoint;
  if (c.definitionOfDone) out.definitionOfDone = c.definitionOfDone;
  return out;
}

/** Computes the order key for a new card in `column` (at the end, or after a card). */
function orderFor(doc: Y.Doc, column: ColumnId, place?: { after: string }): string {
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

export { COLUMN_IDS };
