/**
 * The portfolio records: a portfolio is a document of the same layout as a
 * board, holding the company's business goals and segments (the two
 * right-hand columns) and the list of product boards that belong to it.
 * A product board in a portfolio shows those goals and segments as mirrored
 * cards (same ids, `portfolio` set on the card, records/card.ts), written only
 * by the server, so links, traces and exports treat them as any other card.
 *
 * Layout:
 * - the `board` map of a portfolio's document: `kind` = 'portfolio';
 * - the `board` map of a product board's document: `portfolio` = the
 *   portfolio's id, `portfolioTitle` = its title as last mirrored;
 * - the portfolio document's `portfolioBoards` Y.Map<boardId, attachedAt ms>.
 * Every key here is the server's to write (the rule engine refuses them from
 * clients); reads validate what they find.
 */
import type * as Y from 'yjs';
import { boardIdSchema, isoFromMillis } from '../../validate.ts';
import { LOCAL_ORIGIN, type Origin } from '../origin.ts';
import { boardRoot } from './boardInfo.ts';

/** The columns a portfolio holds and mirrors into its boards. */
export const PORTFOLIO_COLUMNS = ['goal', 'segment'] as const;

/** A product board's membership of a portfolio, as the portfolio records it. */
export interface PortfolioMember {
  board: string;
  /** ISO timestamp */
  attachedAt: string;
}

/** The `portfolioBoards` root of a portfolio document. */
export function portfolioBoardsRoot(doc: Y.Doc): Y.Map<number> {
  return doc.getMap('portfolioBoards');
}

/** Marks a new document as a portfolio's. */
export function markPortfolio(doc: Y.Doc, origin: Origin = LOCAL_ORIGIN): void {
  doc.transact(() => boardRoot(doc).set('kind', 'portfolio'), origin);
}

/** Whether the document is a portfolio's. */
export function isPortfolioDoc(doc: Y.Doc): boolean {
  return boardRoot(doc).get('kind') === 'portfolio';
}

/** Records (or, with null, clears) the portfolio a product board belongs to. */
export function setBoardPortfolio(doc: Y.Doc, portfolio: { id: string; title: string } | null, origin: Origin = LOCAL_ORIGIN): void {
  doc.transact(() => {
    const board = boardRoot(doc);
    if (portfolio === null) {
      board.delete('portfolio');
      board.delete('portfolioTitle');
    } else {
      if (board.get('portfolio') !== portfolio.id) board.set('portfolio', portfolio.id);
      if (board.get('portfolioTitle') !== portfolio.title) board.set('portfolioTitle', portfolio.title);
    }
  }, origin);
}

/** Adds a board to a portfolio's list (keeping the first attach time). */
export function addPortfolioMember(doc: Y.Doc, boardId: string, at: number = Date.now(), origin: Origin = LOCAL_ORIGIN): void {
  doc.transact(() => {
    const root = portfolioBoardsRoot(doc);
    if (!root.has(boardId)) root.set(boardId, at);
  }, origin);
}

/** Takes a board off a portfolio's list. */
export function removePortfolioMember(doc: Y.Doc, boardId: string, origin: Origin = LOCAL_ORIGIN): void {
  doc.transact(() => portfolioBoardsRoot(doc).delete(boardId), origin);
}

/** The portfolio's boards, oldest attach first (invalid entries skipped). */
export function readPortfolioMembers(doc: Y.Doc): PortfolioMember[] {
  const out: PortfolioMember[] = [];
  for (const [board, at] of portfolioBoardsRoot(doc)) {
    const attachedAt = isoFromMillis(at);
    if (attachedAt && boardIdSchema.safeParse(board).success) out.push({ board, attachedAt });
  }
  return out.sort((a, b) => a.attachedAt.localeCompare(b.attachedAt) || a.board.localeCompare(b.board));
}
