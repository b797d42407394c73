/**
 * Commits document updates, across all boards, as few storage transactions as
 * keep a quiet room fast and a busy one cheap: the first write of an
 * event-loop turn goes to the store at once (in the call that queued it, so a
 * synchronous store has committed it before the writer's message handler
 * returns, and its broadcast goes out before the next message is read); every
 * later write of the same turn waits for the end of the turn and goes in one
 * transaction (at most two commits a turn however many messages it read; one
 * in flight at a time). Callers learn about durability through the returned
 * promise (committed: a kill of the process cannot lose it); nothing may be
 * broadcast before it resolves, and nothing acknowledged to a person before
 * `synced()` does too. A failed write is retried with backoff and never
 * acknowledged meanwhile.
 */
import { docBelongsToBoard, type DocLog, type DocUpdate } from '../storage/types.ts';

/** The board whose writes the store refused for good (StaleFenceError of ./storage/postgres.ts), if that is the error. */
function refusedBoard(error: unknown): string | undefined {
  const e = error as { code?: unknown; boardId?: unknown } | null;
  return e?.code === 'STALE_FENCE' && typeof e.boardId === 'string' && e.boardId ? e.boardId : undefined;
}

interface Pending extends DocUpdate {
  resolve: (seq: number) => void;
}

export class WriteBatcher {
  private queue: Pending[] = [];
  private scheduled = false;
  private writing: Promise<void> | null = null;
  private failures = 0;
  private closed = false;
  /** A write of this event-loop turn was committed at once: the turn's later ones wait for its end (`write`). */
  private committedThisTurn = false;

  constructor(
    private readonly storage: Pick<DocLog, 'append' | 'sync'>,
    private readonly onError: (error: unknown, attempt: number) => void = () => {},
  ) {}

  /**
   * Queues one update, committing it at once if it is the turn's first and
   * nothing is in flight or failing; resolves with its log sequence number once committed.
   */
  write(docName: string, update: Uint8Array): Promise<number> {
    if (this.closed) return Promise.reject(new Error('write batcher is closed'));
    return new Promise((resolve) => {
      this.queue.push({ docName, update, resolve });
      if (this.queue.length === 1 && !this.writing && !this.scheduled && this.failures === 0 && !this.committedThisTurn) {
        this.committedThisTurn = true;
        setImmediate(() => (this.committedThisTurn = false));
        this.commit();
      } else {
        this.schedule(0);
      }
    });
  }

  /** Resolves once every write that resolved before the call is on disk (DocLog.sync). */
  synced(): Promise<void> {
    return this.storage.sync ? this.storage.sync() : Promise.resolve();
  }

  get pendingCount(): number {
    return this.queue.length;
  }

  /** Whether the last write failed (it is being retried; nothing is acknowledged meanwhile). */
  get failing(): boolean {
    return this.failures > 0;
  }

  private schedule(delayMs: number): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      void this.flush();
    };
    if (delayMs > 0) setTimeout(run, delayMs);
    else setImmediate(run);
  }

  /** Writes everything queued so far; resolves when the queue is empty (or closed). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.queue.length === 0) return;
    this.commit();
    // A commit chains the next one (see commit()): wait for the whole chain.
    while (this.writing) await this.writing;
  }

  /**
   * Appends the queue as one batch. On success the next batch (what was queued
   * meanwhile) goes to the store *before* this one is acknowledged: the
   * broadcast its acknowledgment triggers then overlaps the next commit's fsync
   * instead of delaying its start. Still one append in flight at a time, so a
   * failed batch is retried ahead of anything queued after it.
   */
  private commit(): void {
    const batch = this.queue;
    this.queue = [];
    const append = (async () => this.storage.append(batch.map(({ docName, update }) => ({ docName, update }))))();
    this.writing = append.then(
      (seqs) => {
        this.failures = 0;
        this.writing = null;
        if (this.queue.length > 0) this.commit();
        batch.forEach((p, i) => p.resolve(seqs[i] ?? 0));
      },
      (error: unknown) => {
        // Keep the batch, in order, ahead of anything queued meanwhile; retry later.
        // Except a board the store says this process no longer owns (a stale
        // fence, docs/SCALING.md): its writes can never succeed here; they are
        // dropped unacknowledged, and its clients go to the new owner.
        const lostBoard = refusedBoard(error);
        const kept = lostBoard === undefined ? batch : batch.filter((p) => !docBelongsToBoard(p.docName, lostBoard));
        this.queue = kept.concat(this.queue);
        this.failures++;
        this.writing = null;
        this.onError(error, this.failures);
        this.schedule(Math.min(5_000, 50 * 2 ** Math.min(this.failures, 7)));
      },
    );
  }

  /** Flushes and stops accepting writes (shutdown). Gives up after `timeoutMs` of failures. */
  async close(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length > 0 || this.writing) {
      await this.flush();
      if (this.queue.length > 0) {
        if (Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    this.closed = true;
  }
}
