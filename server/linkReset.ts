/**
 * Resetting a board's participant link: the facilitator's recourse when the
 * link reached someone it should not have (a hostile participant, a link
 * pasted in the wrong chat). A participant link is a capability, so the only
 * way to take it back is a new secret; everyone in the room then needs the new
 * link or join code, which the share panel and the wall show at once.
 *
 * In order (each step durable before the next):
 * 1. the invites are sealed again with the new secret, so the facilitator
 *    sees the new link on any device;
 * 2. the participants' personal tokens are revoked (their records get a hash
 *    nobody holds): votes, consent answers and draft rooms refuse them, and on
 *    the content socket they no longer sign. A person joins again with the new link;
 * 3. the board record's participant hash is replaced: from here the old
 *    secret opens nothing (HTTP 401, 401 at the sync upgrade);
 * 4. every open participant connection of the board is closed with 4401, and
 *    one the old secret let in while this ran is closed as it opens
 *    (sync/participantLinks.ts);
 * 5. a join code the board had gives way to a new one for the new secret (the
 *    wall's too, and the control document's reset count tells the wall to
 *    fetch it); the old code no longer opens the board.
 *
 * A crash between 1 and 3 leaves invites naming a secret that does not work
 * yet: the facilitator resets again. Nothing is half-open for the old link
 * once step 3 has run. In a cluster every socket and request of a board is
 * served by its owner (cluster/forwarder.ts), where this runs.
 */
import { SERVER_ORIGIN } from '../shared/doc/origin.ts';
import { putPersonRecord, readPersonRecords } from '../shared/doc/private.ts';
import { countParticipantLinkReset } from '../shared/doc/roomState.ts';
import { roomAddress } from '../shared/protocol.ts';
import type { InviteSecrets, Invites } from './invites.ts';
import { hashSecret, newSecret } from './secrets.ts';
import type { BoardRecords } from './storage/types.ts';
import type { ParticipantLinks } from './sync/participantLinks.ts';
import type { RoomRegistry } from './sync/rooms.ts';

export class LinkReset {
  /** One reset at a time per board. */
  private readonly running = new Map<string, Promise<InviteSecrets | undefined>>();

  constructor(
    private readonly storage: Pick<BoardRecords, 'updateSecretHash'>,
    private readonly invites: Invites,
    private readonly rooms: RoomRegistry,
    private readonly links: ParticipantLinks,
  ) {}

  /**
   * Gives the board a new participant secret (see the file comment); answers
   * the invites with it, or undefined if the board has no invites the
   * facilitator's secret opens.
   */
  resetParticipant(boardId: string, facilitatorSecret: string): Promise<InviteSecrets | undefined> {
    const before = this.running.get(boardId) ?? Promise.resolve(undefined);
    const next = before
      .catch(() => undefined)
      .then(() => this.reset(boardId, facilitatorSecret))
      .finally(() => {
        if (this.running.get(boardId) === next) this.running.delete(boardId);
      });
    this.running.set(boardId, next);
    return next;
  }

  private async reset(boardId: string, facilitatorSecret: string): Promise<InviteSecrets | undefined> {
    const participant = newSecret();
    const secrets = await this.invites.replaceParticipant(boardId, facilitatorSecret, participant);
    if (!secrets) return undefined;
    await this.rooms.with(roomAddress(boardId, 'private'), async (priv) => {
      for (const person of readPersonRecords(priv.doc)) {
        if (person.role === 'participant') putPersonRecord(priv.doc, { ...person, tokenHash: hashSecret(newSecret()) });
      }
      await priv.whenDurable();
    });
    await this.storage.updateSecretHash(boardId, 'participant', hashSecret(participant));
    this.links.reset(boardId, this.rooms);
    if (await this.invites.hasJoinCode(boardId)) {
      await this.invites.currentCode(boardId, participant, facilitatorSecret, { renew: true, projectorSecret: secrets.projector });
    }
    // The wall fetches its join code again when this count moves (client/projector/useRoomJoin.ts).
    await this.rooms.with(roomAddress(boardId, 'control'), async (control) => {
      countParticipantLinkReset(control.doc, SERVER_ORIGIN);
      await control.whenDurable();
    });
    return secrets;
  }
}
