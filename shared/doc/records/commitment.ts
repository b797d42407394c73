/**
 * The commitment record: what the room agreed to do, promoted from an
 * initiative card, with its consent rounds and reopenings on record. The
 * workshop's operations on it (promote, edit, consent, reopen, move along)
 * are in commitmentLifecycle.ts; the pure rules in shared/commitments.ts.
 *
 * Layout: the content document's `commitments` Y.Map<id, Y.Map> with the
 * Commitment fields as plain values (consents and reopenings as plain arrays
 * of records). The trace to the goals is derived, never stored.
 *
 * Reads show valid commitments on existing initiative cards only, with success
 * indicators that are existing indicator cards: a concurrent delete or move of
 * the card (or an indicator) can leave a commitment pointing at nothing.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { entityId, isEntityId, isoDate, isoTimestamp, longText, parseOrThrow, personName, shortText, statedText } from '../../validate.ts';
import { LOCAL_ORIGIN, type Origin } from '../origin.ts';
import { readCard, readCards, type Card } from './card.ts';
import { lazySchema } from '../../lazySchema.ts';

export const COMMITMENT_STATUSES = ['proposed', 'agreed', 'in-progress', 'done', 'dropped'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];
export const CONSENT_METHODS = ['thumbs', 'fist-of-five'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];
export const THUMBS = ['up', 'sideways', 'down'] as const;
export type Thumb = (typeof THUMBS)[number];
export const CONSENT_OUTCOMES = ['agreed', 'not-agreed'] as const;
export type ConsentOutcome = (typeof CONSENT_OUTCOMES)[number];

/** One person's answer in a consent round; an objection carries its text. */
interface ConsentResponse<V> {
  name: string;
  value: V;
  objection?: string;
}

interface ConsentRecordBase {
  /** ISO timestamp of the round. */
  at: string;
  /** The id of the consent round on everyone's devices this record is the outcome of (absent on older records). */
  round?: string;
  /** Display names of everyone who took part (answering or not). */
  participants: string[];
  outcome: ConsentOutcome;
}

/** A consent round on a commitment: when, how, who took part, what they answered. */
export type ConsentRecord =
  | (ConsentRecordBase & { method: 'thumbs'; responses: ConsentResponse<Thumb>[] })
  /** Fist of five: 0 (block) … 5 (full support). */
  | (ConsentRecordBase & { method: 'fist-of-five'; responses: ConsentResponse<number>[] });

/** An explicit reopening of an agreed commitment (agreed → proposed). */
export interface ReopenRecord {
  /** ISO timestamp */
  at: string;
  by: string;
  reason: string;
}

export interface Commitment {
  id: string;
  /** The initiative card this commitment was promoted from. */
  card: string;
  title: string;
  /** Exactly one owner (a person's name); empty while the commitment is a draft. */
  owner: string;
  contributors: string[];
  /** ISO dates YYYY-MM-DD; the due date may be missing while the commitment is proposed. */
  due?: string;
  checkpoint?: string;
  status: CommitmentStatus;
  /** Success indicators: ids of indicator cards. */
  indicators: string[];
  definitionOfDone?: string;
  /** Consent rounds, oldest first; a commitment becomes agreed only through one. */
  consents?: ConsentRecord[];
  /** Reopenings, oldest first. */
  reopenings?: ReopenRecord[];
}

const consentRecordShape = lazySchema(() => ({
  at: isoTimestamp,
  round: entityId.optional(),
  participants: z.array(personName).max(500),
  outcome: z.enum(CONSENT_OUTCOMES),
}));

/** A consent round: thumbs (up / sideways / down) or fist of five (0 = block … 5 = full support). */
export const consentRecordSchema = lazySchema(() => z.discriminatedUnion('method', [
  z.strictObject({
    ...consentRecordShape,
    method: z.literal('thumbs'),
    responses: z.array(z.strictObject({ name: personName, value: z.enum(THUMBS), objection: longText.optional() })).max(500),
  }),
  z.strictObject({
    ...consentRecordShape,
    method: z.literal('fist-of-five'),
    responses: z.array(z.strictObject({ name: personName, value: z.number().int().min(0).max(5), objection: longText.optional() })).max(500),
  }),
]));

export const reopenRecordSchema = lazySchema(() => z.strictObject({ at: isoTimestamp, by: personName, reason: statedText }));

/** A commitment in the board JSON. */
export const commitmentSchema = lazySchema(() => z.strictObject({
  id: entityId,
  card: entityId,
  title: shortText,
  owner: shortText,
  contributors: z.array(shortText).max(100),
  /** Optional since commitments can be proposed as drafts; agreement needs it. */
  due: isoDate.optional(),
  checkpoint: isoDate.optional(),
  status: z.enum(COMMITMENT_STATUSES),
  indicators: z.array(entityId).max(100),
  /** Derived on export (the chain from the initiative to the goals); ignored on import. */
  trace: z.array(entityId),
  definitionOfDone: longText.optional(),
  consents: z.array(consentRecordSchema).max(100).optional(),
  reopenings: z.array(reopenRecordSchema).max(100).optional(),
}));

/** A commitment as stored: the board JSON's, without the derived trace. */
export const storedCommitmentSchema = lazySchema(() => commitmentSchema.omit({ trace: true }));

/** The `commitments` root. */
export function commitmentsRoot(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap('commitments');
}

/** Checks that the commitment's card is an initiative and its success indicators are indicator cards. */
export function assertCommitmentCards(doc: Y.Doc, commitment: Pick<Commitment, 'card' | 'indicators'>): void {
  if (readCard(doc, commitment.card)?.column !== 'initiative') throw new Error('a commitment needs an initiative card');
  for (const indicator of commitment.indicators) {
    if (readCard(doc, indicator)?.column !== 'indicator') throw new Error(`success indicator "${indicator}" is not an indicator card`);
  }
}

/**
 * Creates or replaces a commitment (all fields). Throws if a field is invalid
 * (reads skip invalid commitments, so writing one would silently lose it), or if
 * its card is not an initiative or a success indicator is not an indicator card.
 * The raw write (import, restore, fixtures): the workshop goes through commitmentLifecycle.ts.
 */
export function putCommitment(doc: Y.Doc, commitment: Commitment, origin: Origin = LOCAL_ORIGIN): void {
  parseOrThrow(storedCommitmentSchema, commitment, 'commitment');
  assertCommitmentCards(doc, commitment);
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    for (const [key, value] of Object.entries(commitment)) {
      if (key === 'id' || value === undefined) continue;
      map.set(key, Array.isArray(value) ? [...value] : value);
    }
    commitmentsRoot(doc).set(commitment.id, map);
  }, origin);
}

export function deleteCommitment(doc: Y.Doc, id: string, origin: Origin = LOCAL_ORIGIN): void {
  doc.transact(() => commitmentsRoot(doc).delete(id), origin);
}

/** Deletes the commitments promoted from a card (inside the caller's transaction): they go with it. */
export function deleteCommitmentsOfCard(doc: Y.Doc, cardId: string): void {
  const root = commitmentsRoot(doc);
  for (const [id, c] of root) if (c instanceof Y.Map && c.get('card') === cardId) root.delete(id);
}

/** A commitment's stored fields as plain values (what the server's guard compares). */
export type StoredCommitment = Record<string, unknown>;

/** Every stored commitment as plain values, valid or not, by id. */
export function readStoredCommitments(doc: Y.Doc): Map<string, StoredCommitment> {
  const out = new Map<string, StoredCommitment>();
  for (const [id, value] of commitmentsRoot(doc)) {
    if (!(value instanceof Y.Map)) continue;
    // Key by key into an object without a prototype: `toJSON` would take a `__proto__` key for the
    // prototype, and the guard comparing what a participant changed would not see it.
    const plain = Object.create(null) as StoredCommitment;
    for (const [key, v] of value.entries()) plain[key] = v instanceof Y.AbstractType ? (v.toJSON() as unknown) : v;
    out.set(id, plain);
  }
  return out;
}

/**
 * Makes commitment `id` store `fields` again (as `readStoredCommitments` gave
 * them), re-creating it if it was deleted or replaced; inside the caller's
 * transaction. Only the keys that differ are written.
 */
export function restoreStoredCommitment(doc: Y.Doc, id: string, fields: StoredCommitment): void {
  const root = commitmentsRoot(doc);
  const existing = root.get(id);
  const copy = (value: unknown) => (Array.isArray(value) ? structuredClone(value) : value);
  if (!(existing instanceof Y.Map)) {
    const map = new Y.Map<unknown>();
    for (const [key, value] of Object.entries(fields)) map.set(key, copy(value));
    root.set(id, map);
    return;
  }
  for (const key of [...existing.keys()]) if (!Object.hasOwn(fields, key)) existing.delete(key);
  for (const [key, value] of Object.entries(fields)) {
    if (JSON.stringify(existing.get(key)) !== JSON.stringify(value)) existing.set(key, copy(value));
  }
}

/** Removes a stored commitment outright (inside the caller's transaction). */
export function removeStoredCommitment(doc: Y.Doc, id: string): void {
  commitmentsRoot(doc).delete(id);
}

// ---------------------------------------------------------------- reads

export function readCommitments(doc: Y.Doc, cards: readonly Pick<Card, 'id' | 'column'>[] = readCards(doc)): Commitment[] {
  const columnOf = new Map(cards.map((c) => [c.id, c.column]));
  const out: Commitment[] = [];
  for (const [id, map] of commitmentsRoot(doc)) {
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

/** A commitment in the board JSON, with its trace to the goals (derived). */
export function commitmentJson(c: Commitment, trace: string[]): z.infer<typeof commitmentSchema> {
  return {
    id: c.id,
    card: c.card,
    title: c.title,
    owner: c.owner,
    contributors: c.contributors,
    ...(c.due ? { due: c.due } : {}),
    ...(c.checkpoint ? { checkpoint: c.checkpoint } : {}),
    status: c.status,
    indicators: c.indicators,
    trace,
    ...(c.definitionOfDone ? { definitionOfDone: c.definitionOfDone } : {}),
    ...(c.consents?.length ? { consents: c.consents } : {}),
    ...(c.reopenings?.length ? { reopenings: c.reopenings } : {}),
  };
}
