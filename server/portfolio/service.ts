/**
 * Portfolios (issue 15): creating one, starting a product board in one,
 * attaching and detaching a board, and listing a portfolio's boards. A
 * portfolio is a board record whose content document is marked a portfolio
 * (shared/doc/records/portfolio.ts): it has its own secrets, roles, live sync,
 * history and exports. Which portfolio a board belongs to is written only here
 * and by the mirror (mirror.ts), in server-origin transactions of the rooms,
 * stored before they are broadcast.
 *
 * Access: starting a board in a portfolio or attaching one takes the
 * portfolio's participant or facilitator secret (a viewer's link reads it
 * only); a board's secrets never open its portfolio, nor the reverse, since
 * each record checks only its own.
 */
import {
  addPortfolioMember, attachMirror, boardPortfolioId, detachMirror, initBoard, isPortfolioDoc, markPortfolio, PORTFOLIO_COLUMNS,
  readBoardInfo, readCards, readPortfolioMembers, removePortfolioMember, BUILD_ORIGIN, SERVER_ORIGIN, deleteCard, type Doc,
} from '../../shared/doc/index.ts';
import { buildExampleBoard } from '../../shared/exampleBoard.ts';
import type { Direction } from '../../shared/model.ts';
import type { BoardService, CreatedBoard } from '../boards.ts';
import { durable, room } from '../http/api.ts';
import { HttpError, notFound } from '../http/respond.ts';
import type { RoomRegistry } from '../sync/rooms.ts';
import type { PortfolioMirror } from './mirror.ts';
import type { PortfolioBoard, PortfolioKey } from '../../shared/portfolio/portfolioApi.ts';
export type { PortfolioBoard, PortfolioKey };

export class PortfolioService {
  constructor(
    private readonly boards: BoardService,
    private readonly rooms: RoomRegistry,
    readonly mirror: PortfolioMirror,
    private readonly durableWaitMs: number,
  ) {}

  /** A new portfolio: blank, or the worked example's goals and segments. */
  async create(title: string, example: boolean): Promise<CreatedBoard & { kind: 'portfolio' }> {
    const created = await this.boards.createBuilt(title, (doc) => {
      initBoard(doc, { title }, BUILD_ORIGIN);
      markPortfolio(doc, BUILD_ORIGIN);
      if (example) keepPortfolioColumns(doc, () => buildExampleBoard(doc));
    });
    return { ...created, kind: 'portfolio' };
  }

  /**
   * Checks that `key` opens a portfolio for someone who may add boards to it
   * (its participant or facilitator): 404, 401, 403 or 400 naming `path`.
   */
  async requireMember(key: PortfolioKey, path = 'portfolio'): Promise<void> {
    const access = await this.boards.authorize(key.id, key.secret);
    if (access === 'not-found') throw notFound(`${path}.id: no such portfolio`);
    if (access === 'unauthorized') {
      throw new HttpError(401, 'unauthorized', `${path}.secret: not a secret of this portfolio (a board's secrets do not open its portfolio)`, { 'WWW-Authenticate': 'Bearer' });
    }
    if (access.role !== 'participant' && access.role !== 'facilitator') {
      throw new HttpError(403, 'forbidden', `${path}.secret: a ${access.role}'s link only reads the portfolio: use its participant or facilitator link to add a board`);
    }
    if (!(await this.mirror.read(key.id, isPortfolioDoc))) throw new HttpError(400, 'bad_request', `${path}.id: this is a product board, not a portfolio`);
  }

  /** A new product board in a portfolio (the caller checked `requireMember`): its goals and segments are mirrored from the start. */
  async createBoardIn(portfolioId: string, title: string, options: { direction?: Direction; example?: boolean }): Promise<CreatedBoard & { portfolio: { id: string; title: string } }> {
    const source = await this.mirror.source(portfolioId);
    if (!source) throw new HttpError(400, 'bad_request', 'portfolio.id: this is a product board, not a portfolio');
    const created = await this.boards.createBuilt(title, (doc) => {
      initBoard(doc, { title, ...(options.direction ? { direction: options.direction } : {}) }, BUILD_ORIGIN);
      if (options.example) buildExampleBoard(doc);
      attachMirror(doc, source, undefined, BUILD_ORIGIN);
    });
    await this.rooms.with(room(portfolioId), async (r) => {
      addPortfolioMember(r.doc, created.id, Date.now(), SERVER_ORIGIN);
      await durable(r, this.durableWaitMs, `the board ${created.id} was created and will be listed in the portfolio once storage recovers`);
    });
    return { ...created, portfolio: { id: source.id, title: source.title } };
  }

  /** Attaches a product board to a portfolio (the caller checked both secrets). */
  async attach(boardId: string, portfolioId: string, by?: string): Promise<{ portfolio: { id: string; title: string }; cards: number }> {
    if (boardId === portfolioId) throw new HttpError(409, 'conflict', 'id: a portfolio does not join itself');
    const source = await this.mirror.source(portfolioId);
    if (!source) throw new HttpError(400, 'bad_request', 'id: this is a product board, not a portfolio');
    await this.rooms.with(room(boardId), async (r) => {
      if (isPortfolioDoc(r.doc)) throw new HttpError(409, 'conflict', 'this is a portfolio: only product boards join a portfolio');
      const current = readBoardInfo(r.doc).portfolio;
      if (current && current.id !== portfolioId) throw new HttpError(409, 'conflict', `this board is in the portfolio “${current.title}”: detach it first`);
      if (!current) attachMirror(r.doc, source, by, SERVER_ORIGIN);
      this.mirror.watch(r);
      await durable(r, this.durableWaitMs, 'the board joined the portfolio; it is kept and stored once storage recovers');
    });
    await this.rooms.with(room(portfolioId), async (r) => {
      addPortfolioMember(r.doc, boardId, Date.now(), SERVER_ORIGIN);
      await durable(r, this.durableWaitMs, 'the board will be listed in the portfolio once storage recovers');
    });
    return { portfolio: { id: source.id, title: source.title }, cards: source.cards.length };
  }

  /**
   * Detaches a board from its portfolio: its mirrored goals and segments become
   * its own cards (links kept), logged in its decision log; the portfolio no
   * longer lists it. `from`: only if the board is in this portfolio (the
   * portfolio's route), else 404.
   */
  async detach(boardId: string, by: string, from?: string): Promise<{ portfolio: { id: string; title: string }; kept: number; links: number }> {
    const done = await this.rooms.with(room(boardId), async (r) => {
      const portfolio = readBoardInfo(r.doc).portfolio;
      if (from !== undefined && portfolio?.id !== from) throw notFound('this board is not in this portfolio');
      if (!portfolio) throw new HttpError(409, 'conflict', 'this board is in no portfolio');
      const { cards, links } = detachMirror(r.doc, by, SERVER_ORIGIN);
      await durable(r, this.durableWaitMs, 'the board left the portfolio; it is kept and stored once storage recovers');
      return { portfolio, kept: cards.length, links };
    });
    if (await this.boards.get(done.portfolio.id)) {
      await this.rooms.with(room(done.portfolio.id), async (r) => {
        removePortfolioMember(r.doc, boardId, SERVER_ORIGIN);
        await durable(r, this.durableWaitMs, 'the board will leave the portfolio\'s list once storage recovers');
      });
    }
    return done;
  }

  /** The boards of a portfolio, oldest first, with their titles and next review (read without loading them). */
  async members(portfolioId: string): Promise<PortfolioBoard[]> {
    const members = await this.mirror.read(portfolioId, (doc) => (isPortfolioDoc(doc) ? readPortfolioMembers(doc) : []));
    const out: PortfolioBoard[] = [];
    for (const m of members) {
      const info = await this.mirror.read(m.board, (doc) => ({ info: readBoardInfo(doc), portfolio: boardPortfolioId(doc) }));
      if (info.portfolio !== portfolioId) continue;
      out.push({ id: m.board, title: info.info.title, ...(info.info.nextReview ? { nextReview: info.info.nextReview } : {}), attachedAt: m.attachedAt });
    }
    return out;
  }
}

/** Runs `build` and keeps only the cards a portfolio holds (goals and segments; the rest goes with its links and commitments). */
function keepPortfolioColumns(doc: Doc, build: () => void): void {
  build();
  for (const card of readCards(doc)) {
    if (!(PORTFOLIO_COLUMNS as readonly string[]).includes(card.column)) deleteCard(doc, card.id, BUILD_ORIGIN);
  }
}
