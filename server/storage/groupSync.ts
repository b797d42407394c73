/**
 * Syncs one at a time (a group commit), for the SQLite server store's WAL and
 * its update journal (./sqliteServer.ts, ./updateJournal.ts): `committed()`
 * after each write starts a sync on the next turn of the event loop (after
 * what the write allows, a broadcast, has gone out) unless one is running, in
 * which case the next one starts when it ends; `sync()` resolves once a sync
 * that started after every write made before the call has ended. A failing
 * sync is retried (until `close()`).
 */

/** Wait before retrying a failed sync. */
export const SYNC_RETRY_MS = 100;

export class GroupSync {
  /** Writes so far, and how many of them the last completed sync covered. */
  private commits = 0;
  private synced = 0;
  /** The last write whose sync was asked to start soon. */
  private soonUpTo = 0;
  private running = false;
  private scheduled = false;
  private closed = false;
  private waiters: { upTo: number; resolve: () => void }[] = [];

  /** `syncOnce`: one sync of everything written so far (an fdatasync); rejects if it failed. */
  constructor(private readonly syncOnce: () => Promise<void>) {}

  /** Records a write; `soon`: its sync starts on the next turn (or after the running one), else only when asked for. */
  committed(soon = true): void {
    this.commits++;
    if (!soon) return;
    this.soonUpTo = this.commits;
    this.schedule();
  }

  /** Resolves once every write made before the call is on disk. */
  sync(): Promise<void> {
    const upTo = this.commits;
    if (this.synced >= upTo) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.waiters.push({ upTo, resolve }));
    this.schedule();
    return done;
  }

  close(): void {
    this.closed = true;
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.run();
    });
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const upTo = this.commits;
    for (;;) {
      try {
        await this.syncOnce();
        break;
      } catch {
        if (this.closed) break;
        await new Promise((r) => setTimeout(r, SYNC_RETRY_MS));
      }
    }
    this.synced = upTo;
    this.running = false;
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) {
      if (w.upTo <= upTo) w.resolve();
      else this.waiters.push(w);
    }
    if (this.soonUpTo > upTo || this.waiters.length > 0) this.schedule();
  }
}
