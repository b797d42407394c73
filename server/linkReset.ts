/**
 * Resetting one of a board's invite links: the facilitator's recourse when a
 * link reached someone it should not have (a hostile participant, a link
 * pasted in the wrong chat, a viewer link forwarded beyond the stakeholders).
 * A link is a capability, so the only way to take it back is a new secret;
 * whoever should still have it needs the new link (the participants also the
 * new join code, which the share panel and the wall show at once).
 *
 * In order (each step durable before the next):
 * 1. the invites are sealed again with the new secret, so the facilitator
 *    sees the new link on any device; in the same transaction of the board's
 *    private document, the personal tokens people got with the link are
 *    revoked (participants' for the participant link, reviewers' for the
 *    reviewer link: their records are marked revoked; votes, consent answers
 *    and draft rooms refuse them, and on the content socket they no longer
 *    sign). A person joins again with the new link, and a browser that still
 *    holds its revoked token gets the same person back (`rejoin`,
 *    facilitation/service.ts: their ballot, drafts and comments), which the
 *    old link alone cannot do; and the hash of a
 *    reviewer's or projector's secret is replaced (they are kept there);
 * 2. for the participant and viewer links, the board record's hash is
 *    replaced. From here the old secret opens nothing (HTTP 401, 401 at the
 *    sync upgrade);
 * 3. every open connection of the board the link let in is closed with 4401,
 *    and one the old link let in while this ran is closed as it opens
 *    (sync/inviteLinks.ts);
 * 4. the codes that stood for the old secret give way: a join code for the
 *    new participant secret (the wall's too), a projector code for the new
 *    projector secret, and the join code sealed again for the new projector;
 * 5. the control document's reset count moves on: the facilitator's other
 *    devices fetch the invites again, and the wall its join code; in the same
 *    change, the people whose tokens were revoked are marked so in its list
 *    (not in the workshop until they join again: the console offers to remove
 *    whoever has not, and they stop counting against `Limits.maxPeople`).
 *
 * A crash between 1 and 2 (participant, viewer) leaves invites naming a
 * secret that does not work yet: the facilitator resets again. Nothing is
 * half-open for the old link once step 2 has run. In a cluster every socket
 * and request of a board is served by its owner (cluster/forwarder.ts), where
 * this runs.
 */
import { putPerson, readPeople } from '../shared/doc/control.ts';
import { SERVER_ORIGIN } from '../shared/doc/origin.ts';
import { putPersonRecord, readPersonRecords } from '../shared/doc/private.ts';
import { countLinkReset } from '../shared/doc/roomState.ts';
import { roomAddress, type ResettableLink } from '../shared/protocol.ts';
import type { InviteSecrets, Invites } from './invites.ts';
import { hashSecret, newSecret } from './secrets.ts';
import type { BoardRecords } from './storage/types.ts';
import type { InviteLinks } from './sync/inviteLinks.ts';
import type { RoomRegistry } from './sync/rooms.ts';

export class LinkReset {
  /** One reset at a time per board. */
  private readonly running = new Map<string, Promise<InviteSecrets | undefined>>();

  constructor(
    private readonly storage: Pick<BoardRecords, 'updateSecretHash'>,
    private readonly invites: Invites,
    private readonly rooms: RoomRegistry,
    private readonly links: InviteLinks,
  ) {}

  /**
   * Gives the board a new secret for one link (see the file comment); answers
   * the invites with it, or undefined if the board has no invites the
   * facilitator's secret opens.
   */
  reset(boardId: string, facilitatorSecret: string, link: ResettableLink): Promise<InviteSecrets | undefined> {
    const before = this.running.get(boardId) ?? Promise.resolve(undefined);
    const next = before
      .catch(() => undefined)
      .then(() => this.run(boardId, facilitatorSecret, link))
      .finally(() => {
        if (this.running.get(boardId) === next) this.running.delete(boardId);
      });
    this.running.set(boardId, next);
    return next;
  }

  private async run(boardId: string, facilitatorSecret: string, link: ResettableLink): Promise<InviteSecrets | undefined> {
    const secret = newSecret();
    const personRole = link === 'participant' || link === 'reviewer' ? link : undefined;
    const secrets = await this.invites.replace(boardId, facilitatorSecret, link, secret, (priv) => {
      if (!personRole) return;
      for (const person of readPersonRecords(priv)) {
        if (person.role === personRole) putPersonRecord(priv, { ...person, revoked: true });
      }
    });
    if (!secrets) return undefined;
    if (link === 'participant' || link === 'viewer') await this.storage.updateSecretHash(boardId, link, hashSecret(secret));
    this.links.reset(boardId, link, this.rooms);
    if (link === 'participant' && (await this.invites.hasCode(boardId))) {
      await this.invites.currentCode(boardId, secret, facilitatorSecret, { renew: true, projectorSecret: secrets.projector });
    }
    if (link === 'projector') {
      // The wall's join code, sealed for the new projector secret (the same code); a projector code for it.
      if (await this.invites.hasCode(boardId)) await this.invites.currentCode(boardId, secrets.participant, facilitatorSecret, { projectorSecret: secret });
      if (await this.invites.hasCode(boardId, 'present')) await this.invites.currentCode(boardId, secret, facilitatorSecret, { renew: true, kind: 'present' });
    }
    // The facilitator's other devices fetch the invites again when this count moves, and the wall its join code
    // (client/share/SharePanel.tsx, client/projector/useRoomJoin.ts).
    await this.rooms.with(roomAddress(boardId, 'control'), async (control) => {
      control.doc.transact(() => {
        countLinkReset(control.doc, SERVER_ORIGIN);
        for (const person of readPeople(control.doc)) {
          if (person.role === personRole && !person.revoked) putPerson(control.doc, { ...person, revoked: true }, SERVER_ORIGIN);
        }
      }, SERVER_ORIGIN);
      await control.whenDurable();
    });
    return secrets;
  }
}
