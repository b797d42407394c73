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
 */
import { readPeople, removePerson, SERVER_ORIGIN, type Person } from '../../shared/doc/index.ts';
import { putPersonRecord, readPersonRecord } from '../../shared/doc/private.ts';
import { roomAddress } from '../../shared/protocol.ts';
import { isEntityId } from '../../shared/validate.ts';
import { hashSecret, newSecret } from '../secrets.ts';
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
    const person = await this.rooms.with(roomAddress(boardId, 'private'), async (priv) => {
      const record = readPersonRecord(priv.doc, personId);
      if (!record) throw new FacilitationError(404, 'person', 'no such person on this board');
      if (record.role === 'facilitator') throw new FacilitationError(400, 'person', 'a facilitator cannot be removed');
      putPersonRecord(priv.doc, { ...record, tokenHash: hashSecret(newSecret()) });
      await priv.whenDurable();
      return record;
    });
    await this.voting.dropBallot(boardId, personId);
    await this.consent.dropAnswers(boardId, personId);
    await this.rooms.with(roomAddress(boardId, 'control'), async (control) => {
      if (!readPeople(control.doc).some((p) => p.id === personId)) return;
      removePerson(control.doc, personId, SERVER_ORIGIN);
      await control.whenDurable();
    });
    this.links.closePerson(boardId, personId, this.rooms);
    return { id: person.id, name: person.name, role: person.role, joinedAt: person.joinedAt };
  }
}
