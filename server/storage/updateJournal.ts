/**
 * The SQLite server store's update journal (./sqliteServer.ts): every live
 * document update is written here first, one write(2) per append, and SQLite
 * takes the journal's updates in one transaction once a second
 * (./sqliteServer.ts, FLUSH_AFTER_MS) instead of one transaction per append (a commit cost 80-120 µs
 * of the event loop under the S3 load; a write here ~5-10 µs).
 *
 * Two files (./journalFile.ts), one written at a time. Once SQLite has
 * committed every record of the file being written and the file has grown
 * past ROTATE_BYTES, writing moves to the other file, provided that one is
 * free: every record in it is in SQLite and SQLite's WAL has been synced since
 * (`flushed`). So at any moment the files hold every update SQLite may not
 * have on disk yet, and opening the store puts into SQLite whatever it lacks
 * (`recovered`, older file first).
 *
 * `synced()` resolves once every record written before the call is on disk
 * (both files, if both were written since their last sync: a power loss then
 * cannot keep a later record and lose an earlier one that was acknowledged).
 */
import { GroupSync } from './groupSync.ts';
import { JournalFile, type JournalEntry } from './journalFile.ts';

export type { JournalEntry } from './journalFile.ts';

/** Writing moves to the other file once this one holds this much (and the other is free). */
const ROTATE_BYTES = 1 << 20;

export class UpdateJournal {
  private active: JournalFile;
  private other: JournalFile;
  /** Whether every record of `other` is in SQLite and synced there (it may be started again). */
  private otherFree = false;
  private readonly group: GroupSync;

  private constructor(files: [JournalFile, JournalFile]) {
    [this.active, this.other] = files;
    this.group = new GroupSync(async () => {
      const dirty = [this.active, this.other].filter((f) => f.dirty);
      for (const f of dirty) f.dirty = false;
      try {
        await Promise.all(dirty.map((f) => f.fdatasync()));
      } catch (error) {
        for (const f of dirty) f.dirty = true;
        throw error;
      }
    });
  }

  /**
   * Opens (creating) the two files `${base}0` and `${base}1` and reads their
   * records, older epoch first: the updates SQLite may lack (it has most of
   * them; the caller skips those). Call `start()` once SQLite has the rest on disk.
   */
  static open(base: string): { journal: UpdateJournal; recovered: JournalEntry[] } {
    const a = JournalFile.open(`${base}0`);
    let b: ReturnType<typeof JournalFile.open>;
    try {
      b = JournalFile.open(`${base}1`);
    } catch (error) {
      a.file.close();
      throw error;
    }
    const [older, newer] = a.content.epoch <= b.content.epoch ? [a, b] : [b, a];
    const recovered = older.content.entries.concat(newer.content.entries);
    return { journal: new UpdateJournal([a.file, b.file]), recovered };
  }

  /** Both files' records are in SQLite, synced: starts writing the first file again, the other free. */
  start(): void {
    this.active.restart(this.nextEpoch());
    this.otherFree = true;
    this.group.committed();
  }

  /** Writes one append's updates (one record); throws, writing nothing that counts, if the write fails. */
  append(entries: readonly JournalEntry[]): void {
    this.active.append(entries);
    this.group.committed();
  }

  /** Resolves once every record written before the call is on disk. */
  synced(): Promise<void> {
    return this.group.sync();
  }

  /**
   * SQLite has committed every record written so far; `durable` resolves once
   * that commit is synced. Moves writing to the other file if this one is big
   * enough and the other is free; this one is free once `durable` resolves.
   */
  flushed(durable: () => Promise<void>): void {
    if (!this.otherFree || this.active.end < ROTATE_BYTES) return;
    const retired = this.active;
    this.active = this.other;
    this.other = retired;
    this.otherFree = false;
    this.active.restart(this.nextEpoch());
    this.group.committed();
    void durable().then(() => {
      if (this.other === retired) this.otherFree = true;
    });
  }

  /** Closes the files at once, syncing nothing (opening the store failed after the journal opened). */
  abandon(): void {
    this.group.close();
    this.active.close();
    this.other.close();
  }

  /** Stops retrying failed syncs, waits for the last, and closes the files. */
  async close(): Promise<void> {
    this.group.close();
    await this.group.sync();
    this.active.close();
    this.other.close();
  }

  private nextEpoch(): number {
    return Math.max(this.active.epoch, this.other.epoch) + 1;
  }
}
