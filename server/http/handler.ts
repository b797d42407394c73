/**
 * The one way an HTTP request is answered: security headers first, then the
 * route table, then the built client for any other GET; and one error path,
 * which answers every failure in the contract's shape `{ error: { code,
 * message } }`. Bad input is a 4xx naming the bad field; only our own faults
 * are a 500, logged without the query string (secrets travel there) and
 * answered without a stack trace.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../app.ts';
import { FacilitationError } from '../facilitation/service.ts';
import { NewerSchemaError } from '../../shared/doc/migrations.ts';
import { SnapshotRateError } from '../history/service.ts';
import { applySecurityHeaders, type WebPolicy } from '../net/webPolicy.ts';
import { BoardOwnedElsewhere } from '../sync/rooms.ts';
import { badRequest, HttpError, notFound, sendError } from './respond.ts';
import type { RouteTable } from './router.ts';

interface RequestHandlerOptions {
  routes: RouteTable;
  web: WebPolicy;
  logger: Logger;
  /** Serves the built client (sirv, with the app page for unknown paths); absent when it is not built. */
  serveStatic?: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  /** Several processes (server/cluster/): relays the request to the board's owner when another process owns it (true). */
  forward?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
}

const FACILITATION_CODES = { 400: 'bad_request', 403: 'forbidden', 404: 'not_found', 409: 'conflict' } as const;

/** The HTTP answer to an error the services throw for a reason the caller can act on; undefined for our own faults. */
function httpErrorOf(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof FacilitationError) return new HttpError(error.status, FACILITATION_CODES[error.status], `${error.path}: ${error.message}`);
  if (error instanceof SnapshotRateError) {
    return new HttpError(429, 'rate_limited', error.message, { 'Retry-After': String(Math.ceil(error.retryAfterMs / 1000)) });
  }
  // Several processes on PostgreSQL (docs/SCALING.md): the board's owner moved or is not reachable: try again.
  if (error instanceof BoardOwnedElsewhere) return new HttpError(503, 'board_elsewhere', 'the board is served by another process; try again', { 'Retry-After': '1' });
  // A board written by a newer version of the server (or set so by hand): not this server's to open.
  if (error instanceof NewerSchemaError) return new HttpError(409, 'conflict', `board: ${error.message}; update the server to open it`);
  return undefined;
}

/** The request's URL; a 400 for a request target that is no URL at all (`GET //`). */
function requestUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    throw badRequest('(url)', 'not a valid request path');
  }
}

export function requestHandler(options: RequestHandlerOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { routes, web, logger, serveStatic, forward } = options;
  return async (req, res) => {
    try {
      applySecurityHeaders(req, res, web);
      const url = requestUrl(req);
      if (forward && (await forward(req, res, url))) return;
      if (await routes.dispatch(req, res, url)) return;
      if (url.pathname.startsWith('/api/')) throw notFound('no such endpoint');
      if (serveStatic && (req.method === 'GET' || req.method === 'HEAD')) {
        serveStatic(req, res, () => sendError(res, notFound('not found')));
        return;
      }
      throw notFound(serveStatic ? 'not found' : 'client not built: run `npm run build`');
    } catch (error) {
      const known = httpErrorOf(error);
      if (known) return sendError(res, known);
      logger.error(`request failed: ${req.method} ${(req.url ?? '').split('?')[0]}`, error);
      sendError(res, new HttpError(500, 'internal', 'internal error'));
    }
  };
}
