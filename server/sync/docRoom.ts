/**
 * One loaded Yjs document (a board's content or control doc) and the
 * connections syncing it. Lifecycle: read (new clients' first syncs are
 * answered from the stored bytes) → apply + migrate → changes applied and
 * persisted → broadcast → unload when idle (hocuspocus' shape).
 *
 * Durability rule (CONTRACT.md): nothing leaves the server before it is stored.
 * Every change applied to the in-memory doc gets a local sequence number; a
 * message that carries document state (a broadcast update, a sync step 2
 * answer) waits in the outbox until every change applied before it is
 * committed (a kill of the server can no longer lose it), and an
 * acknowledgment to a person (`whenDurable`) until it is on disk too
 * (../storage/sqliteServer.ts says why the two differ). A failed write is
 * retried and nothing is acknowledged meanwhile.
 *
 * Fan-out: the updates of one commit go out merged into one message, and
 * awareness changes are held for a short window (DEFAULT_AWARENESS_WINDOW_MS,
 * roomAwareness.ts) and ride along with the next update broadcast; what goes
 * out together is framed once and written to each socket in one write (wsFrames.ts).
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import type * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { openStoredDoc } from '../../shared/doc/updates.ts';
import { MessageKind, type DocAddress } from '../../shared/protocol.ts';
import { RoomAwareness } from './roomAwareness.ts';
import { RoomLog } from './roomLog.ts';
import { isEmptyStateVector, StoredState } from './storedState.ts';
import type { Broadcast, RoomPeer } from './roomPeer.ts';
import { frameBinary } from './wsFrames.ts';
import type { DocLog, StoredDoc } from '../storage/types.ts';
import type { WriteBatcher } from './writeBatcher.ts';

interface Waiting {
  /** Applied sequence number this message depends on. */
  needs: number;
  peer: RoomPeer | null;
  message: Uint8Array | null;
  resolve?: () => void;
}

export interface DocRoomOptions {
  storage: DocLog;
  writer: WriteBatcher;
  compactAfterUpdates: number;
  /**
   * Awareness (cursors, presence) goes out at most once per this many ms per
   * room, all changes of the window in one message; a change after a quiet
   * window goes out on the next tick. Pending awareness also rides along with
   * every document broadcast. Default DEFAULT_AWARENESS_WINDOW_MS.
   */
  awarenessWindowMs?: number;
  onError?: (error: unknown) => void;
  /**
   * Apply the stored state only once `apply()` is called (the registry calls it
   * when someone needs the applied document): until then the stored bytes
   * answer new clients' first syncs without the apply holding the event loop.
   * Default false: it is applied as soon as it is read.
   */
  applyWhenAsked?: boolean;
}

/**
 * Clients throttle their own cursor to one update per 50 ms
 * (client/sync/presenceChannel.ts); holding the room's awareness for up to
 * 20 ms keeps cursors smooth and turns N clients' updates into one message.
 */
const DEFAULT_AWARENESS_WINDOW_MS = 20;

export class DocRoom {
  readonly doc = new Y.Doc({ gc: true });
  /** The peers and the awareness client ids each controls. */
  readonly peers = new Map<RoomPeer, Set<number>>();
  /** Presence: who controls which awareness state, and when changes go out (roomAwareness.ts). */
  private readonly presence: RoomAwareness;
  readonly awareness: awarenessProtocol.Awareness;
  /**
   * Resolves once the stored state is read, before it is applied: from then
   * until `ready`, a new client's first sync can be answered from the stored
   * bytes (`syncStep2` with an empty state vector, when they are one piece).
   */
  readonly stored: Promise<void>;
  /** Resolves once the stored state is applied and migrated: the room takes writes and answers every sync. */
  readonly ready: Promise<void>;
  /** Lets the apply start (see `apply`). */
  private askApply!: () => void;
  /** Whether the stored state is applied (and migrated): before, only `stored` answers go out. */
  private loaded = false;
  /** The document's state vector as loaded, before any migration: what a client answered before the load has. */
  private loadedStateVector: Uint8Array | null = null;

  private appliedSeq = 0;
  private durableSeq = 0;
  private outbox: Waiting[] = [];
  /** Committed updates not yet broadcast (merged by broadcast()). */
  private toBroadcast: Uint8Array[] = [];
  /** The document's log in storage and its compaction (roomLog.ts). */
  private readonly log: RoomLog;
  /** The document as read from storage, answering new clients without the loaded document (storedState.ts). */
  private storedState: StoredState | null = null;
  /**
   * The sync step 2 for a client that has nothing, once encoded from the
   * changed document, until the next change: new clients (and a script asking
   * again and again, sync/connection.ts) share one encoding of the board.
   */
  private wholeAnswer: Uint8Array | null = null;
  private destroyed = false;
  private releaseScheduled = false;

  constructor(readonly room: DocAddress, private readonly options: DocRoomOptions) {
    this.presence = new RoomAwareness(this.doc, this.peers, options.awarenessWindowMs ?? DEFAULT_AWARENESS_WINDOW_MS, this.broadcast);
    this.awareness = this.presence.awareness;
    this.log = new RoomLog(options.storage, room.docName, options.compactAfterUpdates, options.onError, () => {
      // Otherwise the next release compacts.
      if (!this.destroyed && !this.hasUnstoredChanges) this.log.maybeCompact(this.doc);
    });
    const asked = new Promise<void>((resolve) => (this.askApply = resolve));
    if (!options.applyWhenAsked) this.askApply();
    const read = this.options.storage.load(this.room.docName).then((stored) => {
      this.storedState = new StoredState(stored);
      return stored;
    });
    this.stored = read.then(() => undefined);
    this.stored.catch(() => {}); // a failed read rejects `ready` too, which its waiters handle
    this.ready = read.then(async (stored) => {
      await asked;
      this.load(stored);
    });
  }

  /**
   * Starts applying the stored state once it is read (with `applyWhenAsked`;
   * otherwise it starts by itself). Idempotent.
   */
  apply(): void {
    this.askApply();
  }

  private load(stored: StoredDoc): void {
    this.storedState?.applied();
    openStoredDoc(stored, this.room.kind === 'content' ? 'content' : 'other', {
      into: this.doc,
      loaded: () => {
        this.log.loaded(stored);
        this.loadedStateVector = Y.encodeStateVector(this.doc);
        // Listen only now: with a listener, Yjs would encode the whole loaded board
        // once more just to emit it. Nothing writes the doc before it has loaded.
        // The migration (if any) comes after, so it is stored.
        this.doc.on('update', (update: Uint8Array) => this.persist(update));
      },
    });
    this.loaded = true;
  }

  /** Whether the stored state is applied and migrated (`ready` has resolved or is about to). */
  get isLoaded(): boolean {
    return this.loaded;
  }

  /** Persists a change made to the in-memory doc; releases waiting messages once stored. */
  private persist(update: Uint8Array): void {
    this.storedState?.changed();
    this.wholeAnswer = null;
    this.log.writing(update.byteLength);
    const seq = ++this.appliedSeq;
    this.options.writer.write(this.room.docName, update).then((storedSeq) => {
      this.log.stored(storedSeq);
      this.toBroadcast.push(update);
      this.durableSeq = seq;
      // All updates of one committed batch resolve in the same microtask run:
      // release once after them so they go out as one merged message.
      if (!this.releaseScheduled) {
        this.releaseScheduled = true;
        queueMicrotask(() => {
          this.releaseScheduled = false;
          if (!this.destroyed) this.release();
        });
      }
    }, this.options.onError);
  }

  /** Sends the committed updates (merged into one message) and every message they unblocked. */
  private release(): void {
    this.broadcast();
    let kept = 0;
    for (const w of this.outbox) {
      if (w.needs <= this.durableSeq) {
        if (w.peer && w.message && this.peers.has(w.peer)) w.peer.send(w.message);
        w.resolve?.();
      } else {
        this.outbox[kept++] = w;
      }
    }
    this.outbox.length = kept;
    if (!this.hasUnstoredChanges) this.log.maybeCompact(this.doc);
  }

  /** Whether a new client's first sync can be answered now, before the load (`firstSyncBeforeLoad`). */
  get answersBeforeLoad(): boolean {
    return !this.loaded && (this.storedState?.answersNewClients ?? false);
  }

  /**
   * The messages that answer a new client's sync step 1 (an empty state
   * vector) between the read and the load, from the stored bytes
   * (StoredState.firstSync), or undefined (the client waits for the load).
   */
  firstSyncBeforeLoad(stateVector: Uint8Array): Uint8Array[] | undefined {
    return this.loaded ? undefined : this.storedState?.firstSync(stateVector);
  }

  /**
   * Whether `syncStep2(stateVector)` can be answered now: always once loaded;
   * before (between `stored` and `ready`), only for a client that has nothing
   * yet, from the stored bytes when they are one piece.
   */
  canAnswer(stateVector: Uint8Array): boolean {
    return this.loaded || (this.storedState?.hasStep2For(stateVector) ?? false);
  }

  /**
   * The sync step 2 for a client that has `stateVector`: everything it lacks,
   * from the stored bytes while the document is as loaded (or still loading)
   * and the client has nothing yet, otherwise encoded from the document.
   * Throws if `canAnswer(stateVector)` is false.
   */
  syncStep2(stateVector: Uint8Array): Uint8Array {
    const stored = this.storedState?.step2(stateVector);
    if (stored) return stored;
    if (!this.loaded) throw new Error(`${this.room.docName} is not loaded yet`);
    const whole = isEmptyStateVector(stateVector);
    if (whole && this.wholeAnswer) return this.wholeAnswer;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageKind.sync);
    syncProtocol.writeSyncStep2(encoder, this.doc, stateVector);
    const answer = encoding.toUint8Array(encoder);
    if (whole) this.wholeAnswer = answer;
    return answer;
  }

  /** Sends a message that carries document state once everything applied so far is stored. */
  sendDurable(peer: RoomPeer, message: Uint8Array): void {
    if (this.durableSeq >= this.appliedSeq) peer.send(message);
    else this.outbox.push({ needs: this.appliedSeq, peer, message });
  }

  /**
   * For a peer whose first sync was answered from the stored bytes before the
   * load (`firstSyncBeforeLoad`): what changed since them (a migration, a portfolio reconcile, writes
   * of peers that were live first) as one sync message once stored. Changes
   * after this call reach it as broadcasts (it is a peer by then).
   */
  catchUpFromStored(peer: RoomPeer): void {
    if (!this.loaded) throw new Error(`${this.room.docName} is not loaded yet`);
    if (this.appliedSeq === 0) return; // unchanged since the stored bytes
    this.sendDurable(peer, this.syncStep2(this.loadedStateVector!));
  }

  /**
   * Resolves when every change applied so far is stored, broadcast and on disk
   * (what may be acknowledged to a person: an HTTP 201, a facilitation step).
   */
  async whenDurable(): Promise<void> {
    if (this.durableSeq < this.appliedSeq) {
      await new Promise<void>((resolve) => this.outbox.push({ needs: this.appliedSeq, peer: null, message: null, resolve }));
    }
    await this.options.writer.synced();
  }

  get hasUnstoredChanges(): boolean {
    return this.durableSeq < this.appliedSeq;
  }

  addPeer(peer: RoomPeer): void {
    this.peers.set(peer, new Set());
  }

  /** The peer whose presence an awareness client id is, if any. */
  ownerOf(clientId: number): RoomPeer | undefined {
    return this.presence.ownerOf(clientId);
  }

  /** How many awareness client ids a peer controls. */
  presenceCount(peer: RoomPeer): number {
    return this.peers.get(peer)?.size ?? 0;
  }

  /** Removes a peer and the awareness states it controlled. */
  removePeer(peer: RoomPeer): void {
    const controlled = this.peers.get(peer);
    this.peers.delete(peer);
    this.presence.removed(peer, controlled);
  }

  /**
   * Sends what is pending to every peer as one broadcast: the committed updates
   * merged into one message, and the awareness of every changed client in one
   * message (coalesced fan-out).
   */
  private broadcast = (): void => {
    if (this.destroyed) return;
    const messages: Uint8Array[] = [];
    if (this.toBroadcast.length > 0) {
      const merged = this.toBroadcast.length === 1 ? this.toBroadcast[0]! : Y.mergeUpdates(this.toBroadcast);
      this.toBroadcast = [];
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageKind.sync);
      syncProtocol.writeUpdate(encoder, merged);
      messages.push(encoding.toUint8Array(encoder));
    }
    // In a crowd the presence part sends `messages` itself, with each recipient's cursors.
    if (this.presence.takeInto(messages)) return;
    if (messages.length === 0 || this.peers.size === 0) return;
    const broadcast: Broadcast = { messages, frames: frameBinary(messages) };
    for (const peer of this.peers.keys()) peer.sendBroadcast(broadcast);
  };

  /**
   * Bytes stored for the document (RoomLog.bytes): roughly an upper bound of
   * its encoded size, the size budget's first estimate (sizeLimits.ts).
   */
  get storedBytes(): number {
    return this.log.bytes;
  }

  /** Compacts (if anything was logged) before the room is unloaded. */
  async compactNow(): Promise<void> {
    await this.whenDurable();
    await this.log.compactNow(this.doc);
  }

  destroy(): void {
    this.destroyed = true;
    this.presence.destroy();
    this.doc.destroy();
  }
}
