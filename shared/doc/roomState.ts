/**
 * What the room is doing, beside the phase, in the control document's
 * `facilitation` map (only the facilitator and the server write it):
 * - shownResult: the revealed vote result on screens now, and the phase it
 *   was shown in (results never follow the room into another phase);
 * - consent: the consent round on everyone's devices (the server's: answers
 *   live in the board's private document, only counts here until it closes);
 * - readBack: the read-back slide the facilitator has on the projector;
 * - joinCodeHidden: the facilitator took the join code off the projector;
 * - participantLinkResets: a count the server moves on when an invite link is
 *   reset (server/linkReset.ts; named for the participant link, the first that
 *   could be), so the wall shows a new join code at once and the facilitator's
 *   other devices fetch the new links.
 */
import type * as Y from 'yjs';
import { CONSENT_METHODS, type ConsentMethod } from '../model.ts';
import { LOCAL_ORIGIN, type Origin } from './origin.ts';
import type { PhaseId } from './control.ts';

export interface ShownResult {
  roundId: string;
  /** The phase the result was put on screen in; in any other phase it is off. */
  phase: PhaseId;
}

/** How one commitment of a consent round stands: counts only. */
export interface CommitmentTally {
  /** How many participants answered on this commitment. */
  answered: number;
  /** Once closed: how many gave each answer on it. */
  tally?: Record<string, number>;
  /** Once closed: how many objected to it. */
  objections?: number;
  /**
   * Once closed: each objection to it, oldest first, in the objector's words
   * (`text`, absent when they gave none), so the room can work through it on
   * the wall; `name` as the facilitator's answers list it, absent when the
   * board was in anonymous mode at the close.
   */
  objecting?: Objection[];
}

/** One objection published with a closed round. */
export interface Objection {
  name?: string;
  text?: string;
}

/** The most objections a closed round publishes per commitment (the room is at most a few hundred people). */
const MAX_OBJECTIONS = 500;
/** An objection's words as the consent API takes them (server/http/facilitationApi.ts). */
const MAX_OBJECTION_TEXT = 2000;

export interface ConsentRound {
  id: string;
  /** The proposed commitments the room answers on (one answer per person per commitment). */
  commitments: string[];
  method: ConsentMethod;
  state: 'open' | 'closed';
  /** How many have answered on every commitment of the round: a count only, never who or what, while the round is open. */
  answered: number;
  /** The counts per commitment (by id); absent on rounds from before answers were per commitment. */
  byCommitment?: Record<string, CommitmentTally>;
  /** Of those, answers the facilitator recorded for people without a device (they are not online). */
  recordedForOthers: number;
  startedAt: number;
  /** The board was anonymous when the round started: the objections it publishes name nobody, whatever the mode at the close. */
  anonymous?: true;
  closedAt?: number;
  /** Once closed: how many gave each answer ("up", "sideways", "down" or "0"…"5"), over all its commitments. */
  tally?: Record<string, number>;
  /** Once closed: how many objecting answers were given, over all its commitments. */
  objections?: number;
}

export interface ReadBackState {
  /** Which consented commitment is on the projector (0-based, in read-back order). */
  index: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const count = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);
const tallyOf = (v: Record<string, unknown>): Record<string, number> => Object.fromEntries(Object.entries(v).map(([k, n]) => [k, count(n)]));

function readCommitmentTally(v: unknown): CommitmentTally | null {
  if (!isObject(v)) return null;
  const out: CommitmentTally = { answered: count(v.answered) };
  if (isObject(v.tally)) out.tally = tallyOf(v.tally);
  if (v.objections !== undefined) out.objections = count(v.objections);
  if (Array.isArray(v.objecting)) out.objecting = v.objecting.slice(0, MAX_OBJECTIONS).flatMap(readObjection);
  return out;
}

const shortString = (v: unknown, max: number): v is string => typeof v === 'string' && v.trim() !== '' && v.length <= max;

/** An objection as published, or none: only its name and words, each a non-blank string of bounded length. */
function readObjection(v: unknown): Objection[] {
  if (!isObject(v)) return [];
  return [{ ...(shortString(v.name, 200) ? { name: v.name } : {}), ...(shortString(v.text, MAX_OBJECTION_TEXT) ? { text: v.text } : {}) }];
}

export function readShownResult(v: unknown, isPhase: (p: unknown) => p is PhaseId): ShownResult | null {
  return isObject(v) && typeof v.roundId === 'string' && isPhase(v.phase) ? { roundId: v.roundId, phase: v.phase } : null;
}

export function readConsentRound(v: unknown): ConsentRound | null {
  if (!isObject(v) || typeof v.id !== 'string' || !Array.isArray(v.commitments)) return null;
  if (!(CONSENT_METHODS as readonly unknown[]).includes(v.method)) return null;
  const round: ConsentRound = {
    id: v.id,
    commitments: v.commitments.filter((c): c is string => typeof c === 'string'),
    method: v.method as ConsentMethod,
    state: v.state === 'closed' ? 'closed' : 'open',
    answered: count(v.answered),
    recordedForOthers: count(v.recordedForOthers),
    startedAt: typeof v.startedAt === 'number' && Number.isFinite(v.startedAt) ? v.startedAt : 0,
  };
  if (isObject(v.tally)) round.tally = tallyOf(v.tally);
  if (isObject(v.byCommitment)) {
    const by = v.byCommitment;
    round.byCommitment = Object.fromEntries(round.commitments.flatMap((id) => {
      const t = readCommitmentTally(by[id]);
      return t ? [[id, t]] : [];
    }));
  }
  if (v.objections !== undefined) round.objections = count(v.objections);
  if (v.anonymous === true) round.anonymous = true;
  if (typeof v.closedAt === 'number' && Number.isFinite(v.closedAt)) round.closedAt = v.closedAt;
  return round;
}

export function readReadBack(v: unknown): ReadBackState | null {
  return isObject(v) && typeof v.index === 'number' && Number.isInteger(v.index) && v.index >= 0 ? { index: v.index } : null;
}

function set(doc: Y.Doc, key: string, value: unknown, origin: Origin): void {
  doc.transact(() => doc.getMap('facilitation').set(key, value), origin);
}

/** Puts a revealed vote result on screens (in `phase`), or takes it off (null). */
export function setShownResult(doc: Y.Doc, shown: ShownResult | null, origin: Origin = LOCAL_ORIGIN): void {
  set(doc, 'shownResult', shown, origin);
}

/** The read-back on the projector at slide `index`, or off (null). */
export function setReadBack(doc: Y.Doc, state: ReadBackState | null, origin: Origin = LOCAL_ORIGIN): void {
  set(doc, 'readBack', state, origin);
}

export function setJoinCodeHidden(doc: Y.Doc, hidden: boolean, origin: Origin = LOCAL_ORIGIN): void {
  set(doc, 'joinCodeHidden', hidden, origin);
}

/** Server-side: one more reset of an invite link (the key keeps the name of the first link that could be reset). */
export function countLinkReset(doc: Y.Doc, origin: Origin): void {
  const count = doc.getMap('facilitation').get('participantLinkResets');
  set(doc, 'participantLinkResets', (typeof count === 'number' && Number.isFinite(count) ? count : 0) + 1, origin);
}

/** Server-side: the consent round (its counts), or none. */
export function setConsentRound(doc: Y.Doc, round: ConsentRound | null, origin: Origin): void {
  set(doc, 'consent', round, origin);
}

/**
 * What a new phase leaves behind: last phase's results, the read-back and the
 * spotlight (a card or column of the old phase would otherwise keep the whole
 * wall and every phone on it) are off the screens, for everyone at once.
 */
export function clearForNewPhase(map: Y.Map<unknown>): void {
  if (map.get('shownResult') != null) map.set('shownResult', null);
  if (map.get('spotlight') != null) map.set('spotlight', null);
  if (map.get('readBack') != null) map.set('readBack', null);
}

/**
 * The activity people say "I'm done" to: the phase, and within it a voting
 * round, private writing or a consent round. A new activity starts everyone
 * afresh.
 */
export function activityKey(f: { phase: string; voting: { id: string } | null; privateWriting: boolean; consent: { id: string } | null }): string {
  return [f.phase, f.voting?.id ?? '', f.privateWriting ? 'writing' : '', f.consent?.id ?? ''].join('|');
}
