/**
 * The server-only document of a board (`<boardId>/private`): what no client
 * may ever read, so no sync client can open it (the server refuses the room).
 * Only the server imports this module.
 *
 * Layout:
 * - `people`  Y.Map<personId, plain>: name, role, joinedAt (ms), tokenHash
 *   (the SHA-256 of the personal token's secret: the token itself is shown
 *   once, at joining);
 * - `ballots` Y.Map<roundId, Y.Map<personId, cardId[]>>: secret dot votes;
 * - `consent` Y.Map<roundId, Y.Map<answerKey, ConsentAnswer>>: consent answers
 *   (keyed `person:<id>`, or `name:<name>` for an answer the facilitator recorded),
 *   each holding one answer per commitment of the round (`answers`, by
 *   commitment id: an objection is about one commitment). A record written
 *   before answers were per commitment (one `value`) reads as that answer on
 *   every commitment of the round;
 * - `invites` Y.Map: the invite secrets sealed for the facilitator (`sealed`),
 *   the reviewer's and projector's secret hashes, and the current join and
 *   projector codes sealed for the facilitator (`code`, `presentCode`) and
 *   for the projector (`projectorCode`).
 *
 * Reads validate: a record that does not have the shape written here is skipped.
 */
import * as Y from 'yjs';
import type { THUMBS } from './records/commitment.ts';
import { personRole, type Person } from './people.ts';
import { SERVER_ORIGIN, type Origin } from './origin.ts';
import { buildDocUpdate } from './updates.ts';

/** A person as the private document keeps them: with the hash of their personal token's secret. */
export interface PersonRecord extends Person {
  tokenHash: string;
  /**
   * Their link was reset (server/linkReset.ts): the token no longer opens
   * anything, but whoever still holds it may take the person back when they
   * join with the new link (same id: their votes, drafts and comments).
   */
  revoked?: true;
}

export type ConsentValue = (typeof THUMBS)[number] | number;

/** One person's answer on one commitment of a consent round. */
export interface CommitmentAnswer {
  value: ConsentValue;
  objection?: string;
  /** When it was given (ms): an answer that raced the closing is not part of the round. */
  at: number;
}

/** One person's consent answers in a round, as the private document keeps them. */
export interface ConsentAnswer {
  name: string;
  /** By commitment id: only the commitments this person has answered on. */
  answers: Record<string, CommitmentAnswer>;
  /** Given on the person's own device, or recorded by the facilitator for them. */
  by: 'self' | 'facilitator';
  role: 'participant' | 'facilitator';
  /** When they last answered (ms). */
  at: number;
}

/** What the `invites` map holds (each a sealed or hashed secret). */
export interface StoredInvites {
  /** The participant, viewer, reviewer and projector secrets, sealed for the facilitator. */
  sealed?: string;
  reviewerHash?: string;
  projectorHash?: string;
  /** The current join code, sealed for the facilitator. */
  code?: string;
  /** The current projector code, sealed for the facilitator. */
  presentCode?: string;
  /** The current join code and the participant secret, sealed for the projector secret. */
  projectorCode?: string;
}

const INVITE_KEYS = ['sealed', 'reviewerHash', 'projectorHash', 'code', 'presentCode', 'projectorCode'] as const;
/** Sealed for the viewer secret before the projector had its own: no longer read, removed when next written. */
const LEGACY_VIEWER_CODE = 'viewerCode';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function peopleMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('people');
}
function ballotsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('ballots');
}
function consentMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('consent');
}
function invitesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('invites');
}

// ---------------------------------------------------------------- people

export function putPersonRecord(doc: Y.Doc, record: PersonRecord, origin: Origin = SERVER_ORIGIN): void {
  doc.transact(() => peopleMap(doc).set(record.id, { ...record }), origin);
}

/** The person with this id, if their record is whole (a role missing on an old record reads as participant). */
export function readPersonRecord(doc: Y.Doc, personId: string): PersonRecord | undefined {
  const v = peopleMap(doc).get(personId);
  if (!isObject(v) || typeof v.name !== 'string' || typeof v.tokenHash !== 'string') return undefined;
  const joinedAt = typeof v.joinedAt === 'number' && Number.isFinite(v.joinedAt) ? v.joinedAt : 0;
  return { id: personId, name: v.name, role: personRole(v.role), joinedAt, tokenHash: v.tokenHash, ...(v.revoked === true ? { revoked: true as const } : {}) };
}

/** Every whole person record, in no particular order. */
export function readPersonRecords(doc: Y.Doc): PersonRecord[] {
  const records: PersonRecord[] = [];
  for (const id of peopleMap(doc).keys()) {
    const record = readPersonRecord(doc, id);
    if (record) records.push(record);
  }
  return records;
}

// ---------------------------------------------------------------- ballots

/** Each person's votes in a round (card ids, a card once per vote). */
export function readBallots(doc: Y.Doc, roundId: string): Map<string, string[]> {
  const round = ballotsMap(doc).get(roundId);
  const out = new Map<string, string[]>();
  if (round instanceof Y.Map) {
    for (const [person, cards] of round) if (Array.isArray(cards)) out.set(person, cards.filter((c): c is string => typeof c === 'string'));
  }
  return out;
}

/** Replaces a person's votes in a round. */
export function setBallot(doc: Y.Doc, roundId: string, personId: string, cards: readonly string[], origin: Origin = SERVER_ORIGIN): void {
  doc.transact(() => {
    let round = ballotsMap(doc).get(roundId);
    if (!(round instanceof Y.Map)) {
      round = new Y.Map<string[]>();
      ballotsMap(doc).set(roundId, round);
    }
    (round as Y.Map<string[]>).set(personId, [...cards]);
  }, origin);
}

// ---------------------------------------------------------------- consent answers

function readCommitmentAnswer(v: unknown, fallbackAt: number): CommitmentAnswer | undefined {
  if (!isObject(v) || (typeof v.value !== 'string' && typeof v.value !== 'number')) return undefined;
  const at = typeof v.at === 'number' && Number.isFinite(v.at) ? v.at : fallbackAt;
  return { value: v.value as ConsentValue, at, ...(typeof v.objection === 'string' && v.objection ? { objection: v.objection } : {}) };
}

/**
 * The answers of a consent round on `commitments`, by answer key (answers on
 * commitments not in the round are left out).
 */
export function readConsentAnswers(doc: Y.Doc, roundId: string, commitments: readonly string[]): Map<string, ConsentAnswer> {
  const round = consentMap(doc).get(roundId);
  const out = new Map<string, ConsentAnswer>();
  if (!(round instanceof Y.Map)) return out;
  for (const [key, v] of round) {
    if (!isObject(v) || typeof v.name !== 'string') continue;
    const at = typeof v.at === 'number' && Number.isFinite(v.at) ? v.at : 0;
    const answers: Record<string, CommitmentAnswer> = {};
    // One answer for the whole round, as written before answers were per commitment.
    const single = readCommitmentAnswer(v, at);
    for (const id of commitments) {
      const one = isObject(v.answers) ? readCommitmentAnswer(v.answers[id], at) : single;
      if (one) answers[id] = one;
    }
    out.set(key, { name: v.name, answers, by: v.by === 'facilitator' ? 'facilitator' : 'self', role: v.role === 'facilitator' ? 'facilitator' : 'participant', at });
  }
  return out;
}

/** Stores (or replaces) one person's answers in a consent round. */
export function putConsentAnswer(doc: Y.Doc, roundId: string, key: string, answer: ConsentAnswer, origin: Origin = SERVER_ORIGIN): void {
  doc.transact(() => {
    let round = consentMap(doc).get(roundId);
    if (!(round instanceof Y.Map)) {
      round = new Y.Map<ConsentAnswer>();
      consentMap(doc).set(roundId, round);
    }
    (round as Y.Map<ConsentAnswer>).set(key, answer);
  }, origin);
}

/** Deletes one person's answers in a round (by answer key); whether there were any. */
export function forgetConsentAnswer(doc: Y.Doc, roundId: string, key: string, origin: Origin = SERVER_ORIGIN): boolean {
  const round = consentMap(doc).get(roundId);
  if (!(round instanceof Y.Map) || !round.has(key)) return false;
  doc.transact(() => round.delete(key), origin);
  return true;
}

/** Deletes a round's answers; whether there were any. */
export function forgetConsentRound(doc: Y.Doc, roundId: string, origin: Origin = SERVER_ORIGIN): boolean {
  if (!consentMap(doc).has(roundId)) return false;
  doc.transact(() => consentMap(doc).delete(roundId), origin);
  return true;
}

// ---------------------------------------------------------------- invites

export function readInvites(doc: Y.Doc): StoredInvites {
  const map = invitesMap(doc);
  const out: StoredInvites = {};
  for (const key of INVITE_KEYS) {
    const value = map.get(key);
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

/** Writes invite entries (only those given), dropping the legacy viewer code when asked. */
export function writeInvites(doc: Y.Doc, patch: StoredInvites, options: { dropLegacy?: boolean } = {}, origin: Origin = SERVER_ORIGIN): void {
  doc.transact(() => {
    const map = invitesMap(doc);
    for (const key of INVITE_KEYS) {
      const value = patch[key];
      if (value !== undefined && map.get(key) !== value) map.set(key, value);
    }
    if (options.dropLegacy && map.has(LEGACY_VIEWER_CODE)) map.delete(LEGACY_VIEWER_CODE);
  }, origin);
}

/** The first update of a new board's private document: its invites. */
export function newPrivateDocUpdate(invites: StoredInvites): Uint8Array {
  return buildDocUpdate((doc) => writeInvites(doc, invites));
}
