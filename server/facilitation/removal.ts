/**
 * The facilitator removes a person from the board (`DELETE
 * /api/boards/<id>/people/<personId>`): a duplicate left by a second device,
 * someone who joined under several names to vote more than once, someone who
 * should not be there. There are no accounts: whoever holds the participant
 * link can join again as a new person, so keeping someone out takes a reset of
 * the link (../linkReset.ts); removal undoes what the person counts for.
 *
 * In order (each step durable before the next):
 * 1. their personal token is revoked (their record gets a hash nobody holds):
 *    votes, consent answers and their draft room refuse it, and on the content
 *    socket it signs nothing;
 * 2. their ballot in the voting round not yet revealed is dropped, and the
 *    "x have voted" count follows; their own answers in an open consent round
 *    likewise (a round's published tally, and the decision log, stand);
 * 3. they leave the people list (no longer listed, counted or revealed from
 *    their drafts);
 * 4. every socket their token signs is closed with 4401 and PERSON_REMOVED, so
 *    their page says so instead of joining again by itself.
 * What they wrote on the board (cards, links, comments) stays, signed as it was,
 * unless the facilitator asks for their cards to go too (`?cards=true`: someone
 * who filled the board with junk): then, once their sockets are closed, every
 * card signed with their person id goes with its links, in one change, except
 * a card that carries a commitment or lies on the trace of a consented one
 * (agreed work stays; the answer counts what was kept). A snapshot is kept
 * first when that is more than a few cards (history's `beforeRemoval`), so it
 * can be undone from the history. Cards are signed with the person id since
 * this was added; older ones, and those written without a person or in
 * anonymous mode, carry none and stay.
 * The facilitator cannot be removed (a facilitator's person is theirs).
 *
 * After a link reset, everyone it revoked who has not joined again can be
 * removed in one step (`DELETE /api/boards/<id>/people?revoked=true`): when a
 * script joined over and over up to `Limits.maxPeople`, the reset shuts it out
 * and this clears what it left. A removed record is no longer a revoked one,
 * so its token cannot take the person back (service.ts `rejoin`).
 */
import { deleteCard, readPeople, removePerson, SERVER_ORIGIN, type Person } from '../../shared/doc/index.ts';
import { cardsAddedBy } from '../../shared/doc/rules.ts';
import { putPersonRecord, readPersonRecord, readPersonRecords, type PersonRecord } from '../../shared/doc/private.ts';
import { roomAddress } from '../../shared/protocol.ts';
import { isEntityId } from '../../shared/validate.ts';
import { hashSecret, newSecret } from '../secrets.ts';
import type { DocRoom } from '../sync/docRoom.ts';
import type { InviteLinks } from '../sync/inviteLinks.ts';
import { computeProtection } from '../sync/protectionCache.ts';
import type { RoomRegistry } from '../sync/rooms.ts';
import type { ConsentService } from './consent.ts';
import { FacilitationError } from './service.ts';
import type { VotingService } from './voting.ts';

export class PersonRemoval {
  constructor(
    private readonly rooms: RoomRegistry,
    private readonly voting: VotingService,
    private readonly consent: ConsentService,
    private readonly links: InviteLinks,
    /** Keeps a snapshot before a removal of more than a few cards (HistoryService.beforeRemoval). */
    private readonly beforeRemoval?: (room: DocRoom, cards: number) => void,
  ) {}

  /** Removes a person, and with `cards` the cards they added (see the file comment); answers who was removed and what became of their cards. */
  async remove(boardId: string, personId: string, options: { cards?: boolean } = {}): Promise<{ person: Person; cards?: { removed: number; kept: number } }> {
    if (!isEntityId(personId)) throw new FacilitationError(404, 'person', 'no such person on this board');
    const [person] = await this.removeWhere(boardId, (priv) => {
      const record = readPersonRecord(priv, personId);
      if (!record) throw new FacilitationError(404, 'person', 'no such person on this board');
      if (record.role === 'facilitator') throw new FacilitationError(400, 'person', 'a facilitator cannot be removed');
      return [record];
    });
    return { person: person!, ...(options.cards ? { cards: await this.removeCardsOf(boardId, personId) } : {}) };
  }

  /** Deletes the cards signed with this person id, but for agreed work and cards carrying a commitment. */
  private removeCardsOf(boardId: string, personId: string): Promise<{ removed: number; kept: number }> {
    return this.rooms.with(roomAddress(boardId, 'content'), async (content) => {
      const theirs = cardsAddedBy(content.doc, personId);
      if (theirs.length === 0) return { removed: 0, kept: 0 };
      const protection = computeProtection(content.doc);
      const removing = theirs.filter((id) => !protection.cards.has(id));
      if (removing.length > 0) {
        this.beforeRemoval?.(content, removing.length);
        content.doc.transact(() => removing.forEach((id) => deleteCard(content.doc, id, SERVER_ORIGIN)), SERVER_ORIGIN);
        await content.whenDurable();
      }
      return { removed: removing.length, kept: theirs.length - removing.length };
    });
  }

  /**
   * Removes everyone whose token a reset of their link revoked and who has not
   * joined again since (after a reset that shut out someone joining over and
   * over, their joins go in one step); answers who was removed.
   */
  removeRevoked(boardId: string): Promise<Person[]> {
    return this.removeWhere(boardId, (priv) => readPersonRecords(priv).filter((record) => record.revoked && record.role !== 'facilitator'));
  }

  /** Removes the people `pick` chooses from the board's private document, in the steps of the file comment, each step once for all of them. */
  private async removeWhere(boardId: string, pick: (priv: DocRoom['doc']) => PersonRecord[]): Promise<Person[]> {
    const removed = await this.rooms.with(roomAddress(boardId, 'private'), async (priv) => {
      const records = pick(priv.doc);
      if (records.length === 0) return [];
      priv.doc.transact(() => {
        for (const record of records) putPersonRecord(priv.doc, { ...withoutRevoked(record), tokenHash: hashSecret(newSecret()) });
      }, SERVER_ORIGIN);
      await priv.whenDurable();
      return records;
    });
    if (removed.length === 0) return [];
    const ids = removed.map((p) => p.id);
    await this.voting.dropBallots(boardId, ids);
    await this.consent.dropAnswers(boardId, ids);
    await this.rooms.with(roomAddress(boardId, 'control'), async (control) => {
      const listed = new Set(readPeople(control.doc).map((p) => p.id));
      if (!ids.some((id) => listed.has(id))) return;
      control.doc.transact(() => ids.forEach((id) => removePerson(control.doc, id, SERVER_ORIGIN)), SERVER_ORIGIN);
      await control.whenDurable();
    });
    for (const id of ids) this.links.closePerson(boardId, id, this.rooms);
    return removed.map(({ id, name, role, joinedAt }) => ({ id, name, role, joinedAt }));
  }
}

/** A removed person's record is no longer one a reset revoked: their token can never be taken back. */
function withoutRevoked({ revoked: _revoked, ...record }: PersonRecord): PersonRecord {
  return record;
}
