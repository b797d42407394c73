/**
 * Facilitation that the server enforces, not the UI:
 * - people: joining issues a personal token (stored as a hash in the board's
 *   private document) so votes and drafts belong to someone;
 * - secret dot voting: ballots live only in the private document; budgets and
 *   columns are checked here; only the revealed tally reaches the control doc;
 * - private writing: drafts live in each person's own draft document, which
 *   only that person can open; reveal copies them all into the board at once;
 * - the shared timer, held on the server clock.
 * Every write goes through the rooms (persisted before broadcast).
 */
import { timingSafeEqual } from 'node:crypto';
import {
  addCard, appendVoteResult, deleteCard, isPortfolioDoc, newCardOf, putPerson, readCard, readCards, readFacilitation, readFacilitationCached, readPeople, SERVER_ORIGIN,
  setPrivateWriting, setTimer, setVoting, type Card, type Facilitation, type Person, type VoteResult, type VotingRound,
} from '../../shared/doc/index.ts';
import { putPersonRecord, readBallots, readPersonRecord, setBallot, type PersonRecord } from '../../shared/doc/private.ts';
import { cardEntry } from '../../shared/doc/rules.ts';
import { setShownResult } from '../../shared/doc/roomState.ts';
import { randomId } from '../../shared/ids.ts';
import type { ColumnId } from '../../shared/model.ts';
import { Limits, roomAddress, splitPersonToken, type Role } from '../../shared/protocol.ts';
import { applyTimerOp, type TimerOp } from '../../shared/timer.ts';
import { hashSecret, newSecret } from '../secrets.ts';
import type { DocRoom } from '../sync/docRoom.ts';
import type { RoomRegistry } from '../sync/rooms.ts';
import type { ContentRules } from '../sync/contentPolicy.ts';
import type { RuleEngines } from '../sync/ruleEngine.ts';

export type { PersonRecord } from '../../shared/doc/private.ts';

export class FacilitationError extends Error {
  constructor(readonly status: 400 | 403 | 404 | 409, readonly path: string, message: string) {
    super(message);
  }
}

export interface MyVotes {
  round: VotingRound | null;
  mine: string[];
  remaining: number;
}


/**
 * Refuses a reviewer's personal token in a workshop round (votes, consent
 * answers): a reviewer is a person so that the server signs their comments
 * and check-ins, but reviewing is not taking part in the workshop.
 */
export function assertTakesPart(person: PersonRecord, round: 'vote' | 'consent'): asserts person is PersonRecord & { role: 'facilitator' | 'participant' } {
  if (person.role !== 'reviewer') return;
  throw new FacilitationError(403, round === 'vote' ? 'card' : 'round', round === 'vote'
    ? 'reviewers comment and check in; they do not vote'
    : 'reviewers comment and check in; they take no part in consent rounds');
}

/** Why a draft was kept in its author's drafts instead of being revealed. */
type HeldReason = 'locked' | 'too-long' | 'board-full';

export class FacilitationService {
  /** `rules`: the rule engines of the loaded documents (reveal respects the board's size budget). */
  constructor(private readonly rooms: RoomRegistry, private readonly rules?: RuleEngines) {}

  /** Registers a person on a board; returns the personal token (shown once). */
  async join(boardId: string, role: Person['role'], name: string): Promise<{ person: Person; token: string }> {
    const person: Person = { id: randomId(12), name, role, joinedAt: Date.now() };
    const secret = newSecret();
    await this.rooms.with(roomAddress(boardId, 'private'), async (priv) => {
      putPersonRecord(priv.doc, { ...person, tokenHash: hashSecret(secret) });
      await priv.whenDurable();
    });
    await this.withControl(boardId, async (control) => {
      putPerson(control.doc, person, SERVER_ORIGIN);
      await control.whenDurable();
    });
    return { person, token: `${person.id}.${secret}` };
  }

  /** The person a personal token belongs to on this board (constant-time compare). */
  async resolvePerson(boardId: string, token: string | undefined): Promise<PersonRecord | undefined> {
    const parts = token ? splitPersonToken(token) : undefined;
    if (!parts) return undefined;
    return this.rooms.with(roomAddress(boardId, 'private'), (priv) => {
      const record = readPersonRecord(priv.doc, parts.personId);
      if (!record) return undefined;
      const a = Buffer.from(record.tokenHash, 'hex');
      const b = Buffer.from(hashSecret(parts.secret), 'hex');
      return a.length === b.length && timingSafeEqual(a, b) ? record : undefined;
    });
  }

  async read(boardId: string): Promise<Facilitation> {
    return this.withControl(boardId, (control) => readFacilitation(control.doc));
  }

  /** The rules a participant's update must follow, from the loaded control doc. */
  static rules(control: DocRoom, kind: 'content' | 'draft', role: Role = 'participant'): ContentRules {
    const f = readFacilitationCached(control.doc);
    if (role === 'facilitator') return { lockedColumns: [], noNewCards: false, noAuthor: f.anonymous };
    return { lockedColumns: kind === 'content' ? f.lockedColumns : [], noNewCards: kind === 'content' && f.privateWriting, noAuthor: f.anonymous };
  }

  async timer(boardId: string, op: TimerOp): Promise<Facilitation> {
    return this.withControl(boardId, async (control) => {
      setTimer(control.doc, applyTimerOp(readFacilitation(control.doc).timer, op, Date.now()), SERVER_ORIGIN);
      await control.whenDurable();
      return readFacilitation(control.doc);
    });
  }

  async startVoting(boardId: string, config: { columns: ColumnId[]; votesPerPerson: number; allowMultiple: boolean }): Promise<Facilitation> {
    return this.withControl(boardId, async (control) => {
      const current = readFacilitation(control.doc).voting;
      if (current) throw new FacilitationError(409, 'action', 'a voting round is already running; reveal or cancel it first');
      setVoting(control.doc, { id: randomId(10), ...config, state: 'open' }, SERVER_ORIGIN);
      await control.whenDurable();
      return readFacilitation(control.doc);
    });
  }

  async closeVoting(boardId: string): Promise<Facilitation> {
    return this.withControl(boardId, async (control) => {
      const voting = this.requireRound(control);
      setVoting(control.doc, { ...voting, state: 'closed' }, SERVER_ORIGIN);
      await control.whenDurable();
      return readFacilitation(control.doc);
    });
  }

  /** Closes the round and publishes the tally and ranking (saved with the board), on screen in this phase. */
  async revealVotes(boardId: string): Promise<Facilitation> {
    return this.withControl(boardId, async (control) => {
      const voting = this.requireRound(control);
      const phase = readFacilitation(control.doc).phase;
      const ballots = await this.rooms.with(roomAddress(boardId, 'private'), (priv) => readBallots(priv.doc, voting.id));
      const votable = await this.votableCards(boardId, voting.columns);
      const counts = new Map<string, number>();
      let voters = 0;
      for (const all of ballots.values()) {
        const cards = all.filter((c) => votable.has(c));
        if (cards.length > 0) voters++;
        for (const card of cards) counts.set(card, (counts.get(card) ?? 0) + 1);
      }
      const tally = [...counts].map(([card, votes]) => ({ card, votes })).sort((a, b) => b.votes - a.votes || (a.card < b.card ? -1 : 1));
      const result: VoteResult = { roundId: voting.id, columns: voting.columns, votesPerPerson: voting.votesPerPerson, voters, tally, revealedAt: Date.now(), phase };
      control.doc.transact(() => {
        appendVoteResult(control.doc, result, SERVER_ORIGIN);
        setVoting(control.doc, null, SERVER_ORIGIN);
        setShownResult(control.doc, { roundId: voting.id, phase }, SERVER_ORIGIN);
      }, SERVER_ORIGIN);
      await control.whenDurable();
      return readFacilitation(control.doc);
    });
  }

  /** Ends a round without publishing anything. */
  async cancelVoting(boardId: string): Promise<Facilitation> {
    return this.withControl(boardId, async (control) => {
      this.requireRound(control);
      setVoting(control.doc, null, SERVER_ORIGIN);
      await control.whenDurable();
      return readFacilitation(control.doc);
    });
  }

  async myVotes(boardId: string, person: PersonRecord): Promise<MyVotes> {
    assertTakesPart(person, 'vote');
    const voting = await this.withControl(boardId, (control) => readFacilitation(control.doc).voting);
    if (!voting) return { round: null, mine: [], remaining: 0 };
    const votable = await this.votableCards(boardId, voting.columns);
    const mine = await this.rooms.with(roomAddress(boardId, 'private'), (priv) => (readBallots(priv.doc, voting.id).get(person.id) ?? []).filter((c) => votable.has(c)));
    return { round: voting, mine, remaining: voting.votesPerPerson - mine.length };
  }

  /**
   * The cards a round's votes count on now: active cards of its columns. A
   * vote on a card deleted (or parked) during the round neither counts in the
   * tally nor uses up its voter's budget; it stays in the ballot, so it counts
   * again if the card is restored before the reveal.
   */
  private async votableCards(boardId: string, columns: readonly string[]): Promise<Set<string>> {
    return this.rooms.with(roomAddress(boardId, 'content'), (content) => {
      const out = new Set<string>();
      for (const c of readCards(content.doc)) if (c.status === 'active' && columns.includes(c.column)) out.add(c.id);
      return out;
    });
  }

  /** Adds or removes one of the person's votes, within the round's rules. */
  async vote(boardId: string, person: PersonRecord, card: string, op: 'add' | 'remove'): Promise<MyVotes> {
    assertTakesPart(person, 'vote');
    const voting = await this.withControl(boardId, (control) => readFacilitation(control.doc).voting);
    if (!voting) throw new FacilitationError(409, 'card', 'no voting round is open');
    if (voting.state !== 'open') throw new FacilitationError(409, 'card', 'voting is closed');
    const target = await this.rooms.with(roomAddress(boardId, 'content'), (content) => readCard(content.doc, card));
    if (!target || target.status !== 'active') throw new FacilitationError(400, 'card', 'no such card on the board');
    if (!voting.columns.includes(target.column)) throw new FacilitationError(400, 'card', `this round is on ${voting.columns.join(', ')} cards`);
    const votable = await this.votableCards(boardId, voting.columns);
    const result = await this.rooms.with(roomAddress(boardId, 'private'), async (priv) => {
      // Votes on cards deleted since are dropped from the ballot when it is next written: they no longer count.
      const mine = (readBallots(priv.doc, voting.id).get(person.id) ?? []).filter((c) => votable.has(c));
      if (op === 'add') {
        if (mine.length >= voting.votesPerPerson) throw new FacilitationError(409, 'card', `you have used all ${voting.votesPerPerson} votes`);
        if (!voting.allowMultiple && mine.includes(card)) throw new FacilitationError(409, 'card', 'one vote per card in this round');
        mine.push(card);
      } else {
        const i = mine.lastIndexOf(card);
        if (i < 0) throw new FacilitationError(409, 'card', 'you have no vote on this card');
        mine.splice(i, 1);
      }
      setBallot(priv.doc, voting.id, person.id, mine);
      await priv.whenDurable();
      return { mine: { round: voting, mine, remaining: voting.votesPerPerson - mine.length }, voted: participantVoters(priv, voting.id) };
    });
    await this.withControl(boardId, async (control) => {
      // "x of y have voted": a count of participants with a vote, never who or on what.
      const current = readFacilitation(control.doc).voting;
      if (current?.id !== voting.id || current.voted === result.voted) return;
      setVoting(control.doc, { ...current, voted: result.voted }, SERVER_ORIGIN);
      await control.whenDurable();
    });
    return result.mine;
  }

  /**
   * Drops a removed person's ballot from the round not yet revealed (open or
   * closed) and publishes the new count: it no longer counts in the tally.
   */
  async dropBallot(boardId: string, personId: string): Promise<void> {
    const voting = await this.withControl(boardId, (control) => readFacilitation(control.doc).voting);
    if (!voting) return;
    const voted = await this.rooms.with(roomAddress(boardId, 'private'), async (priv) => {
      if (!readBallots(priv.doc, voting.id).get(personId)?.length) return undefined;
      setBallot(priv.doc, voting.id, personId, []);
      await priv.whenDurable();
      return participantVoters(priv, voting.id);
    });
    if (voted === undefined) return;
    await this.withControl(boardId, async (control) => {
      const current = readFacilitation(control.doc).voting;
      if (current?.id !== voting.id || current.voted === voted) return;
      setVoting(control.doc, { ...current, voted }, SERVER_ORIGIN);
      await control.whenDurable();
    });
  }

  /**
   * Reveals private writing: every person's drafts appear on the board in one
   * change, then drafts are cleared. A draft is checked as its author's own
   * write would be: it only adds a card, into a column its author may write
   * (not locked, unless the author facilitates), within the text limit and the
   * board's size budget, signed with the author's name unless anonymous; a
   * draft that breaks a rule stays in its author's drafts (`held`). A draft
   * never writes over a card: it keeps its id when that id is unused on the
   * board — which lets its author go on typing in the same card once it is
   * shared (the client relies on this) — and otherwise gets a fresh id. A draft
   * already on the board as it is (a retried reveal) is not added again.
   */
  async revealDrafts(boardId: string): Promise<{ revealed: number; held?: { person: string; card: string; reason: HeldReason }[] }> {
    // Reviewers write no drafts (they cannot open a draft room).
    const people = await this.withControl(boardId, (control) => readPeople(control.doc).filter((p) => p.role !== 'reviewer'));
    const { anonymous, lockedColumns } = await this.read(boardId);
    const drafts: { person: Person; cards: Card[] }[] = [];
    for (const person of people) {
      const cards = await this.rooms.with(roomAddress(boardId, 'draft', person.id), (d) => readCards(d.doc));
      if (cards.length > 0) drafts.push({ person, cards });
    }
    const held: { person: string; card: string; reason: HeldReason }[] = [];
    const done = new Map<string, string[]>();
    let revealed = 0;
    await this.rooms.with(roomAddress(boardId, 'content'), async (content) => {
      const budget = this.rules?.of(content).size;
      const now = Date.now();
      let adding = 0; // bytes this reveal adds (the budget's estimate grows only once the change is made)
      // A portfolio holds only goals and segments: a draft of another column stays with its author, like one of a locked column.
      const onlyPortfolioColumns = isPortfolioDoc(content.doc);
      content.doc.transact(() => {
        for (const { person, cards } of drafts) {
          const locked = person.role === 'facilitator' ? [] : lockedColumns;
          const cleared: string[] = [];
          done.set(person.id, cleared);
          for (const card of cards) {
            const { id, column, text, author, createdAt } = card;
            const hold = (reason: HeldReason) => held.push({ person: person.id, card: id, reason });
            if (locked.includes(column) || (onlyPortfolioColumns && column !== 'goal' && column !== 'segment')) { hold('locked'); continue; }
            if (text.length > Limits.maxCardTextChars) { hold('too-long'); continue; }
            const existing = readCard(content.doc, id);
            if (existing && existing.column === column && existing.text === text && existing.createdAt === createdAt) {
              cleared.push(id); // revealed before (a retried reveal)
              continue;
            }
            const bytes = Buffer.byteLength(text) + 256;
            if (budget?.wouldExceed(adding + bytes)) { hold('board-full'); continue; }
            adding += bytes;
            // Only the server's portfolio mirror marks a card as from a portfolio: never a revealed draft.
            const { order: _order, status: _status, author: _author, portfolio: _portfolio, ...draft } = newCardOf(card);
            addCard(content.doc, {
              ...draft, id: cardEntry(content.doc, id) ? randomId() : id,
              // Written while private: no later than now (a draft's clock is its author's to set).
              createdAt: Math.min(Date.parse(createdAt), now),
              ...(author && !anonymous ? { author: person.name } : {}),
            }, SERVER_ORIGIN);
            cleared.push(id);
            revealed++;
          }
        }
      }, SERVER_ORIGIN);
      await content.whenDurable();
    });
    for (const { person } of drafts) {
      const cleared = done.get(person.id) ?? [];
      if (cleared.length === 0) continue;
      await this.rooms.with(roomAddress(boardId, 'draft', person.id), async (d) => {
        d.doc.transact(() => cleared.forEach((id) => deleteCard(d.doc, id, SERVER_ORIGIN)), SERVER_ORIGIN);
        await d.whenDurable();
      });
    }
    await this.withControl(boardId, async (control) => {
      setPrivateWriting(control.doc, false, SERVER_ORIGIN);
      await control.whenDurable();
    });
    return held.length > 0 ? { revealed, held } : { revealed };
  }

  private requireRound(control: DocRoom): VotingRound {
    const voting = readFacilitation(control.doc).voting;
    if (!voting) throw new FacilitationError(409, 'action', 'no voting round is running');
    return voting;
  }

  private withControl<T>(boardId: string, fn: (control: DocRoom) => Promise<T> | T): Promise<T> {
    return this.rooms.with(roomAddress(boardId, 'control'), fn);
  }
}

/** How many participants have a vote in a round ("x of y have voted": a count, never who). */
function participantVoters(priv: DocRoom, roundId: string): number {
  let n = 0;
  for (const [person, cards] of readBallots(priv.doc, roundId)) if (cards.length > 0 && readPersonRecord(priv.doc, person)?.role !== 'facilitator') n++;
  return n;
}
