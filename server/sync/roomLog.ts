/**
 * A room's document in storage as an append-only log: how many entries it
 * holds since the last snapshot, the last sequence number stored, roughly how
 * many bytes it takes, and its compaction into a garbage-collected snapshot
 * once the log grows past the room's threshold, or before the room unloads.
 */
import { encodeDoc } from '../../shared/doc/updates.ts';
import type { Doc } from '../../shared/doc/index.ts';
import type { DocLog, StoredDoc } from '../storage/types.ts';

export class RoomLog {
  private entries = 0;
  private lastSeq = 0;
  /**
   * Bytes stored for the document: its snapshot and log at the load plus every
   * update since (roughly an upper bound of its encoded size; the size budget's
   * first estimate, sizeLimits.ts).
   */
  bytes = 0;
  private compacting = false;

  constructor(
    private readonly storage: DocLog,
    private readonly docName: string,
    private readonly compactAfterUpdates: number,
    private readonly onError?: (error: unknown) => void,
    /**
     * A compaction ended with the log past the threshold again (updates were
     * stored while it ran): the room calls `maybeCompact` once everything
     * applied is stored. Without it those updates stayed in the log until the next write.
     */
    private readonly onDue?: () => void,
  ) {}

  /** The document was loaded from `stored`. */
  loaded(stored: StoredDoc): void {
    this.entries = stored.updates.length;
    this.lastSeq = stored.lastSeq;
    this.bytes = (stored.snapshot?.byteLength ?? 0) + stored.logBytes;
  }

  /** An update of `byteCount` bytes goes to storage. */
  writing(byteCount: number): void {
    this.bytes += byteCount;
  }

  /** An update was stored as entry `seq`. */
  stored(seq: number): void {
    this.lastSeq = Math.max(this.lastSeq, seq);
    this.entries++;
  }

  /** Compacts the log into a snapshot of `doc` when it grew past the threshold (everything applied must be stored). */
  maybeCompact(doc: Doc): void {
    if (this.compacting || this.entries < this.compactAfterUpdates || this.entries === 0) return;
    this.compacting = true;
    const snapshot = encodeDoc(doc);
    const upto = this.lastSeq;
    const entries = this.entries;
    this.storage.compact(this.docName, snapshot, upto).then(
      () => {
        this.entries = Math.max(0, this.entries - entries);
        this.compacting = false;
        if (this.entries >= this.compactAfterUpdates) this.onDue?.();
      },
      (error) => {
        this.compacting = false;
        this.onError?.(error);
      },
    );
  }

  /** Compacts now if anything was logged (before the room is unloaded; everything applied must be stored). */
  async compactNow(doc: Doc): Promise<void> {
    if (this.entries === 0 || this.compacting) return;
    this.compacting = true;
    const snapshot = encodeDoc(doc);
    try {
      await this.storage.compact(this.docName, snapshot, this.lastSeq);
      this.entries = 0;
    } finally {
      this.compacting = false;
    }
  }
}
