/**
 * Secret dot voting, enforced here, not in the UI: ballots live only in the
 * board's private document; budgets and columns are checked here; only the
 * count of voters ("x have voted") and, once revealed, the tally reach the
 * control document. A removed person's ballot is dropped (removal.ts).
 * Every write goes through the rooms (persisted before broadcast).
 */
import {
  appendVoteResult, readCard, readCards, readFacilitation, SERVER_ORIGIN, setVoting, type Facilitation, type VoteResult, type VotingRound,
} from '../../shared/doc/index.ts';
import { readBallots, readPersonRecord, setBallot } from '../../shared/doc/private.ts';
import { readGroups } from '../../shared/doc/ext-groups.ts';
import { ballotTargets, countedVotes } from '../../shared/voteTargets.ts';
import { setShownResult } from '../../shared/doc/roomState.ts';
import { randomId } from '../../shared/ids.ts';
import type { ColumnId } from '../../shared/model.ts';
import { roomAddress } from '../../shared/protocol.ts';
import type { DocRoom } from '../sync/docRoom.ts';
import type { RoomRegistry } from '../sync/rooms.ts';
import { assertTakesPart, FacilitationError, type PersonRecord } from './service.ts';

export interface MyVotes {
  round: VotingRound | null;
  mine: string[];
  remaining: number;
}

export class VotingService {
  constructor(private readonly rooms: RoomRegistry) {}

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
        const cards = countedVotes(all, votable, voting.allowMultiple);
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
    const mine = await this.rooms.with(roomAddress(boardId, 'private'), (priv) => countedVotes(readBallots(priv.doc, voting.id).get(person.id) ?? [], votable, voting.allowMultiple));
    return { round: voting, mine, remaining: voting.votesPerPerson - mine.length };
  }

  /**
   * The cards a round's votes count on now (active cards of its columns), each
   * with the card its votes count for: its group's head (a group is one ballot
   * line, shared/voteTargets.ts), or itself. A vote on a card deleted (or
   * parked) during the round neither counts in the tally nor uses up its
   * voter's budget; it stays in the ballot, so it counts again if the card is
   * restored before the reveal.
   */
  private async votableCards(boardId: string, columns: readonly string[]): Promise<Map<string, string>> {
    return this.rooms.with(roomAddress(boardId, 'content'), (content) => {
      const cards = readCards(content.doc);
      // The groups as if no card were set aside: a parked card stays in its group for the votes stored on it.
      const membership = readGroups(content.doc, cards.map((c) => ({ ...c, status: 'active' as const })));
      return ballotTargets(cards, membership, columns);
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
    // A vote on a card of a group is a vote on the group (its head).
    const on = votable.get(card) ?? card;
    const result = await this.rooms.with(roomAddress(boardId, 'private'), async (priv) => {
      // Votes on cards deleted since are dropped from the ballot when it is next written: they no longer count.
      const mine = countedVotes(readBallots(priv.doc, voting.id).get(person.id) ?? [], votable, voting.allowMultiple);
      if (op === 'add') {
        if (mine.length >= voting.votesPerPerson) throw new FacilitationError(409, 'card', `you have used all ${voting.votesPerPerson} votes`);
        if (!voting.allowMultiple && mine.includes(on)) throw new FacilitationError(409, 'card', on === card ? 'one vote per card in this round' : 'one vote per group in this round');
        mine.push(on);
      } else {
        const i = mine.lastIndexOf(on);
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
   * Drops removed people's ballots from the round not yet revealed (open or
   * closed) and publishes the new count: they no longer count in the tally.
   */
  async dropBallots(boardId: string, personIds: readonly string[]): Promise<void> {
    const voting = await this.withControl(boardId, (control) => readFacilitation(control.doc).voting);
    if (!voting) return;
    const voted = await this.rooms.with(roomAddress(boardId, 'private'), async (priv) => {
      const ballots = readBallots(priv.doc, voting.id);
      const dropping = personIds.filter((id) => ballots.get(id)?.length);
      if (dropping.length === 0) return undefined;
      priv.doc.transact(() => dropping.forEach((id) => setBallot(priv.doc, voting.id, id, [])), SERVER_ORIGIN);
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
