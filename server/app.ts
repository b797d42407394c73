/**
 * The server: one port for the built client, the HTTP API and the sync
 * websocket. `startServer` wires storage, rooms and services to the route
 * table (server/http/routes.ts) and the sync upgrade (server/sync/upgrade.ts);
 * main.ts and the tests run it.
 */
import { createServer as createHttpServer } from 'node:http';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { CloseCode, Limits } from '../shared/protocol.ts';
import { BoardService } from './boards.ts';
import { DEFAULT_BOARDS_PER_HOUR, type ServerConfig } from './config.ts';
import { Forwarder, type ClusterOptions } from './cluster/forwarder.ts';
import { ConsentService } from './facilitation/consent.ts';
import { FacilitationService } from './facilitation/service.ts';
import { HistoryService, type HistoryOptions } from './history/service.ts';
import { DURABLE_WAIT_MS } from './http/api.ts';
import { Access } from './http/auth.ts';
import { requestHandler } from './http/handler.ts';
import { RefusedWrites } from './http/healthApi.ts';
import { routeTable } from './http/routes.ts';
import { Invites } from './invites.ts';
import { JoinThrottle } from './joinThrottle.ts';
import { BoardSockets } from './sync/boardSockets.ts';
import { clientAddress, isLoopbackHost, rateKey } from './net/addresses.ts';
import type { WebPolicy } from './net/webPolicy.ts';
import { PortfolioMirror } from './portfolio/mirror.ts';
import { PortfolioService } from './portfolio/service.ts';
import { RollupWatch } from './portfolio/rollupWatch.ts';
import { KeyedRateLimiter } from './rateLimit.ts';
import { WriteBudgets, type WorkRate } from './sync/writeBudgets.ts';
import type { BoardStorage } from './storage/types.ts';
import { LinkReset } from './linkReset.ts';
import { InviteLinks } from './sync/inviteLinks.ts';
import { PersonRemoval } from './facilitation/removal.ts';
import { VotingService } from './facilitation/voting.ts';
import { RoomRegistry, type BoardClaims } from './sync/rooms.ts';
import { RuleEngines } from './sync/ruleEngine.ts';
import { handleSyncUpgrades } from './sync/upgrade.ts';
import { WriteBatcher } from './sync/writeBatcher.ts';

/** With several processes, how often a loaded product board re-reads its portfolio as stored (docs/SCALING.md). */
const PORTFOLIO_POLL_MS = 10_000;

export interface Logger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

export const consoleLogger: Logger = {
  info: (m) => console.log(m),
  error: (m, e) => console.error(m, e instanceof Error ? e.message : (e ?? '')),
};

export interface VcpServer {
  url: string;
  port: number;
  rooms: RoomRegistry;
  /** Readers of portfolio roll-ups told of changes (GET …/rollup/events). */
  rollupWatch: RollupWatch;
  /** Stop accepting, close sockets, flush every pending write. Does not close storage. */
  close(): Promise<void>;
}

interface StartOptions extends Omit<ServerConfig, 'dataDir'> {
  storage: BoardStorage;
  /** Board ownership when several processes share the store (PostgreSQL, docs/SCALING.md); none: this process serves every board. */
  claims?: BoardClaims;
  /** With `claims`: forward requests for boards other processes own to them (server/cluster/). */
  cluster?: ClusterOptions;
  logger?: Logger;
  /** Version history (snapshot interval etc.); defaults suit production. */
  history?: HistoryOptions;
  /** How long a room may hold awareness changes to send them together (DocRoomOptions). */
  awarenessWindowMs?: number;
  /** The server time a client address may take rendering whole boards over HTTP (default Limits.render*: tests set a smaller one). */
  renderWork?: { msPerSecond: number; burstMs: number };
  /** The server time a connection's writes may take (default Limits.writeWork*: tests set a smaller one). */
  writeWork?: WorkRate;
  /** The server time the writes of one client address may take together (default Limits.addressWriteWork*). */
  addressWriteWork?: WorkRate;
  /** How long a REST write (add a card, import cards) waits for storage before answering 503 (default DURABLE_WAIT_MS). */
  durableWaitMs?: number;
  /**
   * Take the listening URL as the public URL when no `publicUrl` is given: for
   * tests, where every "device" runs on this machine and can open 127.0.0.1.
   */
  publicUrlFromListening?: boolean;
}

/** Starts the server: storage, rooms and services wired to the route table and the sync upgrade. */
export async function startServer(options: StartOptions): Promise<VcpServer> {
  const logger = options.logger ?? consoleLogger;
  const writer = new WriteBatcher(options.storage, (error, attempt) => {
    const lost = error as { code?: unknown; boardId?: unknown };
    if (lost.code === 'STALE_FENCE' && typeof lost.boardId === 'string') {
      logger.error(`board ${lost.boardId} is owned by another process now: its unstored writes are dropped, its clients reconnect`);
      rooms.dropBoard(lost.boardId);
      return;
    }
    logger.error(`write failed (attempt ${attempt}); retrying, nothing acknowledged`, error);
  });
  // The portfolio mirror reconciles a product board as it loads; with several processes it also re-reads stored portfolios.
  const mirror = new PortfolioMirror({ storage: options.storage, onError: (error) => logger.error('portfolio mirror error', error), ...(options.claims ? { pollMs: PORTFOLIO_POLL_MS } : {}) });
  const rollupWatch = new RollupWatch();
  const rooms = new RoomRegistry({
    storage: options.storage,
    writer,
    idleUnloadMs: options.idleUnloadMs,
    pingIntervalMs: options.pingIntervalMs,
    compactAfterUpdates: options.compactAfterUpdates,
    ...(options.awarenessWindowMs !== undefined ? { awarenessWindowMs: options.awarenessWindowMs } : {}),
    onError: (error) => logger.error('storage error', error),
    ...(options.claims ? { claims: options.claims } : {}),
    onLoaded: (room) => {
      mirror.onLoaded(room);
      rollupWatch.onLoaded(room);
    },
  });
  mirror.bind(rooms);
  const invites = new Invites(rooms);
  const inviteLinks = new InviteLinks();
  const boards = new BoardService(options.storage, (boardId) => invites.extraHashes(boardId));
  const history = new HistoryService(options.storage, rooms, (error) => logger.error('history error', error), options.history);
  // One rule engine for websocket and REST writes; a mass removal is snapshotted first.
  const rules = new RuleEngines({ beforeMassRemoval: (room, cards) => history.beforeRemoval(room, cards) });
  const facilitation = new FacilitationService(rooms, rules);
  const web: WebPolicy = { ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}), trustProxy: options.trustProxy ?? 0 };
  const refusedWrites = new RefusedWrites();
  let accepting = true;
  let port = options.port;

  const consent = new ConsentService(rooms);
  const boardsPerHour = options.boardsPerHour ?? DEFAULT_BOARDS_PER_HOUR;
  const boardCreations = new KeyedRateLimiter(boardsPerHour / 3600, boardsPerHour);
  const renders = new KeyedRateLimiter(options.renderWork?.msPerSecond ?? Limits.renderMsPerSecond, options.renderWork?.burstMs ?? Limits.renderBurstMs);
  const voting = new VotingService(rooms);
  const routes = routeTable({
    access: new Access(boards, facilitation),
    boards, rooms, rules, facilitation, history, invites,
    linkReset: new LinkReset(options.storage, invites, rooms, inviteLinks),
    voting,
    removal: new PersonRemoval(rooms, voting, consent, inviteLinks, (room, cards) => history.beforeRemoval(room, cards)),
    portfolios: new PortfolioService(boards, rooms, mirror, options.durableWaitMs ?? DURABLE_WAIT_MS),
    rollupWatch,
    consent,
    joinThrottle: new JoinThrottle(),
    writeLimiter: new KeyedRateLimiter(50, 200),
    renderBudget: (req) => {
      const address = clientAddress(req, web.trustProxy);
      return isLoopbackHost(address) ? undefined : renders.bucket(rateKey(address));
    },
    mayCreateBoard: (req) => {
      const address = clientAddress(req, web.trustProxy);
      return isLoopbackHost(address) || boardCreations.take(rateKey(address));
    },
    clientKey: (req) => rateKey(clientAddress(req, web.trustProxy)),
    durableWaitMs: options.durableWaitMs ?? DURABLE_WAIT_MS,
    health: { accepting: () => accepting, writer, rooms, refusedWrites },
    server: { publicUrl: () => web.publicUrl, listening: () => ({ host: options.host, port }) },
  });
  const serveStatic = existsSync(options.staticDir) ? sirv(options.staticDir, { single: true, etag: true, gzip: false, dev: false }) : undefined;
  const forwarder = options.cluster ? new Forwarder(options.cluster, web.trustProxy ?? 0, logger) : undefined;
  const handle = requestHandler({
    routes, web, logger, ...(serveStatic ? { serveStatic } : {}), ...(forwarder ? { forward: (req, res, url) => forwarder.request(req, res, url) } : {}),
  });
  const http = createHttpServer((req, res) => void handle(req, res));
  const wss = handleSyncUpgrades(http, {
    boards, facilitation, rooms, rules, web, logger, inviteLinks, accepting: () => accepting, onDroppedWrite: (role) => refusedWrites.count(role),
    sockets: new BoardSockets(options.maxSocketsPerBoard),
    writeBudgets: new WriteBudgets(options.writeWork, options.addressWriteWork),
    ...(forwarder ? { forward: (req, socket, head, url) => forwarder.upgrade(req, socket, head, url) } : {}),
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  port = (http.address() as AddressInfo).port;
  history.start();
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  if (!web.publicUrl && options.publicUrlFromListening) web.publicUrl = `http://${host}:${port}`;

  return {
    url: `http://${host}:${port}`,
    port,
    rooms,
    rollupWatch,
    async close() {
      accepting = false;
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      forwarder?.close();
      for (const c of rooms.allConnections()) c.close(CloseCode.shuttingDown, 'server shutting down');
      for (const ws of wss.clients) ws.terminate();
      http.closeAllConnections();
      await history.close();
      mirror.close();
      rollupWatch.close();
      await rooms.close();
      await closed;
    },
  };
}
