/**
 * The open participant connections of a board across a reset of its
 * participant link (../linkReset.ts): closing them, and refusing one that the
 * old link let in while the reset ran.
 */
import { CloseCode } from '../../shared/protocol.ts';
import type { RoomRegistry } from './rooms.ts';

/**
 * Which participant connections still stand for the current link: a counter
 * per board, moved on by each reset. An upgrade reads it before it checks the
 * secret, and is refused as it opens if a reset ran meanwhile.
 */
export class ParticipantLinks {
  private readonly epochs = new Map<string, number>();

  epoch(boardId: string): number {
    return this.epochs.get(boardId) ?? 0;
  }

  /** Moves the board's epoch on and closes its open participant connections; returns how many. */
  reset(boardId: string, rooms: Pick<RoomRegistry, 'allConnections'>): number {
    this.epochs.set(boardId, this.epoch(boardId) + 1);
    let closed = 0;
    for (const c of rooms.allConnections()) {
      if (c.role !== 'participant' || c.room.room.boardId !== boardId) continue;
      c.close(CloseCode.unauthorized, 'the participant link was reset');
      closed++;
    }
    return closed;
  }
}
