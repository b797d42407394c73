/**
 * The open connections of a board by the invite link that let them in, across
 * a reset of that link (../linkReset.ts): closing them, and refusing one that
 * the old link let in while the reset ran. And by the person whose token signs
 * them, when the facilitator removes that person (../facilitation/removal.ts).
 */
import { CloseCode, PERSON_REMOVED, RESETTABLE_LINKS, type ResettableLink, type Role } from '../../shared/protocol.ts';
import type { RoomRegistry } from './rooms.ts';
import type { SyncConnection } from './connection.ts';

/**
 * The link a connection came in by: its role, and for a viewer whether it
 * held the projector secret. A draft room opens with a participant's personal
 * token, which the participant link gave (a reset revokes it). None for the facilitator.
 */
export function linkOf(role: Role, projector: boolean): ResettableLink | undefined {
  if (role === 'facilitator') return undefined;
  return role === 'viewer' && projector ? 'projector' : role;
}

/**
 * Which connections still stand for each link's current secret: a counter per
 * board and link, moved on by each reset. An upgrade reads the counters before
 * it checks the secret, and is refused as it opens if its link was reset meanwhile.
 */
export class InviteLinks {
  private readonly epochs = new Map<string, number>();
  private readonly links = new WeakMap<SyncConnection, ResettableLink>();
  private readonly people = new WeakMap<SyncConnection, string>();

  epoch(boardId: string, link: ResettableLink): number {
    return this.epochs.get(`${boardId}/${link}`) ?? 0;
  }

  /** Every link's counter of a board, as an upgrade reads them before checking the secret. */
  epochsOf(boardId: string): Record<ResettableLink, number> {
    return Object.fromEntries(RESETTABLE_LINKS.map((l) => [l, this.epoch(boardId, l)])) as Record<ResettableLink, number>;
  }

  /**
   * Remembers the link an open connection came in by (the projector's and the
   * viewer's share a role), and the person whose token signs it, if any.
   */
  admitted(connection: SyncConnection, link: ResettableLink | undefined, personId?: string): void {
    if (link) this.links.set(connection, link);
    if (personId) this.people.set(connection, personId);
  }

  /** Closes the board's open connections a person's token signs (the facilitator removed them); returns how many. */
  closePerson(boardId: string, personId: string, rooms: Pick<RoomRegistry, 'allConnections'>): number {
    let closed = 0;
    for (const c of rooms.allConnections()) {
      if (this.people.get(c) !== personId || c.room.room.boardId !== boardId) continue;
      c.close(CloseCode.unauthorized, PERSON_REMOVED);
      closed++;
    }
    return closed;
  }

  /** Moves the link's counter on and closes the board's open connections it let in; returns how many. */
  reset(boardId: string, link: ResettableLink, rooms: Pick<RoomRegistry, 'allConnections'>): number {
    this.epochs.set(`${boardId}/${link}`, this.epoch(boardId, link) + 1);
    let closed = 0;
    for (const c of rooms.allConnections()) {
      if (this.links.get(c) !== link || c.room.room.boardId !== boardId) continue;
      c.close(CloseCode.unauthorized, `the ${link} link was reset`);
      closed++;
    }
    return closed;
  }
}
