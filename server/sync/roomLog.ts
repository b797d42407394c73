/**
 * A room's document in storage as an append-only log: how many entries it
 * holds since the last snapshot, the last sequence number stored, roughly how
 * many bytes it takes, and its compaction into a garbage-collected snapshot
 * once the log grows past the room's threshold, or before the room unloads.
 *
 * The threshold: at least `compactAfterUpdates` entries, and a log that weighs
 * as much as the last snapshot, since a compaction writes the whole document
 * again. Counting entries alone, a 200-card board (~70 KB encoded) was written
 * again every 500 keystrokes of ~18 B: 8× the bytes typed (S6 in
 * docs/BENCHMARKS.md). However small the entries, the log is compacted at
 * LOG_ENTRIES_CAP_FACTOR × `compactAfterUpdates` entries (25,000 by default:
 * ~500 KB of keystrokes, so a 2,000-card board of ~700 KB is still written
 * again less often than once per its size typed): a server that restarts after
 * a crash replays the log (merged, `mergeLog`: ~30-50 ms for 10,000 entries).
 */
import { encodeDoc } from '../../shared/doc/updates.ts';
import type { Doc } from '../../shared/doc/index.ts';
import type { DocLog, StoredDoc } from '../storage/types.ts';

/** The log is compacted at this many times `compactAfterUpdates` entries, whatever it weighs. */
export const LOG_ENTRIES_CAP_FACTOR = 50;

export class RoomLog {
  private entries = 0;
  private lastSeq = 0;
  /** The last snapshot's size, and the bytes logged since (queued or stored). */
  private snapshotBytes = 0;
  private logBytes = 0;
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
    this.snapshotBytes = stored.snapshot?.byteLength ?? 0;
    this.logBytes = stored.logBytes;
  }

  /** An update of `byteCount` bytes goes to storage. */
  writing(byteCount: number): void {
    this.bytes += byteCount;
    this.logBytes += byteCount;
  }

  /** An update was stored as entry `seq`. */
  stored(seq: number): void {
    this.lastSeq = Math.max(this.lastSeq, seq);
    this.entries++;
  }

  /** Whether the log is past the threshold (see the file comment). */
  private get due(): boolean {
    if (this.entries === 0 || this.entries < this.compactAfterUpdates) return false;
    return this.logBytes >= this.snapshotBytes || this.entries >= this.compactAfterUpdates * LOG_ENTRIES_CAP_FACTOR;
  }

  /** Compacts the log into a snapshot of `doc` when it grew past the threshold (everything applied must be stored). */
  maybeCompact(doc: Doc): void {
    if (this.compacting || !this.due) return;
    this.compacting = true;
    const snapshot = encodeDoc(doc);
    const upto = this.lastSeq;
    const entries = this.entries;
    const logBytes = this.logBytes;
    this.storage.compact(this.docName, snapshot, upto).then(
      () => {
        this.entries = Math.max(0, this.entries - entries);
        this.logBytes = Math.max(0, this.logBytes - logBytes);
        this.snapshotBytes = snapshot.byteLength;
        this.compacting = false;
        if (this.due) this.onDue?.();
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
      this.logBytes = 0;
      this.snapshotBytes = snapshot.byteLength;
    } finally {
      this.compacting = false;
    }
  }
}
