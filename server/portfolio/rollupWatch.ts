/**
 * Tells roll-up readers when a portfolio's roll-up may have changed, so the
 * roll-up on a wall follows a product team's edits within seconds instead of
 * at its next poll.
 *
 * A reader of the roll-up holds no secrets of the member boards, so it cannot
 * join their rooms; it subscribes here instead (`GET
 * /api/portfolios/<id>/rollup/events`, docs/API.md) and fetches the roll-up
 * again when told. Every content room loaded in this process is watched while
 * someone reads a roll-up: a change to a portfolio, or to a board that
 * belongs to one, tells that portfolio's readers, at most once per `delayMs`
 * (a workshop types many changes a second; the roll-up is a summary). With
 * several processes a member board loaded in another process tells nobody
 * here: the page's poll covers it (docs/SCALING.md).
 */
import { boardPortfolioId, isPortfolioDoc, onDocChange } from '../../shared/doc/index.ts';
import type { DocRoom } from '../sync/docRoom.ts';

export interface RollupWatchOptions {
  /** Quiet time after a change before readers are told (changes meanwhile join it). */
  delayMs?: number;
  /** Readers of one portfolio at most (each is an open HTTP response). */
  maxPerPortfolio?: number;
  /** Readers in all at most. */
  maxReaders?: number;
}

/** Why a reader was not subscribed: too many readers of that portfolio, or in all. */
export class TooManyReaders extends Error {}

export class RollupWatch {
  private readonly readers = new Map<string, Set<() => void>>();
  private readonly due = new Map<string, NodeJS.Timeout>();
  private count = 0;
  private readonly delayMs: number;
  private readonly maxPerPortfolio: number;
  private readonly maxReaders: number;

  constructor(options: RollupWatchOptions = {}) {
    this.delayMs = options.delayMs ?? 1_500;
    this.maxPerPortfolio = options.maxPerPortfolio ?? 50;
    this.maxReaders = options.maxReaders ?? 500;
  }

  /** RoomRegistry's `onLoaded`: a loaded board or portfolio tells its portfolio's readers of its changes. */
  readonly onLoaded = (room: DocRoom): void => {
    if (room.room.kind !== 'content') return;
    const doc = room.doc;
    onDocChange(doc, () => {
      if (this.readers.size === 0) return; // no one reads a roll-up: nothing to look up
      const portfolio = isPortfolioDoc(doc) ? room.room.boardId : boardPortfolioId(doc);
      if (portfolio !== undefined && this.readers.has(portfolio)) this.schedule(portfolio);
    });
  };

  /**
   * Subscribes `changed` to the roll-up of `portfolioId`; returns the function
   * that unsubscribes. Throws TooManyReaders past the limits.
   */
  subscribe(portfolioId: string, changed: () => void): () => void {
    const set = this.readers.get(portfolioId) ?? new Set();
    if (set.size >= this.maxPerPortfolio || this.count >= this.maxReaders) throw new TooManyReaders();
    set.add(changed);
    this.readers.set(portfolioId, set);
    this.count++;
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      this.count--;
      set.delete(changed);
      if (set.size === 0 && this.readers.get(portfolioId) === set) {
        this.readers.delete(portfolioId);
        clearTimeout(this.due.get(portfolioId));
        this.due.delete(portfolioId);
      }
    };
  }

  /** Readers subscribed now (all portfolios). */
  get readerCount(): number {
    return this.count;
  }

  private schedule(portfolioId: string): void {
    if (this.due.has(portfolioId)) return;
    this.due.set(
      portfolioId,
      setTimeout(() => {
        this.due.delete(portfolioId);
        for (const changed of [...(this.readers.get(portfolioId) ?? [])]) changed();
      }, this.delayMs),
    );
  }

  /** Stops every pending notice (shutdown); the readers' responses are ended by the HTTP server. */
  close(): void {
    for (const timer of this.due.values()) clearTimeout(timer);
    this.due.clear();
  }
}
