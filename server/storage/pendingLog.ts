/**
 * The updates the SQLite server store (./sqliteServer.ts) has written to its
 * journal (./updateJournal.ts) and SQLite has not taken yet: it gives each
 * appended update its seq (the doc's next, counting these), writes them to the
 * journal, keeps them until `flush()` commits them into SQLite, and adds them
 * to what `load` reads meanwhile.
 */
import type { JournalEntry } from './journalFile.ts';
import type { UncheckedSqliteStorage } from './sqlite.ts';
import type { DocUpdate, StoredDoc } from './types.ts';
import type { UpdateJournal } from './updateJournal.ts';

export class PendingLog {
  private pending: JournalEntry[] = [];
  /** The last seq given to each doc with updates here (SQLite knows the others'). */
  private lastSeqs = new Map<string, number>();
  /** Bytes of update held here. */
  bytes = 0;
  /** Why SQLite refused the last flush, while it does. */
  private failure: unknown = undefined;

  constructor(
    private readonly sqlite: UncheckedSqliteStorage,
    private readonly journal: UpdateJournal,
  ) {}

  /**
   * Writes one append to the journal and keeps it; returns the seqs. Throws,
   * writing nothing, if the journal's write fails, or while SQLite refuses
   * the updates held here (they are safe in the journal; the store must not
   * go on taking updates it cannot store, and the caller retries).
   */
  append(batch: readonly DocUpdate[]): number[] {
    if (this.failure !== undefined) {
      throw new Error(`the store cannot take updates while SQLite refuses them: ${String((this.failure as Error)?.message ?? this.failure)}`, {
        cause: this.failure,
      });
    }
    const next = new Map<string, number>();
    const entries = batch.map(({ docName, update }) => {
      const seq = (next.get(docName) ?? this.lastSeqs.get(docName) ?? this.sqlite.lastSeqOf(docName)) + 1;
      next.set(docName, seq);
      // A plain copy: the caller may reuse its buffer.
      return { docName, seq, update: new Uint8Array(update) };
    });
    this.journal.append(entries);
    for (const [docName, seq] of next) this.lastSeqs.set(docName, seq);
    for (const e of entries) {
      this.pending.push(e);
      this.bytes += e.update.byteLength;
    }
    return entries.map((e) => e.seq);
  }

  /** Commits what is held into SQLite, in one transaction; returns its bytes (undefined if nothing was held). Throws, keeping it all, if SQLite refuses. */
  flush(): number | undefined {
    if (this.pending.length === 0) return undefined;
    try {
      this.sqlite.appendAt(this.pending);
    } catch (error) {
      this.failure = error;
      throw error;
    }
    this.failure = undefined;
    const bytes = this.bytes;
    this.pending = [];
    this.lastSeqs.clear();
    this.bytes = 0;
    return bytes;
  }

  /** The doc's updates held here, oldest first. */
  pendingOf(docName: string): JournalEntry[] {
    return this.lastSeqs.has(docName) ? this.pending.filter((e) => e.docName === docName) : [];
  }

  /** What SQLite holds for a doc, with the updates held here after it. */
  merged(stored: StoredDoc, pending: readonly JournalEntry[]): StoredDoc {
    if (pending.length === 0) return stored;
    let logBytes = stored.logBytes;
    for (const e of pending) logBytes += e.update.byteLength;
    return {
      snapshot: stored.snapshot,
      // Copies: what the caller does with them must not change what SQLite takes later.
      updates: stored.updates.concat(pending.map((e) => e.update.slice())),
      lastSeq: pending[pending.length - 1]!.seq,
      logBytes,
    };
  }
}
