/**
 * The live portfolio mirror of this process (issue 15): a portfolio's goals
 * and segments, shown in its product boards, follow the portfolio.
 * - When a loaded portfolio's cards, title or boards change, every attached
 *   product board loaded in this process is reconciled at once
 *   (reconcileMirror), in a server-origin transaction of the board's room: it
 *   is stored before it is broadcast, like every other change.
 * - When a product board loads, it is reconciled from its portfolio (loaded
 *   here, or as stored), so a board not loaded at the time of a change catches
 *   up; the same read is what a board owned by another process gets in a
 *   cluster. With several processes (claims), a loaded board whose portfolio
 *   is not loaded here re-reads the stored portfolio every `pollMs`: live
 *   within a process, within `pollMs` across processes (docs/SCALING.md).
 */
import {
  boardPortfolioId, isPortfolioDoc, mirrorSource, onPortfolioChange, openStoredDoc, readPortfolioMembers, reconcileMirror, SERVER_ORIGIN, type Doc, type MirrorSource,
} from '../../shared/doc/index.ts';
import { roomName } from '../../shared/protocol.ts';
import type { DocLog } from '../storage/types.ts';
import type { DocRoom } from '../sync/docRoom.ts';
import type { RoomRegistry } from '../sync/rooms.ts';

interface MirrorOptions {
  storage: DocLog;
  onError: (error: unknown) => void;
  /** Re-read stored portfolios for loaded boards this often (a cluster: their portfolio may be edited elsewhere); none: never. */
  pollMs?: number;
}

export class PortfolioMirror {
  private rooms: RoomRegistry | undefined;
  /** Product boards loaded here (checked against the registry before use: a room may have unloaded). */
  private readonly boards = new Set<DocRoom>();
  /** Portfolios with a push scheduled (their changes of one tick go out together). */
  private readonly pending = new Set<DocRoom>();
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: MirrorOptions) {
    if (options.pollMs) {
      this.timer = setInterval(() => void this.poll(), options.pollMs);
      this.timer.unref();
    }
  }

  /** The registry the mirror reads loaded rooms from (it is built with `onLoaded`, so it comes after). */
  bind(rooms: RoomRegistry): void {
    this.rooms = rooms;
  }

  /** RoomRegistry's `onLoaded`: a portfolio is watched, a product board reconciled. */
  readonly onLoaded = (room: DocRoom): void => {
    if (room.room.kind !== 'content') return;
    if (isPortfolioDoc(room.doc)) {
      onPortfolioChange(room.doc, () => this.schedule(room));
    } else if (boardPortfolioId(room.doc)) {
      this.boards.add(room);
      this.reconcile(room).catch(this.options.onError);
    }
  };

  /** A product board loaded here, now attached (the portfolio routes): it is watched from now on. */
  watch(room: DocRoom): void {
    this.boards.add(room);
  }

  /**
   * Reads a board's content document without loading it into this process:
   * its room if it is loaded here, else as stored (in a cluster, the process
   * that owns it may be another; what it stored is what is read).
   */
  async read<T>(boardId: string, fn: (doc: Doc) => T): Promise<T> {
    const loaded = this.rooms?.loaded(roomName(boardId, 'content'));
    if (loaded) return fn(loaded.doc);
    const doc = openStoredDoc(await this.options.storage.load(roomName(boardId, 'content')), 'content');
    try {
      return fn(doc);
    } finally {
      doc.destroy();
    }
  }

  /** What a portfolio gives its boards, from its loaded room or as stored; undefined when it is no portfolio. */
  source(portfolioId: string): Promise<MirrorSource | undefined> {
    return this.read(portfolioId, (doc) => (isPortfolioDoc(doc) ? mirrorSource(doc, portfolioId) : undefined));
  }

  /** Brings one loaded product board up to date with its portfolio. */
  async reconcile(room: DocRoom): Promise<void> {
    const portfolioId = boardPortfolioId(room.doc);
    if (!portfolioId) return;
    const source = await this.source(portfolioId);
    // The board may have unloaded or left the portfolio meanwhile.
    if (!source || !this.isLoaded(room) || boardPortfolioId(room.doc) !== portfolioId) return;
    reconcileMirror(room.doc, source, SERVER_ORIGIN);
  }

  private isLoaded(room: DocRoom): boolean {
    return this.rooms?.loaded(room.room.docName) === room;
  }

  private schedule(portfolio: DocRoom): void {
    if (this.pending.has(portfolio)) return;
    this.pending.add(portfolio);
    setImmediate(() => {
      this.pending.delete(portfolio);
      try {
        this.push(portfolio);
      } catch (error) {
        this.options.onError(error);
      }
    });
  }

  /** Sends a portfolio's state to each of its boards loaded here. */
  private push(portfolio: DocRoom): void {
    if (!this.isLoaded(portfolio)) return;
    const source = mirrorSource(portfolio.doc, portfolio.room.boardId);
    for (const { board } of readPortfolioMembers(portfolio.doc)) {
      const room = this.rooms?.loaded(roomName(board, 'content'));
      if (room && boardPortfolioId(room.doc) === source.id) reconcileMirror(room.doc, source, SERVER_ORIGIN);
    }
  }

  /** Cluster catch-up: boards whose portfolio is not loaded here re-read it as stored. */
  private async poll(): Promise<void> {
    for (const room of [...this.boards]) {
      if (!this.isLoaded(room)) {
        this.boards.delete(room);
        continue;
      }
      const portfolioId = boardPortfolioId(room.doc);
      if (!portfolioId) {
        this.boards.delete(room);
        continue;
      }
      if (this.rooms?.loaded(roomName(portfolioId, 'content'))) continue;
      await this.reconcile(room).catch(this.options.onError);
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
