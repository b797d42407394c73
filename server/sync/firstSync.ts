/**
 * A connection's messages while its room loads, and its first sync answered
 * early: a new client (an empty state vector) gets the stored bytes as its
 * sync step 2 as soon as they are read, before the room applies them (a
 * 10,000-card board: a few ms instead of the ~250 ms apply; docs/BENCHMARKS.md, S4).
 *
 * Nothing else is handled before the room has loaded: every other message
 * (updates, awareness, a returning client's step 1) waits, in order, for
 * SyncConnection.start, so the rules check every write against the loaded,
 * migrated board, as for any connection.
 *
 * The room applies its document when someone needs it applied (`rooms.get`);
 * a connection asks once its client's first sync was answered and handed to
 * the socket (the apply then holds the event loop without holding the answer
 * back), once its first message turns out to need the document, or after
 * EARLY_WAIT_MS (a client that says nothing).
 */
import type { WebSocket } from 'ws';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { CloseCode, Limits, MessageKind } from '../../shared/protocol.ts';
import type { DocRoom } from './docRoom.ts';

/** How long a connection to a room still applying its document waits for its client's first message. */
export const EARLY_WAIT_MS = 1_000;

/**
 * The answer to a client's first message while its room has not applied the
 * stored document yet, if it can have one: a sync step 1 with an empty state
 * vector gets the stored bytes (`DocRoom.firstSyncBeforeLoad`). Anything else,
 * or a message that does not parse, is left for the connection once the room
 * has loaded (undefined). Reads only: nothing is applied or relayed.
 */
export function earlySyncReply(room: DocRoom, data: Buffer, isBinary: boolean): Uint8Array[] | undefined {
  if (!isBinary || room.isLoaded || data.length > Limits.maxMessageBytes) return undefined;
  try {
    const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (decoding.readVarUint(decoder) !== MessageKind.sync) return undefined;
    if (decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep1) return undefined;
    const stateVector = decoding.readVarUint8Array(decoder);
    return room.firstSyncBeforeLoad(stateVector);
  } catch {
    return undefined;
  }
}

/** The messages a socket sends before its connection starts (held, in order), and its first sync answered early. */
export class PendingMessages {
  /** Held messages, oldest first: SyncConnection.start handles them. */
  readonly messages: Buffer[] = [];
  /** Whether the client's first message, its sync step 1, was answered from the stored bytes. */
  answeredEarly = false;
  private bytes = 0;
  private received = 0;
  private firstIsBinary = false;
  private room: DocRoom | undefined;
  private settle!: () => void;
  private readonly settled = new Promise<void>((resolve) => (this.settle = resolve));

  constructor(private readonly ws: WebSocket) {
    ws.on('message', this.receive);
    ws.once('close', () => this.settle());
  }

  private receive = (data: Buffer, isBinary: boolean): void => {
    if (++this.received === 1) {
      this.firstIsBinary = isBinary;
      if (this.answer(data, isBinary)) return;
    }
    this.bytes += data.length;
    this.messages.push(data);
    if (this.messages.length > 1000 || this.bytes > 4 * Limits.maxMessageBytes) this.ws.close(CloseCode.rateLimited, 'too many messages before sync');
  };

  /** Answers the client's first message from the stored bytes if it can; settles once that answer is written out or cannot be. */
  private answer(data: Buffer, isBinary: boolean): boolean {
    if (!this.room) return false; // not read yet: `opened` looks again
    const reply = this.ws.readyState === this.ws.OPEN ? earlySyncReply(this.room, data, isBinary) : undefined;
    if (!reply) {
      this.settle();
      return false;
    }
    this.answeredEarly = true;
    reply.forEach((message, i) => this.ws.send(message, { binary: true }, i === reply.length - 1 ? () => this.settle() : undefined));
    return true;
  }

  /**
   * With the room's stored state read (`rooms.opened`): answers the client's
   * first message early if it can; resolves when the room may be applied for
   * this connection (see the module comment).
   */
  async opened(room: DocRoom): Promise<void> {
    this.room = room;
    if (!room.answersBeforeLoad) return;
    if (this.received > 0 && this.answer(this.messages[0]!, this.firstIsBinary)) this.bytes -= this.messages.shift()!.length;
    const timer = setTimeout(this.settle, EARLY_WAIT_MS);
    room.ready.then(this.settle, this.settle); // applied meanwhile for someone else
    await this.settled;
    clearTimeout(timer);
  }

  /** Stops holding messages (the connection takes them from here). */
  detach(): void {
    this.ws.off('message', this.receive);
  }
}
