/** The portfolio HTTP API as the browser uses it (docs/API.md "Portfolios"). */
import type { Direction } from '../../shared/model.ts';
import { isBoardId } from '../../shared/protocol.ts';
import { ApiError, createBoardFromJson, type CreatedBoard } from './boards.ts';
import type { PortfolioBoard, PortfolioKey } from '../../shared/portfolio/portfolioApi.ts';
export type { PortfolioBoard, PortfolioKey };

async function send<T>(path: string, method: 'GET' | 'POST' | 'DELETE', secret?: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { Accept: 'application/json', ...(secret ? { Authorization: `Bearer ${secret}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached.');
  }
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    throw new ApiError(response.status, typeof error?.code === 'string' ? error.code : String(response.status), typeof error?.message === 'string' ? error.message : `Request failed (${response.status}).`);
  }
  return json as T;
}

/**
 * The portfolio a pasted link names: `…/b/<id>#<secret>` (any page of it: the
 * board, its review or projector page), or undefined when it is no such link.
 */
export function parsePortfolioLink(link: string): PortfolioKey | undefined {
  const match = /\/b\/([^/#?\s]+)(?:\/[a-z/]*)?(?:\?[^#]*)?#([^\s#]+)\s*$/.exec(link.trim());
  if (!match || !isBoardId(match[1])) return undefined;
  return { id: match[1]!, secret: decodeURIComponent(match[2]!) };
}

/** A new portfolio (`POST /api/portfolios`): its id, title and secrets. */
export function createPortfolio(title: string): Promise<CreatedBoard & { kind: 'portfolio' }> {
  return send('/api/portfolios', 'POST', undefined, { title });
}

/** A new product board in a portfolio (`POST /api/boards` with `portfolio`), with the portfolio's participant or facilitator secret. */
export function createBoardInPortfolio(input: { title: string; example?: boolean; direction?: Direction; portfolio: PortfolioKey }): Promise<CreatedBoard> {
  return createBoardFromJson(input);
}

/** The portfolio's boards, with their titles and next review (any role of the portfolio). */
export async function fetchPortfolioBoards(portfolioId: string, secret: string): Promise<PortfolioBoard[]> {
  return (await send<{ boards: PortfolioBoard[] }>(`/api/portfolios/${encodeURIComponent(portfolioId)}/boards`, 'GET', secret)).boards;
}

/** The board's facilitator attaches it to a portfolio (`POST /api/boards/<id>/portfolio`). */
export function attachToPortfolio(boardId: string, facilitatorSecret: string, portfolio: PortfolioKey): Promise<{ portfolio: { id: string; title: string }; cards: number }> {
  return send(`/api/boards/${encodeURIComponent(boardId)}/portfolio`, 'POST', facilitatorSecret, portfolio);
}

/** The board's facilitator detaches it (`DELETE /api/boards/<id>/portfolio`): what it kept. */
export function detachFromPortfolio(boardId: string, facilitatorSecret: string): Promise<{ portfolio: { id: string; title: string }; kept: number; links: number }> {
  return send(`/api/boards/${encodeURIComponent(boardId)}/portfolio`, 'DELETE', facilitatorSecret);
}
