/**
 * One websocket client syncing one document: speaks the y-websocket protocol
 * (sync step 1/2, update, awareness, query-awareness), enforces the role's write
 * rights, and the limits of shared/protocol.ts. Bad input closes only this
 * socket, with a close code that says why.
 */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type { PeerOrigin } from '../../shared/doc/origin.ts';
import { CloseCode, Limits, MessageKind, mayWrite, type Role } from '../../shared/protocol.ts';
import { TokenBucket } from '../rateLimit.ts';
import type { DocRoom } from './docRoom.ts';
import type { Broadcast, RoomPeer } from './roomPeer.ts';
import { checkDependencies, type DecodedUpdate } from './structs/dependencies.ts';
import { PresenceGuard } from './presenceGuard.ts';
import type { WriteBudget } from './writeBudgets.ts';

interface ConnectionHooks {
  onClose(connection: SyncConnection): void;
  /**
   * Applies a write under the rules instead of applying it as is; returns why
   * part of it was refused, if it was, and whether to close the socket (ruleEngine.ts).
   * `decoded`: the update as decoded for the dependency check (not decoded again).
   */
  applyWithRules?(update: Uint8Array, origin: PeerOrigin, decoded: DecodedUpdate): { message: string; closeCode?: number } | undefined;
  /**
   * Why this role may not make this write at all (a reviewer's update outside
   * the review parts, reviewScope.ts), or undefined; a refusal closes with 4403.
   */
  admitWrite?(decoded: DecodedUpdate): string | undefined;
  /** What the server time its writes take is charged to, shared with its person's and its address's other sockets (writeBudgets.ts). */
  writeBudget: WriteBudget;
  /** Counts dropped writes (viewer updates, participant writes to the control doc). */
  onDroppedWrite?(role: Role): void;
  /** The awareness state (JSON text) this connection may publish in place of the one it sent, or null to drop it; every state as sent when absent (presenceGuard.ts). */
  admitPresence?(json: string): string | null;
}

class ProtocolError extends Error {}

/** A Yjs update with no structs and no deletions (what a client with an empty document sends as its step 2). */
const isEmptyUpdate = (update: Uint8Array) => update.length === 2 && update[0] === 0 && update[1] === 0;

export class SyncConnection implements RoomPeer, PeerOrigin {
  /** The origin of this connection's updates in the document (shared/doc/origin.ts). */
  readonly kind = 'peer' as const;
  private alive = true;
  private closed = false;
  private readonly bucket = new TokenBucket(Limits.messagesPerSecond, Limits.messageBurst);
  /** Questions answered with the whole board or everyone's presence (a sync step 1, an awareness query): a real client asks once; past a few, 4429. */
  private readonly asks = new TokenBucket(Limits.wholeAnswersPerMinute / 60, Limits.wholeAnswersBurst);
  private readonly canWrite: boolean;
  /** The socket under `ws`, for pre-framed broadcasts (wsFrames.ts); null when `ws` must frame them. */
  private readonly raw: Duplex | null;
  /** Which awareness of this connection the room accepts (presenceGuard.ts). */
  private readonly presence: PresenceGuard;
  /** Probes waiting for the next pong. */
  private pongWaiters: (() => void)[] = [];
  /** Whether the client asked for our state (its sync step 1) and sent its own (its step 2). */
  private clientAsked = false;
  private clientSentState = false;
  /**
   * Updates that came between the client's step 1 and its step 2 and build on
   * state we lack: after a reconnect (a failover, a restart) a client's edits
   * the old server never stored come in its step 2, and an edit typed just
   * before it builds on them. Applied once the step 2 is in; refused (4422)
   * if they still lack something then.
   */
  private held: Uint8Array[] = [];
  private heldBytes = 0;

  /** `socket` is the one `ws` was upgraded on (server-sent frames are written to it directly). */
  constructor(
    private readonly ws: WebSocket,
    socket: Duplex,
    readonly room: DocRoom,
    readonly role: Role,
    private readonly hooks: ConnectionHooks,
  ) {
    this.canWrite = room.room.kind !== 'private' && mayWrite(role, room.room.kind);
    // With an extension (compression) `ws` may hold frames back: then every frame goes through it.
    this.raw = ws.extensions === '' ? socket : null;
    this.presence = new PresenceGuard(room, this, () => !this.closed, hooks.admitPresence);
    ws.binaryType = 'nodebuffer';
    ws.on('pong', () => {
      this.alive = true;
      for (const resolve of this.pongWaiters.splice(0)) resolve();
    });
    ws.on('close', () => this.cleanup());
    ws.on('error', () => this.close(CloseCode.badMessage, 'socket error'));
  }

  /**
   * Starts syncing: the room is loaded, so the first sync message reflects the
   * stored board. `answeredEarly`: the client's first message, its sync step 1,
   * was answered from the stored bytes while the room loaded (`earlySyncReply`);
   * it now gets what changed since, and its later messages go the usual way.
   */
  start(buffered: Buffer[], answeredEarly = false): void {
    this.room.addPeer(this);
    this.ws.on('message', (data: Buffer, isBinary: boolean) => this.receive(data, isBinary));
    // Sync step 1 asks the client for what it has; our state goes out in step 2 replies.
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageKind.sync);
    syncProtocol.writeSyncStep1(encoder, this.room.doc);
    this.send(encoding.toUint8Array(encoder));
    if (answeredEarly) {
      this.clientAsked = true;
      this.room.catchUpFromStored(this);
    }
    const states = this.room.awareness.getStates();
    if (states.size > 0) {
      const aw = encoding.createEncoder();
      encoding.writeVarUint(aw, MessageKind.awareness);
      encoding.writeVarUint8Array(aw, awarenessProtocol.encodeAwarenessUpdate(this.room.awareness, [...states.keys()]));
      this.send(encoding.toUint8Array(aw));
    }
    for (const data of buffered) this.receive(data, true);
  }

  /**
   * Sends one message unless the client stopped reading (then it is dropped).
   * Through `ws`, which writes it at once, in order with the broadcasts written
   * to the socket (sync replies can be megabytes: no copy into a frame).
   */
  send(message: Uint8Array): void {
    if (this.writable()) this.ws.send(message, { binary: true });
  }

  /** Sends a broadcast: its frames, built once for every recipient, in one write. */
  sendBroadcast(broadcast: Broadcast): void {
    if (!this.writable()) return;
    if (this.raw) this.raw.write(broadcast.frames);
    else for (const m of broadcast.messages) this.ws.send(m, { binary: true });
  }

  /** Whether a message may go out now; closes a client that stopped reading. */
  private writable(): boolean {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return false;
    if (this.ws.bufferedAmount > Limits.maxBufferedBytes) {
      this.close(CloseCode.slowReader, 'send buffer full', true);
      return false;
    }
    return true;
  }

  /** Keep-alive: returns false (and terminates) when the last ping got no pong. */
  heartbeat(): boolean {
    if (this.closed) return false;
    if (!this.alive) {
      this.ws.terminate();
      return false;
    }
    this.alive = false;
    this.ws.ping();
    return true;
  }

  /** Answers a takeover claim on this connection's presence: alive if a pong comes in time, else ended as stale. */
  probe(timeoutMs: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.close(CloseCode.goingAway, 'no answer to ping', true);
        resolve(false);
      }, timeoutMs);
      this.pongWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
      try {
        this.ws.ping();
      } catch {
        // Not open: the timer ends it.
      }
    });
  }

  close(code: number, reason: string, terminate = false): void {
    if (this.closed) return;
    this.closed = true;
    try {
      if (terminate) this.ws.terminate();
      else this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
    this.cleanup();
  }

  private cleanupDone = false;
  private cleanup(): void {
    this.closed = true;
    if (this.cleanupDone) return;
    this.cleanupDone = true;
    this.room.removePeer(this);
    this.hooks.onClose(this);
  }

  private receive(data: Buffer, isBinary: boolean): void {
    if (this.closed) return;
    if (!isBinary) return this.close(CloseCode.badMessage, 'binary frames only');
    if (data.length > Limits.maxMessageBytes) return this.close(CloseCode.tooLarge, 'message too large');
    if (!this.bucket.take()) return this.close(CloseCode.rateLimited, 'rate limit exceeded');
    try {
      this.handle(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    } catch (error) {
      const reason = error instanceof ProtocolError ? error.message : 'malformed message';
      this.close(CloseCode.badMessage, reason);
    }
  }

  private handle(message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const kind = decoding.readVarUint(decoder);
    switch (kind) {
      case MessageKind.sync:
        return this.handleSync(decoder);
      case MessageKind.awareness:
        this.presence.receive(decoding.readVarUint8Array(decoder));
        return;
      case MessageKind.queryAwareness: {
        if (!this.mayAsk()) return;
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MessageKind.awareness);
        const ids = [...this.room.awareness.getStates().keys()];
        encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.room.awareness, ids));
        this.send(encoding.toUint8Array(encoder));
        return;
      }
      case MessageKind.auth:
        return; // auth is by the token at connect time
      default:
        throw new ProtocolError('unknown message kind');
    }
  }

  /** Whether a question answered with the whole board may be answered now; if not, the socket is closed. */
  private mayAsk(): boolean {
    if (this.asks.take()) return true;
    this.close(CloseCode.rateLimited, 'too many requests for the whole board');
    return false;
  }

  private handleSync(decoder: decoding.Decoder): void {
    const step = decoding.readVarUint(decoder);
    if (step === syncProtocol.messageYjsSyncStep1) {
      if (!this.mayAsk()) return;
      this.clientAsked = true;
      const stateVector = decoding.readVarUint8Array(decoder);
      Y.decodeStateVector(stateVector); // throws on malformed input
      this.room.sendDurable(this, this.room.syncStep2(stateVector));
      return;
    }
    if (step !== syncProtocol.messageYjsSyncStep2 && step !== syncProtocol.messageYjsUpdate) {
      throw new ProtocolError('unknown sync step');
    }
    const update = decoding.readVarUint8Array(decoder);
    if (!this.canWrite) {
      // A read-only client's empty reply to our sync step 1 (every stock client sends one) is no write:
      // counted, it made each projector or viewer that opened look like two refused writes.
      if (!isEmptyUpdate(update)) this.hooks.onDroppedWrite?.(this.role);
      return;
    }
    const awaitingState = step === syncProtocol.messageYjsUpdate && this.clientAsked && !this.clientSentState;
    this.write(update, awaitingState);
    if (step === syncProtocol.messageYjsSyncStep2 && !this.clientSentState) {
      this.clientSentState = true;
      for (const held of this.held.splice(0)) if (!this.closed) this.write(held, false);
      this.heldBytes = 0;
    }
  }

  /** Applies a client's write (under the rules); `mayHold`: one that lacks state may wait for the client's step 2. */
  private write(update: Uint8Array, mayHold: boolean): void {
    // Parse fully before applying (a malformed update must not half-apply), and
    // refuse one that builds on state this server does not have (updateDependencies.ts).
    const dependencies = checkDependencies(this.room.doc, update);
    if (!dependencies.ok && dependencies.malformed) return this.close(CloseCode.badMessage, 'malformed update: its items cannot be integrated');
    if (!dependencies.ok && mayHold && this.held.length < 100 && this.heldBytes + update.byteLength <= Limits.maxMessageBytes) {
      this.held.push(update);
      this.heldBytes += update.byteLength;
      return;
    }
    if (!dependencies.ok) return this.close(CloseCode.missingState, 'update builds on state the server does not have');
    if (this.hooks.admitWrite?.(dependencies.decoded) !== undefined) return this.close(CloseCode.forbidden, 'this link may not make that change');
    const started = performance.now();
    if (this.hooks.applyWithRules) {
      const refusal = this.hooks.applyWithRules(update, this, dependencies.decoded);
      if (refusal) this.hooks.onDroppedWrite?.(this.role);
      if (refusal?.closeCode) return this.close(refusal.closeCode, refusal.message.slice(0, 120));
    } else {
      Y.applyUpdate(this.room.doc, update, this);
    }
    if (!this.hooks.writeBudget.charge(performance.now() - started)) this.close(CloseCode.rateLimited, 'too much work for the server: slow down');
  }
}
