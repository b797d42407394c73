/**
 * A room's document as it was read from storage, kept to answer new clients
 * without the loaded document (docs/BENCHMARKS.md, S4):
 * - from the read until the apply (DocRoom's `stored` → `ready`), a new
 *   client's first sync is answered from these bytes instead of waiting for
 *   Yjs to apply them (~250 ms at 10,000 cards);
 * - after the apply, while nothing changed the document and it was stored in
 *   one piece, a new client's step 2 is still these bytes, not a fresh encoding
 *   of the loaded document (50-60 ms at 10,000 cards).
 */
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { mergeLog } from '../../shared/doc/updates.ts';
import { MessageKind } from '../../shared/protocol.ts';
import type { StoredDoc } from '../storage/types.ts';

/** A state vector of no client (what a new client sends: one varint 0). */
export function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.byteLength === 1 && stateVector[0] === 0;
}

/** A sync step 2 message carrying `update` as it is. */
function step2Message(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageKind.sync);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export class StoredState {
  /**
   * The whole state as stored, from the read until something changes the
   * document (a board stored as one compacted snapshot, or as one update).
   */
  private whole: Uint8Array | null;
  /**
   * The stored pieces when there are several (a snapshot, or a first update,
   * and the log after it), from the read until the apply; the log merged into
   * one update message once asked.
   */
  private pieces: readonly Uint8Array[] | null;
  private logMessage: Uint8Array | null = null;
  /**
   * The step 2 message of the whole state, and of the first piece, made once
   * and sent to every new client: a copy each (the state is up to 16 MiB) made
   * sockets that never read hold one each (a red-team session took the server
   * from 190 MB to 5 GB with 300 of them on a full board).
   */
  private wholeMessage: Uint8Array | null = null;
  private firstPieceMessage: Uint8Array | null = null;

  constructor(stored: StoredDoc) {
    const pieces = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
    this.whole = pieces.length === 1 ? pieces[0]! : null;
    this.pieces = pieces.length > 1 ? pieces : null;
  }

  /** The document is applied: the pieces are no longer needed (the whole state still is, until a change). */
  applied(): void {
    this.pieces = null;
    this.logMessage = null;
    this.firstPieceMessage = null;
  }

  /** The document changed: the stored bytes no longer are its state. */
  changed(): void {
    this.whole = null;
    this.wholeMessage = null;
  }

  private wholeStep2(whole: Uint8Array): Uint8Array {
    return (this.wholeMessage ??= step2Message(whole));
  }

  /** Whether a new client can be answered from these bytes before the apply. */
  get answersNewClients(): boolean {
    return this.whole !== null || this.pieces !== null;
  }

  /**
   * The messages that answer a new client's sync step 1 (an empty state
   * vector) before the apply, or undefined (the client waits for the load).
   * One stored piece: its step 2, the stored bytes. Several: the log after the
   * first piece merged into one update message, then the first piece as the
   * step 2. The client keeps the log's changes pending until the step 2 brings
   * what they build on, so it holds the whole board once synced; and
   * merging the log alone is cheap (`mergeLog`), where merging the snapshot in
   * would re-encode it, about the cost of applying it (docs/BENCHMARKS.md, S4).
   */
  firstSync(stateVector: Uint8Array): Uint8Array[] | undefined {
    if (!isEmptyStateVector(stateVector)) return undefined;
    if (this.whole) return [this.wholeStep2(this.whole)];
    const pieces = this.pieces;
    if (!pieces) return undefined;
    if (!this.logMessage) {
      const log = pieces.length === 2 ? pieces[1]! : mergeLog(pieces.slice(1));
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageKind.sync);
      syncProtocol.writeUpdate(encoder, log);
      this.logMessage = encoding.toUint8Array(encoder);
    }
    return [this.logMessage, (this.firstPieceMessage ??= step2Message(pieces[0]!))];
  }

  /** Whether `step2(stateVector)` answers from the stored bytes: the whole state is stored and the client has nothing yet. */
  hasStep2For(stateVector: Uint8Array): boolean {
    return this.whole !== null && isEmptyStateVector(stateVector);
  }

  /** The step 2 for a client that has `stateVector`, from the whole stored state when it has nothing yet; else undefined. */
  step2(stateVector: Uint8Array): Uint8Array | undefined {
    return this.whole && isEmptyStateVector(stateVector) ? this.wholeStep2(this.whole) : undefined;
  }
}
