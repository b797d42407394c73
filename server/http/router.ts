/**
 * The route table: every HTTP endpoint is one row (method, path pattern with
 * named parameters, handler), matched in one place instead of each API module
 * indexing path parts by hand. A path that no row has is not ours (the caller
 * answers 404 or serves the app); a path some row has with another method is a
 * 405 that says, in `Allow`, which methods it takes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, notFound } from './respond.ts';

type Method = 'GET' | 'HEAD' | 'POST' | 'DELETE';

type Segments<Pattern extends string> = Pattern extends `${infer Head}/${infer Tail}`
  ? Segments<Head> & Segments<Tail>
  : Pattern extends `:${infer Name}` ? { [K in Name]: string } : Record<never, never>;

/** The named parameters of a pattern: `/api/boards/:boardId` → `{ boardId: string }`. */
type Params<Pattern extends string> = { [K in keyof Segments<Pattern>]: Segments<Pattern>[K] };

/** What a handler gets: the request, the response, the parsed URL and its decoded parameters. */
export interface RouteContext<P = Record<string, string>> {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: P;
}

export interface Route {
  method: Method;
  pattern: string;
  handler: (ctx: RouteContext) => Promise<void> | void;
}

/** A row of the table; the handler's `params` are typed from the pattern. */
export function route<Pattern extends string>(
  method: Method,
  pattern: Pattern,
  handler: (ctx: RouteContext<Params<Pattern>>) => Promise<void> | void,
): Route {
  return { method, pattern, handler: handler as Route['handler'] };
}

/** Path segments as the server has always read them: empty ones (`//`, a trailing `/`) do not count. */
function segments(pathname: string): string[] {
  return pathname.split('/').filter(Boolean);
}

/**
 * The parameters of `path` under `pattern` (raw, not yet decoded), or undefined
 * when the pattern does not fit. Segments are compared before decoding, so an
 * encoded `/` (`%2F`) stays inside its parameter and never makes a new segment.
 */
function fit(pattern: string[], path: string[]): Record<string, string> | undefined {
  if (pattern.length !== path.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i]!;
    if (want.startsWith(':')) params[want.slice(1)] = path[i]!;
    else if (want !== path[i]) return undefined;
  }
  return params;
}

/** Percent-decodes every parameter; undefined if one is not valid percent-encoding. */
function decodeParams(raw: Record<string, string>): Record<string, string> | undefined {
  const decoded: Record<string, string> = {};
  try {
    for (const [name, value] of Object.entries(raw)) decoded[name] = decodeURIComponent(value);
  } catch {
    return undefined;
  }
  return decoded;
}

interface Match {
  route: Route;
  params: Record<string, string>;
}

export class RouteTable {
  private readonly rows: { route: Route; pattern: string[] }[];

  constructor(routes: readonly Route[]) {
    this.rows = routes.map((r) => ({ route: r, pattern: segments(r.pattern) }));
  }

  /**
   * The row for this method and path, with its decoded parameters; undefined
   * when no row has this path. Throws a 405 (with `Allow`) when rows have the
   * path but not the method, and a 404 when a parameter does not decode (it
   * names nothing that exists; the sync upgrade answers such paths alike).
   */
  match(method: string, pathname: string): Match | undefined {
    const path = segments(pathname);
    const allowed: Method[] = [];
    for (const row of this.rows) {
      const raw = fit(row.pattern, path);
      if (!raw) continue;
      if (row.route.method !== method) {
        if (!allowed.includes(row.route.method)) allowed.push(row.route.method);
        continue;
      }
      const params = decodeParams(raw);
      if (!params) throw notFound('no such endpoint');
      return { route: row.route, params };
    }
    if (allowed.length) throw methodNotAllowed(allowed.join(', '));
    return undefined;
  }

  /** Runs the matching handler; false when no row has this path. */
  async dispatch(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const found = this.match(req.method ?? 'GET', url.pathname);
    if (!found) return false;
    await found.route.handler({ req, res, url, params: found.params });
    return true;
  }
}

function methodNotAllowed(allow: string): HttpError {
  return new HttpError(405, 'method_not_allowed', `use ${allow}`, { Allow: allow });
}
