/**
 * Portfolio helpers for integration and security tests: the HTTP calls of
 * docs/API.md "Portfolios", made with real `fetch`.
 */
import type * as Y from 'yjs';
import { readCards, type Card } from '../../shared/doc/index.ts';
import type { CreatedBoard } from './clients.ts';

/** A JSON request with an optional bearer secret: the status and the parsed body. */
export async function call(
  url: string, method: 'GET' | 'POST' | 'DELETE', path: string, token?: string, body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> & { error?: { code: string; message: string } } }> {
  const res = await fetch(url + path, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export async function createPortfolio(url: string, title = 'Acme portfolio', example = false): Promise<CreatedBoard & { kind: string }> {
  const r = await call(url, 'POST', '/api/portfolios', undefined, { title, example });
  if (r.status !== 201) throw new Error(`create portfolio: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as unknown as CreatedBoard & { kind: string };
}

/** A product board started in a portfolio with the portfolio's `secret`. */
export async function createBoardIn(url: string, portfolio: { id: string; secret: string }, title = 'Product board'): Promise<CreatedBoard> {
  const r = await call(url, 'POST', '/api/boards', undefined, { title, portfolio });
  if (r.status !== 201) throw new Error(`create board in portfolio: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as unknown as CreatedBoard;
}

/** The goals and segments a board shows from its portfolio. */
export const mirrored = (doc: Y.Doc): Card[] => readCards(doc).filter((c) => c.portfolio !== undefined);
export const cardText = (doc: Y.Doc, id: string): string | undefined => readCards(doc).find((c) => c.id === id)?.text;
