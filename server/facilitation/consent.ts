/**
 * The consent round on everyone's own device, held by the server:
 * - the facilitator starts a round on proposed commitments with a method
 *   (thumbs or fist of five); the round and its counts are in the control
 *   document, so every screen shows "14 of 20 answered";
 * - each person answers with their personal token, for themselves only, once
 *   per commitment of the round (an objection is about one commitment; one
 *   answer may also be given for all of them); the answers, and any objection
 *   in their own words, are kept in the board's private document, which no
 *   client can open; they may change them while the round is open;
 * - the facilitator records answers for people without a device, by name;
 * - closing the round publishes the tally (counts per answer, objections)
 *   and each objection in its words (with the objector's name unless the
 *   board is anonymous), so the room can work through it; only then may the
 *   facilitator read who answered what, to record the outcome in the
 *   commitments' consent records.
 */
import { isObjection } from '../../shared/commitments.ts';
import { readCommitments, readFacilitation, SERVER_ORIGIN, type CommitmentTally, type ConsentRound } from '../../shared/doc/index.ts';
import { forgetConsentAnswer, forgetConsentRound, putConsentAnswer, readConsentAnswers, type CommitmentAnswer, type ConsentAnswer, type ConsentValue } from '../../shared/doc/private.ts';
import { setConsentRound } from '../../shared/doc/roomState.ts';
import type { ConsentAnswerView, ConsentResponse } from '../../shared/consentApi.ts';
import { randomId } from '../../shared/ids.ts';
import { THUMBS, type ConsentMethod } from '../../shared/model.ts';
import { roomAddress } from '../../shared/protocol.ts';
import type { DocRoom } from '../sync/docRoom.ts';
import type { RoomRegistry } from '../sync/rooms.ts';

export type { ConsentAnswerView, ConsentResponse };
import { assertTakesPart, FacilitationError, type PersonRecord } from './service.ts';

/** The key of an answer: a person answering themselves, or a name the facilitator answered for. */
const selfKey = (personId: string) => `person:${personId}`;
const nameKey = (name: string) => `name:${name.trim().toLocaleLowerCase()}`;

function validValue(method: ConsentMethod, value: unknown): value is ConsentValue {
  return method === 'thumbs' ? (THUMBS as readonly unknown[]).includes(value) : Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 5;
}

/**
 * What someone answers in one request: one answer on one commitment
 * (`commitment`), or the same answer on every commitment of the round (no
 * `commitment`), or a list of answers, each on its own commitment.
 */
export type ConsentGiven =
  | { value: unknown; objection?: string | undefined; commitment?: string | undefined }
  | { answers: readonly { commitment: string; value: unknown; objection?: string | undefined }[] };


/** The request's answers by commitment, checked against the round (400 with the path of the bad field). */
function givenAnswers(round: ConsentRound, given: ConsentGiven, at: number): Record<string, CommitmentAnswer> {
  const bad = (path: string) => new FacilitationError(400, path, round.method === 'thumbs' ? 'must be up, sideways or down' : 'must be a whole number from 0 to 5');
  const one = (value: unknown, objection: string | undefined, path: string): CommitmentAnswer => {
    if (!validValue(round.method, value)) throw bad(path);
    return { value, at, ...(objection?.trim() ? { objection: objection.trim() } : {}) };
  };
  const inRound = (id: string, path: string) => {
    if (!round.commitments.includes(id)) throw new FacilitationError(400, path, 'this commitment is not in the consent round');
  };
  if ('answers' in given) {
    const out: Record<string, CommitmentAnswer> = {};
    given.answers.forEach((a, i) => {
      inRound(a.commitment, `answers.${i}.commitment`);
      out[a.commitment] = one(a.value, a.objection, `answers.${i}.value`);
    });
    return out;
  }
  if (given.commitment !== undefined) {
    inRound(given.commitment, 'commitment');
    return { [given.commitment]: one(given.value, given.objection, 'value') };
  }
  const answer = one(given.value, given.objection, 'value');
  return Object.fromEntries(round.commitments.map((id) => [id, answer]));
}

/** A person's answers as the API shows them (with `value` when they are the same on every commitment). */
export function answerView(round: ConsentRound, a: ConsentAnswer): ConsentAnswerView {
  const answers = Object.fromEntries(Object.entries(a.answers).map(([id, x]) => [id, x.objection ? { value: x.value, objection: x.objection } : { value: x.value }]));
  const all = round.commitments.map((id) => a.answers[id]);
  const first = all[0];
  const same = first !== undefined && all.every((x) => x !== undefined && x.value === first.value && (x.objection ?? '') === (first.objection ?? ''));
  return { name: a.name, by: a.by, answers, ...(same ? { value: first.value, ...(first.objection ? { objection: first.objection } : {}) } : {}) };
}

export class ConsentService {
  constructor(private readonly rooms: RoomRegistry) {}

  /** Opens a round on proposed commitments (a closed round is replaced; an open one must be closed first). */
  async start(boardId: string, commitments: string[], method: ConsentMethod): Promise<ConsentRound> {
    const proposed = await this.rooms.with(roomAddress(boardId, 'content'), (content) => {
      const all = readCommitments(content.doc);
      return new Map(all.map((c) => [c.id, c.status]));
    });
    commitments.forEach((id, i) => {
      const status = proposed.get(id);
      if (!status) throw new FacilitationError(400, `commitments.${i}`, 'no such commitment on the board');
      if (status !== 'proposed') throw new FacilitationError(409, `commitments.${i}`, `this commitment is ${status}, not proposed`);
    });
    return this.withControl(boardId, async (control) => {
      const f = readFacilitation(control.doc);
      const current = f.consent;
      if (current?.state === 'open') throw new FacilitationError(409, 'action', 'a consent round is already open; close it first');
      if (current) await this.forget(boardId, current.id);
      const ids = [...new Set(commitments)];
      const round: ConsentRound = {
        id: randomId(10), commitments: ids, method, state: 'open', answered: 0, recordedForOthers: 0, startedAt: Date.now(), ...(f.anonymous ? { anonymous: true as const } : {}),
        byCommitment: Object.fromEntries(ids.map((id) => [id, { answered: 0 }])),
      };
      setConsentRound(control.doc, round, SERVER_ORIGIN);
      await control.whenDurable();
      return round;
    });
  }

  /** A person's own answers (each replaces their earlier answer on that commitment) while the round is open. */
  async answer(boardId: string, person: PersonRecord, roundId: string, given: ConsentGiven): Promise<{ round: ConsentRound; mine: ConsentAnswerView }> {
    assertTakesPart(person, 'consent');
    const round = await this.openRound(boardId, roundId);
    const at = Date.now();
    const answers = givenAnswers(round, given, at);
    const { round: next, answer } = await this.put(boardId, round, selfKey(person.id), { name: person.name, by: 'self', role: person.role, at, answers });
    return { round: next, mine: answerView(next, answer) };
  }

  /** The facilitator records the answers of someone without a device, by name. */
  async recordFor(boardId: string, name: string, given: ConsentGiven): Promise<ConsentRound> {
    const round = await this.openRound(boardId);
    const at = Date.now();
    const answers = givenAnswers(round, given, at);
    return (await this.put(boardId, round, nameKey(name), { name: name.trim(), by: 'facilitator', role: 'participant', at, answers })).round;
  }

  /** This person's answers in the current round, if any. */
  async mine(boardId: string, person: PersonRecord): Promise<{ round: ConsentRound | null; mine: ConsentAnswerView | null }> {
    assertTakesPart(person, 'consent');
    const round = await this.withControl(boardId, (control) => readFacilitation(control.doc).consent);
    if (!round) return { round: null, mine: null };
    const answers = await this.rooms.with(roomAddress(boardId, 'private'), (priv) => readConsentAnswers(priv.doc, round.id, round.commitments));
    const mine = answers.get(selfKey(person.id));
    return { round, mine: mine ? answerView(round, mine) : null };
  }

  /** Closes the round: no more answers; the tally, per commitment, goes on every screen. */
  async close(boardId: string): Promise<ConsentRound> {
    const round = await this.openRound(boardId);
    const closedAt = Date.now();
    const responses = await this.rooms.with(roomAddress(boardId, 'private'), (priv) => perCommitment(round, readConsentAnswers(priv.doc, round.id, round.commitments), closedAt));
    const tally: Record<string, number> = {};
    const byCommitment: Record<string, CommitmentTally> = {};
    for (const id of round.commitments) {
      const on = responses.filter((r) => r.commitment === id);
      const own: Record<string, number> = {};
      for (const r of on) {
        own[String(r.value)] = (own[String(r.value)] ?? 0) + 1;
        tally[String(r.value)] = (tally[String(r.value)] ?? 0) + 1;
      }
      byCommitment[id] = { answered: on.length, tally: own, objections: on.filter((r) => isObjection(round.method, r.value)).length };
    }
    const objections = responses.filter((r) => isObjection(round.method, r.value)).length;
    return this.withControl(boardId, async (control) => {
      const f = readFacilitation(control.doc);
      const current = f.consent ?? round;
      // Each objection in its words, for the room to work through on the wall; who objected, unless the board
      // is anonymous, or was when the round started (answers given then were given without a name).
      const nameless = f.anonymous || current.anonymous === true;
      for (const id of round.commitments) {
        byCommitment[id]!.objecting = responses
          .filter((r) => r.commitment === id && isObjection(round.method, r.value))
          .map((r) => ({ ...(nameless ? {} : { name: r.name }), ...(r.objection ? { text: r.objection } : {}) }));
      }
      const closed: ConsentRound = { ...current, state: 'closed', closedAt, tally, objections, byCommitment };
      setConsentRound(control.doc, closed, SERVER_ORIGIN);
      await control.whenDurable();
      return closed;
    });
  }

  /** Who answered what on each commitment, for the facilitator, once the round is closed. */
  async responses(boardId: string): Promise<{ round: ConsentRound | null; responses: ConsentResponse[] }> {
    const round = await this.withControl(boardId, (control) => readFacilitation(control.doc).consent);
    if (!round) return { round: null, responses: [] };
    if (round.state === 'open') throw new FacilitationError(409, 'round', 'answers are shown once you close the round');
    const answers = await this.rooms.with(roomAddress(boardId, 'private'), (priv) => readConsentAnswers(priv.doc, round.id, round.commitments));
    // An answer that raced the closing is not part of the round.
    return { round, responses: perCommitment(round, answers, round.closedAt) };
  }

  /** Ends the round (after its outcome is recorded, or to drop it): off every screen, its answers deleted. */
  async end(boardId: string): Promise<void> {
    const round = await this.withControl(boardId, (control) => readFacilitation(control.doc).consent);
    if (!round) throw new FacilitationError(409, 'action', 'no consent round is running');
    await this.withControl(boardId, async (control) => {
      setConsentRound(control.doc, null, SERVER_ORIGIN);
      await control.whenDurable();
    });
    await this.forget(boardId, round.id);
  }

  private async openRound(boardId: string, roundId?: string): Promise<ConsentRound> {
    const round = await this.withControl(boardId, (control) => readFacilitation(control.doc).consent);
    if (!round || (roundId !== undefined && round.id !== roundId)) throw new FacilitationError(409, 'round', 'this consent round has ended');
    if (round.state !== 'open') throw new FacilitationError(409, 'round', 'the consent round is closed');
    return round;
  }

  /**
   * Stores one person's answers (merged with what they answered before on the
   * round's other commitments), then the new counts (answers first: a count
   * never runs ahead of what is kept).
   */
  private async put(boardId: string, round: ConsentRound, key: string, answer: ConsentAnswer): Promise<{ round: ConsentRound; answer: ConsentAnswer }> {
    const { all, stored } = await this.rooms.with(roomAddress(boardId, 'private'), async (priv) => {
      const before = readConsentAnswers(priv.doc, round.id, round.commitments).get(key);
      const stored: ConsentAnswer = { ...answer, answers: { ...before?.answers, ...answer.answers } };
      putConsentAnswer(priv.doc, round.id, key, stored);
      await priv.whenDurable();
      return { all: readConsentAnswers(priv.doc, round.id, round.commitments), stored };
    });
    const next = await this.withControl(boardId, async (control) => {
      const current = readFacilitation(control.doc).consent;
      // Closed or replaced meanwhile: the answer is kept, the published counts stay as they are.
      if (!current || current.id !== round.id || current.state !== 'open') throw new FacilitationError(409, 'round', 'the consent round is closed');
      const next: ConsentRound = { ...current, ...counts(current, all) };
      setConsentRound(control.doc, next, SERVER_ORIGIN);
      await control.whenDurable();
      return next;
    });
    return { round: next, answer: stored };
  }

  /**
   * Drops removed people's own answers from the open round and publishes the
   * new counts (a closed round's tally stands: it was shown to the room).
   */
  async dropAnswers(boardId: string, personIds: readonly string[]): Promise<void> {
    const round = await this.withControl(boardId, (control) => readFacilitation(control.doc).consent);
    if (!round || round.state !== 'open') return;
    const all = await this.rooms.with(roomAddress(boardId, 'private'), async (priv) => {
      let dropped = false;
      priv.doc.transact(() => {
        for (const id of personIds) dropped = forgetConsentAnswer(priv.doc, round.id, selfKey(id)) || dropped;
      }, SERVER_ORIGIN);
      if (!dropped) return undefined;
      await priv.whenDurable();
      return readConsentAnswers(priv.doc, round.id, round.commitments);
    });
    if (!all) return;
    await this.withControl(boardId, async (control) => {
      const current = readFacilitation(control.doc).consent;
      if (!current || current.id !== round.id || current.state !== 'open') return;
      setConsentRound(control.doc, { ...current, ...counts(current, all) }, SERVER_ORIGIN);
      await control.whenDurable();
    });
  }

  private async forget(boardId: string, roundId: string): Promise<void> {
    await this.rooms.with(roomAddress(boardId, 'private'), async (priv) => {
      if (forgetConsentRound(priv.doc, roundId)) await priv.whenDurable();
    });
  }

  private withControl<T>(boardId: string, fn: (control: DocRoom) => Promise<T> | T): Promise<T> {
    return this.rooms.with(roomAddress(boardId, 'control'), fn);
  }
}

/**
 * One answer per person, in the order given: everyone's own answers, and the
 * facilitator's records for names nobody answered under themselves.
 */
function merged(answers: Map<string, ConsentAnswer>): ConsentAnswer[] {
  const all = [...answers.values()].sort((a, b) => a.at - b.at);
  // A name is not an identity: whoever joins as "bob" must not erase what the facilitator
  // recorded for Bob (his objection, say; a red-team session did). On a commitment the facilitator
  // recorded an answer for a name, that answer counts; on the others, the answer given on a device
  // still does (a record for one commitment hid a device's objection to another).
  const recorded = new Map<string, Set<string>>();
  for (const a of all) {
    if (a.by !== 'facilitator') continue;
    const key = a.name.toLocaleLowerCase();
    const on = recorded.get(key) ?? new Set<string>();
    for (const id of Object.keys(a.answers)) on.add(id);
    recorded.set(key, on);
  }
  return all.flatMap((a) => {
    const taken = a.by === 'self' ? recorded.get(a.name.toLocaleLowerCase()) : undefined;
    if (!taken) return [a];
    const answers = Object.fromEntries(Object.entries(a.answers).filter(([id]) => !taken.has(id)));
    return Object.keys(answers).length > 0 ? [{ ...a, answers }] : [];
  });
}

/** The open round's counts: participants who answered on every commitment, and per commitment (counts only). */
function counts(round: ConsentRound, answers: Map<string, ConsentAnswer>): Pick<ConsentRound, 'answered' | 'recordedForOthers' | 'byCommitment'> {
  const counted = merged(answers).filter((a) => a.role === 'participant');
  const complete = counted.filter((a) => round.commitments.every((id) => a.answers[id] !== undefined));
  return {
    answered: complete.length,
    recordedForOthers: complete.filter((a) => a.by === 'facilitator').length,
    byCommitment: Object.fromEntries(round.commitments.map((id) => [id, { answered: counted.filter((a) => a.answers[id] !== undefined).length }])),
  };
}

/** Every answer on every commitment given until `until`, one row per person per commitment, oldest first. */
function perCommitment(round: ConsentRound, answers: Map<string, ConsentAnswer>, until = Infinity): ConsentResponse[] {
  const rows = merged(answers).flatMap((a) => round.commitments.flatMap((commitment) => {
    const x = a.answers[commitment];
    if (!x || x.at > until) return [];
    return [{ row: { name: a.name, commitment, value: x.value, ...(x.objection ? { objection: x.objection } : {}), by: a.by } satisfies ConsentResponse, at: x.at }];
  }));
  return rows.sort((a, b) => a.at - b.at).map((r) => r.row);
}
