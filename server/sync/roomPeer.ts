/**
 * What a room (docRoom.ts) needs from a connection (connection.ts), and the
 * broadcast it hands every connection: its own module so the room's parts
 * (roomAwareness.ts, presenceGuard.ts) name a peer without the room.
 */
import type { Role } from '../../shared/protocol.ts';

/** Messages for every peer of a room, framed once (see wsFrames.ts). */
export interface Broadcast {
  messages: Uint8Array[];
  /** `messages` as consecutive websocket frames. */
  frames: Buffer;
}

/** What a room needs from a connection. */
export interface RoomPeer {
  /** The connection's role (a facilitator's cursor is always relayed in a crowd, crowdPresence.ts). */
  readonly role?: Role;
  send(message: Uint8Array): void;
  sendBroadcast(broadcast: Broadcast): void;
  /**
   * Proves the connection alive (a pong within `timeoutMs`: true) or ends it
   * as stale (false); asked when another connection claims its presence.
   */
  probe?(timeoutMs: number): Promise<boolean>;
}
