/**
 * Gathers what the roll-up derivation needs from the server's rooms: the
 * portfolio's content document (its goals, segments and member list) and
 * each member board's (snapshot, next review, cadence, check-ins), read
 * through the room registry like every export, so a board open in a
 * workshop is read as it is live, and a board nobody has open is loaded
 * from storage. A member board that no longer exists is left out.
 */
import { exportBoardJson, isPortfolioDoc, readBoard, readBoardInfo, readPortfolioMembers } from '../../shared/doc/index.ts';
import type { BoardJson } from '../../shared/schema.ts';
import { readCheckIns, readReviewCadence } from '../../shared/doc/review.ts';
import { deriveRollup } from '../../shared/portfolio/rollup.ts';
import type { Rollup, RollupBoardInput } from '../../shared/portfolio/rollupModel.ts';
import type { BoardSnapshot } from '../../shared/model.ts';
import type { BoardService } from '../boards.ts';
import { room } from '../http/api.ts';
import { notFound } from '../http/respond.ts';
import type { RoomRegistry } from '../sync/rooms.ts';

/** A portfolio read at one moment: its snapshot, its board JSON, its member boards. */
export interface GatheredPortfolio {
  id: string;
  snapshot: BoardSnapshot;
  json: BoardJson;
  boards: RollupBoardInput[];
}

/** Reads the portfolio `portfolioId` and its member boards; a 404 when the id is no portfolio. */
export async function gatherPortfolio(rooms: RoomRegistry, boards: Pick<BoardService, 'get'>, portfolioId: string): Promise<GatheredPortfolio> {
  const portfolio = await rooms.with(room(portfolioId), (r) => {
    if (!isPortfolioDoc(r.doc)) return undefined;
    return { snapshot: readBoard(r.doc), json: exportBoardJson(r.doc, portfolioId), members: readPortfolioMembers(r.doc) };
  });
  if (!portfolio) throw notFound('no such portfolio');
  const members: RollupBoardInput[] = [];
  for (const { board } of portfolio.members) {
    if (!(await boards.get(board))) continue;
    members.push(await rooms.with(room(board), (r) => {
      const info = readBoardInfo(r.doc);
      const cadence = readReviewCadence(r.doc);
      return {
        id: board, title: info.title,
        ...(info.nextReview ? { nextReview: info.nextReview } : {}),
        ...(cadence ? { cadence } : {}),
        snapshot: readBoard(r.doc),
        checkIns: readCheckIns(r.doc),
      };
    }));
  }
  return { id: portfolioId, snapshot: portfolio.snapshot, json: portfolio.json, boards: members };
}

/** The roll-up of a gathered portfolio on `today` (ISO date). */
export function rollupOf(gathered: GatheredPortfolio, today: string): Rollup {
  return deriveRollup({ portfolio: { id: gathered.id, snapshot: gathered.snapshot }, boards: gathered.boards, today });
}
