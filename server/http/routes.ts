/**
 * Every HTTP endpoint of the server in one table (docs/API.md lists them),
 * built from the services the handlers use. Every POST and DELETE counts against the
 * client's write budget before anything else runs (429 when it is spent).
 */
import type { IncomingMessage } from 'node:http';
import type { BoardService } from '../boards.ts';
import type { ConsentService } from '../facilitation/consent.ts';
import type { FacilitationService } from '../facilitation/service.ts';
import type { HistoryService } from '../history/service.ts';
import type { Invites } from '../invites.ts';
import type { JoinThrottle } from '../joinThrottle.ts';
import type { PortfolioService } from '../portfolio/service.ts';
import type { KeyedRateLimiter, TokenBucket } from '../rateLimit.ts';
import type { RoomRegistry } from '../sync/rooms.ts';
import type { RuleEngines } from '../sync/ruleEngine.ts';
import { boardRoutes } from './api.ts';
import type { Access } from './auth.ts';
import { facilitationRoutes } from './facilitationApi.ts';
import { healthRoutes, type HealthContext } from './healthApi.ts';
import { importRoutes } from './importApi.ts';
import { inviteRoutes } from './inviteApi.ts';
import type { PersonRemoval } from '../facilitation/removal.ts';
import type { VotingService } from '../facilitation/voting.ts';
import type { LinkReset } from '../linkReset.ts';
import { HttpError, rateLimited } from './respond.ts';
import { portfolioRoutes } from './portfolioApi.ts';
import { historyRoutes } from './reviewApi.ts';
import { rollupRoutes } from '../portfolio/rollupApi.ts';
import type { RollupWatch } from '../portfolio/rollupWatch.ts';
import { RouteTable, type Route } from './router.ts';
import { serverRoutes, type ServerInfoContext } from './serverApi.ts';

/** What the handlers work with; each route module takes the part it needs. */
export interface ApiServices {
  access: Access;
  boards: BoardService;
  rooms: RoomRegistry;
  /** The rule engine websocket writes go through: the REST add-card goes through it too. */
  rules: RuleEngines;
  facilitation: FacilitationService;
  /** Secret dot voting: ballots, budgets, the tally. */
  voting: VotingService;
  consent: ConsentService;
  history: HistoryService;
  invites: Invites;
  /** A new secret for a board's link that went astray. */
  linkReset: LinkReset;
  /** The facilitator removes a person from a board. */
  removal: PersonRemoval;
  /** Portfolios: create, attach, detach, list boards (issue 15). */
  portfolios: PortfolioService;
  /** Who reads a portfolio's roll-up live, told when it may have changed. */
  rollupWatch: RollupWatch;
  /** Wrong join and projector codes, per client and in all. */
  joinThrottle: JoinThrottle;
  /** POST and DELETE requests per client. */
  writeLimiter: KeyedRateLimiter;
  /** Whether this request's client may create one more board now (BOARDS_PER_HOUR per address; the machine itself always). */
  mayCreateBoard(req: IncomingMessage): boolean;
  /** Server time per client address for the reads that render a whole board (exports, versions, roll-ups); undefined for the machine itself. */
  renderBudget(req: IncomingMessage): TokenBucket | undefined;
  /** The key a request's client is counted under (its address behind trusted proxies). */
  clientKey(req: IncomingMessage): string;
  /** How long a REST write waits for storage before answering 503 (DURABLE_WAIT_MS). */
  durableWaitMs: number;
  health: HealthContext;
  server: ServerInfoContext;
}

/** Counts a POST or DELETE against its client's write budget before its handler runs. */
function limitWrites(s: Pick<ApiServices, 'writeLimiter' | 'clientKey'>, r: Route): Route {
  if (r.method !== 'POST' && r.method !== 'DELETE') return r;
  return {
    ...r,
    handler: (ctx) => {
      if (!s.writeLimiter.take(s.clientKey(ctx.req))) throw rateLimited();
      return r.handler(ctx);
    },
  };
}

/** Routes that create a board (or a portfolio): a bound per address, so nobody fills the storage of a server others use. */
const CREATES_BOARD = new Set(['POST /api/boards', 'POST /api/portfolios']);

/** Counts a board's creation against its client's hourly allowance before its handler runs. */
function limitBoardCreation(s: Pick<ApiServices, 'mayCreateBoard'>, r: Route): Route {
  if (!CREATES_BOARD.has(`${r.method} ${r.pattern}`)) return r;
  return {
    ...r,
    handler: (ctx) => {
      if (!s.mayCreateBoard(ctx.req)) {
        throw new HttpError(429, 'rate_limited', 'this address has created as many boards as it may in an hour; try again later', { 'Retry-After': '60' });
      }
      return r.handler(ctx);
    },
  };
}

/**
 * Reads that render a whole board (an export, a version, a diff of two, a
 * portfolio's roll-up) cost the server up to a second each on a full board, and
 * need only a viewer's link: a red-team session's four PDF exports at a time
 * held every board's updates back for seconds. Each client address may take
 * Limits.renderMsPerSecond of server time for them (a burst of
 * Limits.renderBurstMs), charged after each; past it, 429 until it refills.
 */
const RENDERS = new Set([
  '/api/boards/:boardId/export', '/api/boards/:boardId/history/:snapshotId', '/api/boards/:boardId/history/:from/diff/:to',
  '/api/portfolios/:portfolioId/rollup', '/api/portfolios/:portfolioId/export',
]);

function limitRenders(s: Pick<ApiServices, 'renderBudget'>, r: Route): Route {
  if (r.method !== 'GET' || !RENDERS.has(r.pattern)) return r;
  return {
    ...r,
    handler: async (ctx) => {
      const budget = s.renderBudget(ctx.req);
      if (budget && !budget.charge(0)) {
        throw new HttpError(429, 'rate_limited', 'too many exports from this address for now; try again in a few seconds', { 'Retry-After': '5' });
      }
      const started = performance.now();
      try {
        await r.handler(ctx);
      } finally {
        budget?.charge(performance.now() - started);
      }
    },
  };
}

/** The route table of the whole HTTP API. */
export function routeTable(s: ApiServices): RouteTable {
  const routes = [
    ...healthRoutes(s.health),
    ...serverRoutes(s.server),
    ...boardRoutes(s),
    ...facilitationRoutes(s),
    ...historyRoutes(s),
    ...inviteRoutes(s),
    ...importRoutes(s),
    ...rollupRoutes(s),
    ...portfolioRoutes(s),
  ];
  return new RouteTable(routes.map((r) => limitWrites(s, limitBoardCreation(s, limitRenders(s, r)))));
}
