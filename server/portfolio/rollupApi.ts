/**
 * The roll-up routes of a portfolio (docs/API.md): the roll-up as JSON or as
 * a Markdown, CSV or PDF file, and the portfolio export. Any role of the
 * portfolio itself reads them (its own secrets: a board's secrets are no
 * portfolio's); an id that is no portfolio is a 404.
 */
import { isoDate } from '../../shared/validate.ts';
import { slug } from '../export/view.ts';
import { isPortfolioDoc } from '../../shared/doc/index.ts';
import { room } from '../http/api.ts';
import { badRequest, HttpError, notFound, sendFile, sendJson } from '../http/respond.ts';
import { route, type Route } from '../http/router.ts';
import type { ApiServices } from '../http/routes.ts';
import { gatherPortfolio, rollupOf } from './rollupGather.ts';
import { isRollupFormat, ROLLUP_FORMATS, rollupCsv, rollupMarkdown } from './rollupExport.ts';
import { TooManyReaders } from './rollupWatch.ts';

/** The portfolio export's format name and version. */
export const PORTFOLIO_EXPORT_FORMAT = 'product-vcp-portfolio';

/** Today as the server's calendar has it (UTC: the server is one place for everyone). */
function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** How often an open roll-up event stream gets a comment line, so proxies and the browser keep it open. */
const KEEPALIVE_MS = 25_000;

/** `/api/portfolios/:portfolioId/rollup`, `…/rollup/events` and `/api/portfolios/:portfolioId/export`. */
export function rollupRoutes(s: Pick<ApiServices, 'access' | 'boards' | 'rooms' | 'rollupWatch'>): Route[] {
  return [
    // Server-sent events: `changed` when the roll-up may have changed (RollupWatch); the page fetches it again.
    route('GET', '/api/portfolios/:portfolioId/rollup/events', async ({ req, res, params: { portfolioId } }) => {
      await s.access.requireRole(req, portfolioId);
      if (!(await s.rooms.with(room(portfolioId), (r) => isPortfolioDoc(r.doc)))) throw notFound('no such portfolio');
      let unsubscribe: () => void;
      try {
        unsubscribe = s.rollupWatch.subscribe(portfolioId, () => res.write('event: changed\ndata: {}\n\n'));
      } catch (error) {
        if (error instanceof TooManyReaders) throw new HttpError(429, 'rate_limited', 'too many open roll-up streams; the page polls instead', { 'Retry-After': '30' });
        throw error;
      }
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
      res.write('event: ready\ndata: {}\n\n');
      const keepalive = setInterval(() => res.write(': keep-alive\n\n'), KEEPALIVE_MS);
      res.once('close', () => {
        clearInterval(keepalive);
        unsubscribe();
      });
    }),
    route('GET', '/api/portfolios/:portfolioId/rollup', async ({ req, res, url, params: { portfolioId } }) => {
      await s.access.requireRole(req, portfolioId);
      const format = url.searchParams.get('format');
      if (format !== null && !isRollupFormat(format)) {
        throw badRequest('format', `unsupported roll-up format "${format.slice(0, 20)}"; supported: ${ROLLUP_FORMATS.join(', ')}`);
      }
      const bom = url.searchParams.get('bom');
      if (bom !== null && bom !== '0' && bom !== '1') throw badRequest('bom', 'must be 0 or 1');
      // The browser passes its own calendar day, so "overdue" matches the day on the reader's screen.
      const on = url.searchParams.get('today') ?? today();
      if (!isoDate.safeParse(on).success) throw badRequest('today', 'must be an ISO date (YYYY-MM-DD)');
      const rollup = rollupOf(await gatherPortfolio(s.rooms, s.boards, portfolioId), on);
      if (format === null) return sendJson(res, 200, rollup);
      const exportedAt = new Date().toISOString();
      const name = `${slug(rollup.portfolio.title)}-rollup`;
      if (format === 'json') return sendFile(res, `${JSON.stringify(rollup, null, 2)}\n`, 'application/json; charset=utf-8', `${name}.json`);
      if (format === 'md') return sendFile(res, rollupMarkdown(rollup, exportedAt), 'text/markdown; charset=utf-8', `${name}.md`);
      if (format === 'csv') return sendFile(res, rollupCsv(rollup, { bom: bom === '1' }), 'text/csv; charset=utf-8', `${name}.csv`);
      // pdfkit loads on the first PDF asked for, not at start (server/export/index.ts does the same).
      return sendFile(res, await (await import('./rollupPdf.ts')).rollupPdf(rollup, exportedAt), 'application/pdf', `${name}.pdf`);
    }),
    route('GET', '/api/portfolios/:portfolioId/export', async ({ req, res, params: { portfolioId } }) => {
      await s.access.requireRole(req, portfolioId);
      const gathered = await gatherPortfolio(s.rooms, s.boards, portfolioId);
      const body = {
        format: PORTFOLIO_EXPORT_FORMAT,
        version: 1,
        portfolio: gathered.json,
        boards: gathered.boards.map((b) => ({ id: b.id, title: b.title })),
        rollup: rollupOf(gathered, today()),
      };
      sendFile(res, `${JSON.stringify(body, null, 2)}\n`, 'application/json; charset=utf-8', `${slug(gathered.json.board.title)}.portfolio.json`);
    }),
  ];
}
