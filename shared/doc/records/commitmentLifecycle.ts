/**
 * A commitment's life in the workshop, as operations that keep the rules of
 * shared/commitments.ts: promoted from an initiative as a proposal, edited
 * while proposed, agreed only through a consent round, reopened with a reason,
 * moved along to done (or dropped). Consent rounds and reopenings are logged
 * in the decision log in the same transaction.
 */
import type * as Y from 'yjs';
import { canChangeStatus, EDITABLE_COMMITMENT_FIELDS, objectionsOf, REOPENABLE, takeBackTargets, validateCommitmentDraft, type CommitmentFields } from '../../commitments.ts';
import { randomId } from '../../ids.ts';
import { excerpt, CUT } from '../../text.ts';
import { MAX_SHORT_TEXT, parseOrThrow } from '../../validate.ts';
import { LOCAL_ORIGIN, type Origin } from '../origin.ts';
import { readCards } from './card.ts';
import {
  assertCommitmentCards, commitmentsRoot, consentRecordSchema, putCommitment, readCommitments, reopenRecordSchema, storedCommitmentSchema,
  type Commitment, type CommitmentStatus, type ConsentRecord, type ReopenRecord,
} from './commitment.ts';
import { decisionEntrySchema, pushDecision, type DecisionEntry } from './decision.ts';
import { readLinks } from './link.ts';

const EDITABLE: readonly (keyof CommitmentFields)[] = EDITABLE_COMMITMENT_FIELDS;
const OPTIONAL_EDITABLE: readonly (keyof CommitmentFields)[] = ['due', 'checkpoint', 'definitionOfDone'];

/**
 * Promotes an initiative card to a proposed commitment and returns its id. The
 * fields may be incomplete (a draft the room fills in; `validateCommitmentDraft`
 * says what is missing). Defaults: the card's first line as title, and as
 * success indicators the indicator cards the initiative is linked to.
 * Throws if the card is no initiative or already has a live (not dropped) commitment.
 */
export function promoteToCommitment(doc: Y.Doc, initiativeCardId: string, fields: CommitmentFields & { id?: string } = {}, origin: Origin = LOCAL_ORIGIN): string {
  const cards = readCards(doc);
  const card = cards.find((c) => c.id === initiativeCardId);
  if (card?.column !== 'initiative') throw new Error('only an initiative card can be promoted to a commitment');
  const existing = readCommitments(doc, cards).find((c) => c.card === initiativeCardId && c.status !== 'dropped');
  if (existing) throw new Error(`this initiative already has a commitment (${existing.id})`);
  const linkedIndicators = readLinks(doc, cards).filter((l) => l.from === initiativeCardId).map((l) => l.to);
  const firstLine = excerpt(card.text, Infinity, { lines: 'first' });
  const commitment: Commitment = {
    id: fields.id ?? randomId(),
    card: initiativeCardId,
    title: excerpt(fields.title ?? firstLine, MAX_SHORT_TEXT, CUT) || 'Untitled commitment',
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
export function updateCommitment(doc: Y.Doc, id: string, patch: CommitmentFields, origin: Origin = LOCAL_ORIGIN): void {
  const { map, commitment } = liveCommitment(doc, id);
  if (commitment.status !== 'proposed') throw new Error(`commitment is ${commitment.status}: reopen it before editing`);
  const merged: Record<string, unknown> = { ...commitment };
  const entries = Object.entries(patch).filter(([, v]) => v !== undefined) as [keyof CommitmentFields, unknown][];
  for (const [key, value] of entries) {
    if (!EDITABLE.includes(key)) throw new Error(`field "${String(key)}" cannot be edited`);
    if (value === '' && OPTIONAL_EDITABLE.includes(key)) delete merged[key];
    else merged[key] = value;
  }
  const checked = parseOrThrow(storedCommitmentSchema, merged, 'commitment');
  assertCommitmentCards(doc, { card: commitment.card, indicators: checked.indicators });
  doc.transact(() => {
    for (const [key, value] of entries) {
      if (value === '' && OPTIONAL_EDITABLE.includes(key)) map.delete(key);
      else map.set(key, Array.isArray(value) ? [...value] : value);
    }
  }, origin);
}

/**
 * Records a consent round on a proposed commitment and logs its outcome in the
 * decision log. Only an `agreed` outcome makes the commitment agreed, and only
 * if it is complete (`validateCommitmentDraft`), somebody answered and nobody
 * objected (thumbs down, or 0–2 fingers). A `not-agreed` round is kept too.
 */
export function recordConsent(doc: Y.Doc, commitmentId: string, record: ConsentRecord, origin: Origin = LOCAL_ORIGIN): void {
  const round = parseOrThrow(consentRecordSchema, record, 'consent record') as ConsentRecord;
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
export function reopenCommitment(doc: Y.Doc, id: string, by: string, reason: string, options: { at?: string } = {}, origin: Origin = LOCAL_ORIGIN): void {
  const reopening: ReopenRecord = { at: options.at ?? new Date().toISOString(), by, reason };
  const checked = parseOrThrow(reopenRecordSchema, reopening, 'reopening');
  const { map, commitment } = liveCommitment(doc, id);
  if (!REOPENABLE.includes(commitment.status)) throw new Error(`a ${commitment.status} commitment cannot be reopened`);
  doc.transact(() => {
    map.set('reopenings', [...(commitment.reopenings ?? []), checked]);
    map.set('status', 'proposed');
    pushDecision(doc, { id: randomId(), at: reopening.at, kind: 'reopen', by, reason, commitment: id, title: commitment.title });
  }, origin);
}

/**
 * Facilitator: takes a Done commitment back (to in progress, or agreed), with
 * who and why on record in the decision log, in one transaction. Throws for a
 * change the transition table does not allow as a take-back, or a blank reason.
 */
export function takeBackDone(
  doc: Y.Doc, id: string, to: CommitmentStatus, by: string, reason: string, options: { at?: string } = {}, origin: Origin = LOCAL_ORIGIN,
): void {
  const { map, commitment } = liveCommitment(doc, id);
  if (!takeBackTargets(commitment.status).includes(to)) throw new Error(`a ${commitment.status} commitment cannot be taken back to ${to}`);
  const entry = parseOrThrow(decisionEntrySchema, {
    id: randomId(), at: options.at ?? new Date().toISOString(), kind: 'take-back', by, reason: reason.trim(),
    commitment: id, title: commitment.title, from: commitment.status, to,
  }, 'take-back') as DecisionEntry;
  doc.transact(() => {
    map.set('status', to);
    pushDecision(doc, entry);
  }, origin);
}

/**
 * Moves a commitment along its life cycle (agreed → in-progress → done, or
 * dropped). Agreement goes through `recordConsent`, back to proposed through
 * `reopenCommitment`; any other change throws.
 */
export function setCommitmentStatus(doc: Y.Doc, id: string, status: CommitmentStatus, origin: Origin = LOCAL_ORIGIN): void {
  const { map, commitment } = liveCommitment(doc, id);
  if (commitment.status === status) return;
  if (!canChangeStatus(commitment.status, status)) {
    const hint = status === 'agreed' ? ' (agreement needs a consent round)' : status === 'proposed' ? ' (reopen it instead)' : '';
    throw new Error(`cannot change a ${commitment.status} commitment to ${status}${hint}`);
  }
  doc.transact(() => map.set('status', status), origin);
}

/** A commitment as read (validated) plus its map, or throws if there is none. */
function liveCommitment(doc: Y.Doc, id: string): { map: Y.Map<unknown>; commitment: Commitment } {
  const map = commitmentsRoot(doc).get(id);
  const commitment = map ? readCommitments(doc).find((c) => c.id === id) : undefined;
  if (!map || !commitment) throw new Error(`no such commitment: ${id}`);
  return { map, commitment };
}
