/**
 * The consent round on everyone's own device, held by the server:
 * - the facilitator starts a round on proposed commitments with a method
 *   (thumbs or fist of five); the round and its counts are in the control
 *   document, so every screen shows "14 of 20 answered";
 * - each person answers with their personal token, for themselves only
 *   (the answer, and any objection in their own words, is kept in the board's
 *   private document, which no client can open); they may change it while
 *   the round is open;
 * - the facilitator records answers for people without a device, by name;
 * - closing the round publishes the tally (counts per answer, objections);
 *   only then may the facilitator read who answered what, to record the
 *   outcome in the commitments' consent records.
 */
import * as Y from 'yjs';
import { readCommitments, readCards } from '../../shared/doc/board.ts';
import { readFacilitation, type ConsentRound } from '../../shared/doc/control.ts';
import { setConsentRound } from '../../shared/doc/roomState.ts';
import { isObjection } from '../../shared/commitments.ts';
import { randomId } from '../../shared/ids.ts';
import { THUMBS, type ConsentMethod } from '../../shared/model.ts';
import { parseRoom } from '../../shared/protocol.ts';
import { privateDoc, type DocRoom } from '../sync/docRoom.ts';
import type { RoomRegistry } from '../sync/rooms.ts';
import { assertTakesPart, FacilitationError, SERVER_ORIGIN, type PersonRecord } from './service.ts';

type ConsentValue = (typeof THUMBS)[number] | number;

/** One answer as the private document keeps it. */
interface ConsentAnswer {
  name: string;
  value: ConsentValue;
  objection?: string;
  /** Given on the person's own device, or recorded by the facilitator for them. */
  by: 'self' | 'facilitator';
  role: 'participant' | 'facilitator';
  at: number;
}

const room = (boardId: string, path = '') => parseRoom(boardId + path)!;

/** The key of an answer: a person answering themselves, or a name the facilitator answered for. */
const selfKey = (personId: string) => `person:${personId}`;
const nameKey = (name: string) => `name:${name.trim().toLocaleLowerCase()}`;

function validValue(method: ConsentMethod, value: unknown): value is ConsentValue {
  return method === 'thumbs' ? (THUMBS as readonly unknown[]).includes(value) : Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 5;
}

export class ConsentService {
  constructor(private readonly rooms: RoomRegistry) {}

  /** Opens a round on proposed commitments (a closed round is replaced; an open one must be closed first). */
  async start(boardId: string, commitments: string[], method: ConsentMethod): Promise<ConsentRound> {
    const proposed = await this.rooms.with(room(boardId), (content) => {
      const all = readCommitments(content.doc, readCards(content.doc));
      return new Map(all.map((c) => [c.id, c.status]));
    });
    commitments.forEach((id, i) => {
      const status = proposed.get(id);
      if (!status) throw new FacilitationError(400, `commitments.${i}`, 'no such commitment on the board');
      if (status !== 'proposed') throw new FacilitationError(409, `commitments.${i}`, `this commitment is ${status}, not proposed`);
    });
    return this.withControl(boardId, async (control) => {
      const current = readFacilitation(control.doc).consent;
      if (current?.state === 'open') throw new FacilitationError(409, 'action', 'a consent round is already open; close it first');
      if (current) await this.forget(boardId, current.id);
      const round: ConsentRound = { id: randomId(10), commitments: [...new Set(commitments)], method, state: 'open', answered: 0, recordedForOthers: 0, startedAt: Date.now() };
      setConsentRound(control.doc, round, SERVER_ORIGIN);
      await control.whenDurable();
      return round;
    });
  }

  /** A person's own answer (any change replaces it) while the round is open. */
  async answer(boardId: string, person: PersonRecord, roundId: string, value: unknown, objection: string | undefined): Promise<{ round: ConsentRound; mine: ConsentAnswer }> {
    assertTakesPart(person, 'consent');
    const round = await this.openRound(boardId, roundId);
    if (!validValue(round.method, value)) throw new FacilitationError(400, 'value', round.method === 'thumbs' ? 'must be up, sideways or down' : 'must be a whole number from 0 to 5');
    const mine: ConsentAnswer = { name: person.name, value, by: 'self', role: person.role, at: Date.now(), ...(objection?.trim() ? { objection: objection.trim() } : {}) };
    return { round: await this.put(boardId, round, selfKey(person.id), mine), mine };
  }

  /** The facilitator records the answer of someone without a device, by name. */
  async recordFor(boardId: string, name: string, value: unknown, objection: string | undefined): Promise<ConsentRound> {
    const round = await this.openRound(boardId);
    if (!validValue(round.method, value)) throw new FacilitationError(400, 'value', round.method === 'thumbs' ? 'must be up, sideways or down' : 'must be a whole number from 0 to 5');
    const answer: ConsentAnswer = { name: name.trim(), value, by: 'facilitator', role: 'participant', at: Date.now(), ...(objection?.trim() ? { objection: objection.trim() } : {}) };
    return this.put(boardId, round, nameKey(name), answer);
  }

  /** This person's answer in the current round, if any. */
  async mine(boardId: string, person: PersonRecord): Promise<{ round: ConsentRound | null; mine: ConsentAnswer | null }> {
    assertTakesPart(person, 'consent');
    const round = await this.withControl(boardId, (control) => readFacilitation(control.doc).consent);
    if (!round) return { round: null, mine: null };
    const answers = await this.rooms.with(privateDoc(boardId), (priv) => this.answersOf(priv, round.id));
    return { round, mine: answers.get(selfKey(person.id)) ?? null };
  }

  /** Closes the round: no more answers; the tally goes on every screen. */
  async close(boardId: string): Promise<ConsentRound> {
    const round = await this.openRound(boardId);
    const closedAt = Date.now();
    const responses = await this.rooms.with(privateDoc(boardId), (priv) => merged(this.answersOf(priv, round.id), closedAt));
    const tally: Record<string, number> = {};
    for (const r of responses) tally[String(r.value)] = (tally[String(r.value)] ?? 0) + 1;
    const objections = responses.filter((r) => isObjection(round.method, r.value)).length;
    return this.withControl(boardId, async (control) => {
      const closed: ConsentRound = { ...round, state: 'closed', closedAt, tally, objections };
      setConsentRound(control.doc, closed, SERVER_ORIGIN);
      await control.whenDurable();
      return closed;
    });
  }

  /** Who answered what, for the facilitator, once the round is closed. */
  async responses(boardId: string): Promise<{ round: ConsentRound | null; responses: ConsentAnswer[] }> {
    const round = await this.withControl(boardId, (control) => readFacilitation(control.doc).consent);
    if (!round) return { round: null, responses: [] };
    if (round.state === 'open') throw new FacilitationError(409, 'round', 'answers are shown once you close the round');
    const answers = await this.rooms.with(privateDoc(boardId), (priv) => this.answersOf(priv, round.id));
    // An answer that raced the closing is not part of the round.
    return { round, responses: merged(answers, round.closedAt) };
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

  /** Stores one answer, then the new counts (answers first: a count never runs ahead of what is kept). */
  private async put(boardId: string, round: ConsentRound, key: string, answer: ConsentAnswer): Promise<ConsentRound> {
    const answers = await this.rooms.with(privateDoc(boardId), async (priv) => {
      const rounds = priv.doc.getMap<Y.Map<ConsentAnswer>>('consent');
      priv.doc.transact(() => {
        let map = rounds.get(round.id);
        if (!(map instanceof Y.Map)) {
          map = new Y.Map<ConsentAnswer>();
          rounds.set(round.id, map);
        }
        map.set(key, answer);
      }, SERVER_ORIGIN);
      await priv.whenDurable();
      return merged(this.answersOf(priv, round.id));
    });
    return this.withControl(boardId, async (control) => {
      const current = readFacilitation(control.doc).consent;
      // Closed or replaced meanwhile: the answer is kept, the published counts stay as they are.
      if (!current || current.id !== round.id || current.state !== 'open') throw new FacilitationError(409, 'round', 'the consent round is closed');
      const counted = answers.filter((a) => a.role === 'participant');
      const next: ConsentRound = { ...current, answered: counted.length, recordedForOthers: counted.filter((a) => a.by === 'facilitator').length };
      setConsentRound(control.doc, next, SERVER_ORIGIN);
      await control.whenDurable();
      return next;
    });
  }

  private answersOf(priv: DocRoom, roundId: string): Map<string, ConsentAnswer> {
    const map = priv.doc.getMap<Y.Map<ConsentAnswer>>('consent').get(roundId);
    const out = new Map<string, ConsentAnswer>();
    if (map instanceof Y.Map) for (const [key, answer] of map) if (answer && typeof answer.name === 'string') out.set(key, answer);
    return out;
  }

  private async forget(boardId: string, roundId: string): Promise<void> {
    await this.rooms.with(privateDoc(boardId), async (priv) => {
      const rounds = priv.doc.getMap('consent');
      if (!rounds.has(roundId)) return;
      priv.doc.transact(() => rounds.delete(roundId), SERVER_ORIGIN);
      await priv.whenDurable();
    });
  }

  private withControl<T>(boardId: string, fn: (control: DocRoom) => Promise<T> | T): Promise<T> {
    return this.rooms.with(room(boardId, '/control'), fn);
  }
}

/**
 * One answer per person, in the order given: everyone's own answers, and the
 * facilitator's records for names nobody answered under themselves.
 */
function merged(answers: Map<string, ConsentAnswer>, until = Infinity): ConsentAnswer[] {
  const all = [...answers.values()].filter((a) => a.at <= until).sort((a, b) => a.at - b.at);
  const selfNames = new Set(all.filter((a) => a.by === 'self').map((a) => a.name.toLocaleLowerCase()));
  return all.filter((a) => a.by === 'self' || !selfNames.has(a.name.toLocaleLowerCase()));
}
