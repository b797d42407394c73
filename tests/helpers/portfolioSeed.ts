/**
 * Seeds a portfolio with three member boards (tests/helpers/portfolioFixture.ts)
 * into a running test server: the four boards are created over HTTP (real ids
 * and secrets), then the portfolio layout and the boards' content are written
 * through the document layer into the server's own rooms, as the server's
 * portfolio mirror writes them, and awaited until stored.
 *
 * Until the portfolio API (issue 15's core: `POST /api/portfolios`, attach)
 * is merged this is the only way to make a portfolio; after the merge, switch
 * the creation and attaching to that API and keep the content writes.
 */
import { SERVER_ORIGIN } from '../../shared/doc/index.ts';
import { parseRoom, roomName } from '../../shared/protocol.ts';
import type { CreatedBoard } from '../../server/boards.ts';
import type { DocRoom } from '../../server/sync/docRoom.ts';
import type { TestServer } from './server.ts';
import { BOARD_TITLES, PORTFOLIO_TITLE, writePortfolioFixture, type PortfolioFixtureDocs } from './portfolioFixture.ts';

export type SeededPortfolio = PortfolioFixtureDocs<CreatedBoard>;

async function createBoard(url: string, title: string): Promise<CreatedBoard> {
  const res = await fetch(`${url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title }) });
  if (res.status !== 201) throw new Error(`creating "${title}" answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as CreatedBoard;
}

/** Creates the portfolio "Acme 2027" and its boards Onboarding, Sales enablement and Support portal on `server`. */
export async function seedPortfolio(server: Pick<TestServer, 'url' | 'rooms'>): Promise<SeededPortfolio> {
  const created: SeededPortfolio = {
    portfolio: await createBoard(server.url, PORTFOLIO_TITLE),
    onboarding: await createBoard(server.url, BOARD_TITLES.onboarding),
    sales: await createBoard(server.url, BOARD_TITLES.sales),
    support: await createBoard(server.url, BOARD_TITLES.support),
  };
  const address = (board: CreatedBoard) => parseRoom(roomName(board.id, 'content'))!;
  const rooms = server.rooms;
  await rooms.with(address(created.portfolio), (portfolio) => rooms.with(address(created.onboarding), (onboarding) =>
    rooms.with(address(created.sales), (sales) => rooms.with(address(created.support), async (support) => {
      const docs = { portfolio: portfolio.doc, onboarding: onboarding.doc, sales: sales.doc, support: support.doc };
      const ids = { portfolio: created.portfolio.id, onboarding: created.onboarding.id, sales: created.sales.id, support: created.support.id };
      writePortfolioFixture(docs, ids, SERVER_ORIGIN);
      await Promise.all([portfolio, onboarding, sales, support].map((r: DocRoom) => r.whenDurable()));
    }))));
  return created;
}
