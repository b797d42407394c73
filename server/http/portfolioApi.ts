/**
 * The portfolio routes (docs/API.md "Portfolios"): create a portfolio, list
 * its boards, attach a board to one and detach it (by the board's facilitator,
 * or by the portfolio's facilitator from the portfolio's side). Starting a
 * board in a portfolio is `POST /api/boards` with `portfolio` (api.ts).
 */
import { z } from 'zod';
import { validate } from '../../shared/schema.ts';
import { FACILITATOR } from './auth.ts';
import { parse, readJsonBody } from './body.ts';
import { sendJson } from './respond.ts';
import { route, type Route } from './router.ts';
import type { ApiServices } from './routes.ts';

const createPortfolioBody = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(200),
  /** Start from the worked example's goals and segments. */
  example: z.boolean().optional(),
});

/** A portfolio named by its id and one of its secrets (its participant's or facilitator's). */
export const portfolioKey = z.strictObject({
  id: z.string().min(1, 'must not be empty').max(64),
  secret: z.string().min(1, 'must not be empty').max(200),
});

/** `/api/portfolios` and a board's `/portfolio`. */
export function portfolioRoutes(s: Pick<ApiServices, 'access' | 'portfolios'>): Route[] {
  return [
    route('POST', '/api/portfolios', async ({ req, res }) => {
      const { title, example } = parse(validate(createPortfolioBody, await readJsonBody(req, 16 * 1024)));
      sendJson(res, 201, await s.portfolios.create(title, example ?? false));
    }),
    route('GET', '/api/portfolios/:portfolioId/boards', async ({ req, res, params: { portfolioId } }) => {
      await s.access.requireRole(req, portfolioId);
      sendJson(res, 200, { boards: await s.portfolios.members(portfolioId) });
    }),
    route('DELETE', '/api/portfolios/:portfolioId/boards/:boardId', async ({ req, res, params: { portfolioId, boardId } }) => {
      await s.access.requireRole(req, portfolioId, FACILITATOR, 'only the portfolio\'s facilitator may take a board out of it');
      sendJson(res, 200, await s.portfolios.detach(boardId, 'the portfolio’s facilitator', portfolioId));
    }),
    route('POST', '/api/boards/:boardId/portfolio', async ({ req, res, params: { boardId } }) => {
      await s.access.requireRole(req, boardId, FACILITATOR, 'only the board\'s facilitator may attach it to a portfolio');
      const key = parse(validate(portfolioKey, await readJsonBody(req, 16 * 1024)));
      await s.portfolios.requireMember(key, '(root)');
      sendJson(res, 200, await s.portfolios.attach(boardId, key.id, 'the board’s facilitator'));
    }),
    route('DELETE', '/api/boards/:boardId/portfolio', async ({ req, res, params: { boardId } }) => {
      await s.access.requireRole(req, boardId, FACILITATOR, 'only the board\'s facilitator may detach it from its portfolio');
      sendJson(res, 200, await s.portfolios.detach(boardId, 'the board’s facilitator'));
    }),
  ];
}
