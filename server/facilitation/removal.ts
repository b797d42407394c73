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
 * What they wrote on the board (cards, links, comments) stays, signed as it was.
 * The facilitator cannot be removed (a facilitator's person is theirs).
 *
 * After a link reset, everyone it revoked who has not joined again can be
 * removed in one step (`DELETE /api/boards/<id>/people?revoked=true`): when a
 * script joined over and over up to `Limits.maxPeople`, the reset shuts it out
 * and this clears what it left. A removed record is no longer a revoked one,
 * so its token cannot take the person back (service.ts `rejoin`).
 */
import { readPeople, removePerson, SERVER_ORIGIN, type Person } from '../../shared/doc/index.ts';
import { putPersonRecord, readPersonRecord, readPersonRecords, type PersonRecord } from '../../shared/doc/private.ts';
import { roomAddress } from '../../shared/protocol.ts';
import { isEntityId } from '../../shared/validate.ts';
import { hashSecret, newSecret } from '../secrets.ts';
import type { DocRoom } from '../sync/docRoom.ts';
import type { InviteLinks } from '../sync/inviteLinks.ts';
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
  ) {}

  /** Removes a person (see the file comment); answers who was removed. */
  async remove(boardId: string, personId: string): Promise<Person> {
    if (!isEntityId(personId)) throw new FacilitationError(404, 'person', 'no such person on this board');
    const [person] = await this.removeWhere(boardId, (priv) => {
      const record = readPersonRecord(priv, personId);
      if (!record) throw new FacilitationError(404, 'person', 'no such person on this board');
      if (record.role === 'facilitator') throw new FacilitationError(400, 'person', 'a facilitator cannot be removed');
      return [record];
    });
    return person!;
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
