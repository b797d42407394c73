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
 * - `commitments` Y.Map<id, Y.Map>: the Commitment fields (consents and
 *                 reopenings as plain arrays of records)
 * - `decisions`   Y.Array of plain DecisionEntry objects: the append-only decision
 *                 log (overrides, reopenings, consent outcomes)
 * `board.nextReview` holds the next review date (ISO date).
 *
 * Reads validate what they find: a hostile or buggy peer can write anything
 * into a shared document, so invalid values are skipped, never trusted.
 */
import * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import {
  canLinkColumns, COLUMN_FIELDS, COLUMN_IDS, columnIndex, isColumnId,
  type BoardInfo, type Card, type CardFieldName, type CardFields, type CardStatus, type ColumnId,
  type Commitment, type CommitmentStatus, type ConsentRecord, type DecisionEntry, type Direction, type FindingRef, type Link,
  type ReopenRecord,
} from '../model.ts';
import {
  cardFieldsShape, commitmentSchema, consentRecordSchema, decisionEntrySchema, entityId, isoDate, reopenRecordSchema,
} from '../schema.ts';
import {
  canChangeStatus, EDITABLE_COMMITMENT_FIELDS, objectionsOf, REOPENABLE, validateCommitmentDraft, type CommitmentFields,
} from '../commitments.ts';
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
function decisionsArray(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray('decisions');
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
  const nextReview = board.get('nextReview');
  const info: BoardInfo = {
    // The board JSON needs 1-200 characters: an empty title (setBoardTitle(doc, '')) must not break export.
    title: typeof title === 'string' && title.trim() ? clip(title, 200) : 'Untitled board',
    direction: (DIRECTIONS as readonly unknown[]).includes(direction) ? (direction as Direction) : 'rtl',
    createdAt: isoFromMillis(board.get('createdAt')),
  };
  if (isoDate.safeParse(nextReview).success) info.nextReview = nextReview as string;
  return info;
}

/** Sets (an ISO date YYYY-MM-DD) or clears (null) the board's next review date. */
export function setNextReview(doc: Y.Doc, date: string | null, origin: unknown = LOCAL_ORIGIN): void {
  if (date !== null && !isoDate.safeParse(date).success) throw new Error('next review must be an ISO date (YYYY-MM-DD)');
  doc.transact(() => (date === null ? boardMap(doc).delete('nextReview') : boardMap(doc).set('nextReview', date)), origin);
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

// ---------------------------------------------------------------- commitment life cycle
// putCommitment is the raw write (import, fixtures). The workshop goes through
// these operations, which keep the rules of shared/commitments.ts.

/**
 * Promotes an initiative card to a proposed commitment and returns its id. The
 * fields may be incomplete (a draft the room fills in; `validateCommitmentDraft`
 * says what is missing). Defaults: the card's first line as title, and as
 * success indicators the indicator cards the initiative is linked to.
 * Throws if the card is no initiative or already has a live (not dropped) commitment.
 */
export function promoteToCommitment(doc: Y.Doc, initiativeCardId: string, fields: CommitmentFields & { id?: string } = {}, origin: unknown = LOCAL_ORIGIN): string {
  const cards = readCards(doc);
  const card = cards.find((c) => c.id === initiativeCardId);
  if (card?.column !== 'initiative') throw new Error('only an initiative card can be promoted to a commitment');
  const existing = readCommitments(doc, cards).find((c) => c.card === initiativeCardId && c.status !== 'dropped');
  if (existing) throw new Error(`this initiative already has a commitment (${existing.id})`);
  const linkedIndicators = readLinks(doc, cards).filter((l) => l.from === initiativeCardId).map((l) => l.to);
  const firstLine = card.text.split(/\r?\n/).find((line) => line.trim())?.trim() ?? '';
  const commitment: Commitment = {
    id: fields.id ?? randomId(),
    card: initiativeCardId,
    title: clip(fields.title ?? firstLine, MAX_SHORT_TEXT) || 'Untitled commitment',
    owner: fields.owner ?? '',
    contributors: fields.contributors ?? [],
    status: 'proposed',
    indicators: fields.indicators ?? linkedIndicators,
  };
  if (fields.due) commitment.due = fields.due;
  if (fields.checkpoint) commitment.checkpoint = fields.checkpoint;
  if (fields.definitionOfDone) commitment.definitionOfDone = fields.definitionOfDone;
  putCommitment(doc, commitment, origin);
  return commitment.id;
}

/**
 * Edits a proposed commitment's fields; `undefined` leaves a field, `''` clears
 * an optional one (due, checkpoint, definition of done). Each field is written
 * on its own, so concurrent edits of different fields merge. An agreed
 * commitment is what the room consented to: reopen it first.
 */
export function updateCommitment(doc: Y.Doc, id: string, patch: CommitmentFields, origin: unknown = LOCAL_ORIGIN): void {
  const { map, commitment } = liveCommitment(doc, id);
  if (commitment.status !== 'proposed') throw new Error(`commitment is ${commitment.status}: reopen it before editing`);
  const merged: Record<string, unknown> = { ...commitment };
  const entries = Object.entries(patch).filter(([, v]) => v !== undefined) as [keyof CommitmentFields, unknown][];
  for (const [key, value] of entries) {
    if (!EDITABLE.includes(key)) throw new Error(`field "${String(key)}" cannot be edited`);
    if (value === '' && OPTIONAL_EDITABLE.includes(key)) delete merged[key];
    else merged[key] = value;
  }
  const checked = storedCommitmentSchema.safeParse(merged);
  if (!checked.success) throw new Error(`invalid commitment: ${describeIssue(checked.error.issues[0])}`);
  for (const indicator of checked.data.indicators) {
    if (readCard(doc, indicator)?.column !== 'indicator') throw new Error(`success indicator "${indicator}" is not an indicator card`);
  }
  doc.transact(() => {
    for (const [key, value] of entries) {
      if (value === '' && OPTIONAL_EDITABLE.includes(key)) map.delete(key);
      else map.set(key, Array.isArray(value) ? [...value] : value);
    }
  }, origin);
}

const EDITABLE: readonly (keyof CommitmentFields)[] = EDITABLE_COMMITMENT_FIELDS;
const OPTIONAL_EDITABLE: readonly (keyof CommitmentFields)[] = ['due', 'checkpoint', 'definitionOfDone'];

/**
 * Records a consent round on a proposed commitment and logs its outcome in the
 * decision log. Only an `agreed` outcome makes the commitment agreed, and only
 * if it is complete (`validateCommitmentDraft`), somebody answered and nobody
 * objected (thumbs down, or 0–2 fingers). A `not-agreed` round is kept too.
 */
export function recordConsent(doc: Y.Doc, commitmentId: string, record: ConsentRecord, origin: unknown = LOCAL_ORIGIN): void {
  const checked = consentRecordSchema.safeParse(record);
  if (!checked.success) throw new Error(`invalid consent record: ${describeIssue(checked.error.issues[0])}`);
  const round = checked.data as ConsentRecord;
  const { map, commitment } = liveCommitment(doc, commitmentId);
  if (commitment.status !== 'proposed') throw new Error(`commitment is ${commitment.status}: only proposed commitments go to a consent round`);
  if (round.outcome === 'agreed') {
    const cards = readCards(doc);
    const missing = validateCommitmentDraft(commitment, { cards, links: readLinks(doc, cards) });
    if (missing.length) throw new Error(`cannot agree: missing ${missing.join(', ')}`);
    if (round.responses.length === 0) throw new Error('cannot agree: nobody answered');
    const objections = objectionsOf(round);
    if (objections.length) throw new Error(`cannot agree: ${objections.map((o) => o.name).join(', ')} object`);
  }
  doc.transact(() => {
    map.set('consents', [...(commitment.consents ?? []), round]);
    if (round.outcome === 'agreed') map.set('status', 'agreed');
    pushDecision(doc, {
      id: randomId(), at: round.at, kind: 'consent', commitment: commitmentId, title: commitment.title,
      method: round.method, outcome: round.outcome, participants: [...round.participants],
    });
  }, origin);
}

/**
 * Reopens an agreed (or in-progress) commitment: back to proposed, with who and
 * why recorded on the commitment and in the decision log.
 */
export function reopenCommitment(doc: Y.Doc, id: string, by: string, reason: string, options: { at?: string } = {}, origin: unknown = LOCAL_ORIGIN): void {
  const reopening: ReopenRecord = { at: options.at ?? new Date().toISOString(), by, reason };
  const checked = reopenRecordSchema.safeParse(reopening);
  if (!checked.success) throw new Error(`invalid reopening: ${describeIssue(checked.error.issues[0])}`);
  const { map, commitment } = liveCommitment(doc, id);
  if (!REOPENABLE.includes(commitment.status)) throw new Error(`a ${commitment.status} commitment cannot be reopened`);
  doc.transact(() => {
    map.set('reopenings', [...(commitment.reopenings ?? []), checked.data]);
    map.set('status', 'proposed');
    pushDecision(doc, { id: randomId(), at: reopening.at, kind: 'reopen', by, reason, commitment: id, title: commitment.title });
  }, origin);
}

/**
 * Moves a commitment along its life cycle (agreed → in-progress → done, or
 * dropped). Agreement goes through `recordConsent`, back to proposed through
 * `reopenCommitment`; any other change throws.
 */
export function setCommitmentStatus(doc: Y.Doc, id: string, status: CommitmentStatus, origin: unknown = LOCAL_ORIGIN): void {
  const { map, commitment } = liveCommitment(doc, id);
  if (commitment.status === status) return;
  if (!canChangeStatus(commitment.status, status)) {
    const hint = status === 'agreed' ? ' (agreement needs a consent round)' : status === 'proposed' ? ' (reopen it instead)' : '';
    throw new Error(`cannot change a ${commitment.status} commitment to ${status}${hint}`);
  }
  doc.transact(() => map.set('status', status), origin);
}

/** What `addDecision` takes: an entry without id (generated) and `at` (defaults to now). */
export type DecisionInput = DistributiveOmit<DecisionEntry, 'id' | 'at'> & { id?: string; at?: string };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Appends an entry to the board's decision log; returns its id. Throws if the entry is invalid. */
export function addDecision(doc: Y.Doc, entry: DecisionInput, origin: unknown = LOCAL_ORIGIN): string {
  const full = { ...entry, id: entry.id ?? randomId(), at: entry.at ?? new Date().toISOString() };
  const checked = decisionEntrySchema.safeParse(full);
  if (!checked.success) throw new Error(`invalid decision: ${describeIssue(checked.error.issues[0])}`);
  doc.transact(() => pushDecision(doc, checked.data as DecisionEntry), origin);
  return full.id;
}

/**
 * The facilitator's override for closing the Commit phase with open
 * trace-check findings: a decision-log entry with a written reason and the
 * findings it overrides. Returns the entry id.
 */
export function recordOverride(doc: Y.Doc, input: { by: string; reason: string; findings: readonly FindingRef[]; at?: string }, origin: unknown = LOCAL_ORIGIN): string {
  const findings = input.findings.map((f) => ({ id: f.id, kind: f.kind, message: f.message }));
  return addDecision(doc, { kind: 'override', by: input.by, reason: input.reason, findings, ...(input.at ? { at: input.at } : {}) }, origin);
}

function pushDecision(doc: Y.Doc, entry: DecisionEntry): void {
  decisionsArray(doc).push([entry]);
}

/** A commitment as read (validated) plus its map, or throws if there is none. */
function liveCommitment(doc: Y.Doc, id: string): { map: Y.Map<unknown>; commitment: Commitment } {
  const map = commitmentsMap(doc).get(id);
  const commitment = map instanceof Y.Map ? readCommitments(doc).find((c) => c.id === id) : undefined;
  if (!map || !commitment) throw new Error(`no such commitment: ${id}`);
  return { map, commitment };
}

function describeIssue(issue: { path: PropertyKey[]; message: string; code?: string } | undefined): string {
  return issue ? `${issue.path.map(String).join('.') || issue.code}: ${issue.message}` : 'invalid';
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
    id, card: c.card, title: c.title, owner: c.owner, contributors: [...c.contributors], status: c.status, indicators: [...c.indicators],
  };
  if (c.due) out.due = c.due;
  if (c.checkpoint) out.checkpoint = c.checkpoint;
  if (c.definitionOfDone) out.definitionOfDone = c.definitionOfDone;
  // A bad record from a peer drops that record, not the commitment.
  const consents = validRecords(map.get('consents'), consentRecordSchema) as ConsentRecord[];
  if (consents.length) out.consents = consents;
  const reopenings = validRecords(map.get('reopenings'), reopenRecordSchema);
  if (reopenings.length) out.reopenings = reopenings;
  return out;
}

function validRecords<T>(value: unknown, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): T[] {
  if (!Array.isArray(value)) return [];
  const out: T[] = [];
  for (const item of value) {
    const checked = schema.safeParse(item);
    if (checked.success) out.push(checked.data);
  }
  return out;
}

/**
 * The decision log, oldest first (by time; entries at the same time keep the
 * log's order). Invalid entries and repeated ids are skipped.
 */
export function readDecisions(doc: Y.Doc): DecisionEntry[] {
  const seen = new Set<string>();
  const out: DecisionEntry[] = [];
  for (const item of decisionsArray(doc).toArray()) {
    const checked = decisionEntrySchema.safeParse(item);
    if (!checked.success || seen.has(checked.data.id)) continue;
    seen.add(checked.data.id);
    out.push(checked.data as DecisionEntry);
  }
  return out.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
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
