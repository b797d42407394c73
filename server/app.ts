/**
 * The server: one port for the built client, the HTTP API and the sync
 * websocket. `startServer` is what main.ts and the tests run.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { CloseCode } from '../shared/protocol.ts';
import { BoardService } from './boards.ts';
import type { ServerConfig } from './config.ts';
import { handleApi } from './http/api.ts';
import { handleFacilitationApi } from './http/facilitationApi.ts';
import { handleInviteApi } from './http/inviteApi.ts';
import { Invites } from './invites.ts';
import { handleReviewApi } from './http/reviewApi.ts';
import { HistoryService, type HistoryOptions } from './history/service.ts';
import { FacilitationService } from './facilitation/service.ts';
import { RuleEngines } from './sync/ruleEngine.ts';
import { ConsentService } from './facilitation/consent.ts';
import { HttpError, notFound, sendError, sendJson } from './http/respond.ts';
import { KeyedRateLimiter } from './rateLimit.ts';
import { JoinThrottle } from './joinThrottle.ts';
import { clientAddress, rateKey } from './net/addresses.ts';
import { applySecurityHeaders, type WebPolicy } from './net/webPolicy.ts';
import { handleServerApi } from './http/serverApi.ts';
import { handleImportApi } from './http/importApi.ts';
import type { BoardStorage } from './storage/types.ts';
import { RoomRegistry } from './sync/rooms.ts';
import { handleSyncUpgrades } from './sync/upgrade.ts';
import { WriteBatcher } from './sync/writeBatcher.ts';

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
  /** Stop accepting, close sockets, flush every pending write. Does not close storage. */
  close(): Promise<void>;
}

export interface StartOptions extends Omit<ServerConfig, 'dataDir'> {
  storage: BoardStorage;
  logger?: Logger;
  /** Version history (snapshot interval etc.); defaults suit production. */
  history?: HistoryOptions;
  /** How long a room may hold awareness changes to send them together (DocRoomOptions). */
  awarenessWindowMs?: number;
  /** How long `POST /api/boards/<id>/cards` waits for storage before answering 503 (ApiContext). */
  durableWaitMs?: number;
  /**
   * Take the listening URL as the public URL when no `publicUrl` is given: for
   * tests, where every "device" runs on this machine and can open 127.0.0.1.
   */
  publicUrlFromListening?: boolean;
}

export async function startServer(options: StartOptions): Promise<VcpServer> {
  const logger = options.logger ?? consoleLogger;
  const onError = (error: unknown) => logger.error('storage error', error);
  const writer = new WriteBatcher(options.storage, (error, attempt) => logger.error(`write failed (attempt ${attempt}); retrying, nothing acknowledged`, error));
  const rooms = new RoomRegistry({
    storage: options.storage,
    writer,
    idleUnloadMs: options.idleUnloadMs,
    pingIntervalMs: options.pingIntervalMs,
    compactAfterUpdates: options.compactAfterUpdates,
    ...(options.awarenessWindowMs !== undefined ? { awarenessWindowMs: options.awarenessWindowMs } : {}),
    onError,
  });
  const invites = new Invites(rooms);
  const boards = new BoardService(options.storage, (boardId) => invites.extraHashes(boardId));
  const consent = new ConsentService(rooms);
  const joinThrottle = new JoinThrottle();
  const web: WebPolicy = { ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}), trustProxy: options.trustProxy ?? 0 };
  const clientKey = (req: IncomingMessage) => rateKey(clientAddress(req, web.trustProxy));
  const history = new HistoryService(options.storage, rooms, (error) => logger.error('history error', error), options.history);
  // One rule engine for websocket and REST writes; a mass removal is snapshotted first.
  const rules = new RuleEngines({ beforeMassRemoval: (room, cards) => history.beforeRemoval(room, cards) });
  const facilitation = new FacilitationService(rooms, rules);
  const writeLimiter = new KeyedRateLimiter(50, 200);
  const serveStatic = existsSync(options.staticDir)
    ? sirv(options.staticDir, { single: true, etag: true, gzip: false, dev: false })
    : undefined;
  let accepting = true;

  const http = createHttpServer((req, res) => void handleRequest(req, res));

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      applySecurityHeaders(req, res, web);
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/healthz') {
        // Readiness: 503 while shutting down or while writes fail (nothing new can be stored).
        const storage = writer.failing ? 'failing' : 'ok';
        const ok = accepting && !writer.failing;
        sendJson(res, ok ? 200 : 503, {
          ok, storage, boardsLoaded: rooms.loadedCount, connections: rooms.connectionCount, ...(writer.failing ? { pendingWrites: writer.pendingCount } : {}),
        });
        return;
      }
      if (url.pathname.startsWith('/api/')) {
        const handled = handleServerApi({ ...(web.publicUrl ? { publicUrl: web.publicUrl } : {}), listening: () => ({ host: options.host, port }) }, req, res, url.pathname)
          || (await handleApi({ boards, rooms, rules, writeLimiter, clientKey, ...(options.durableWaitMs !== undefined ? { durableWaitMs: options.durableWaitMs } : {}) }, req, res, url))
          || (await handleFacilitationApi({ boards, facilitation, consent }, req, res, url.pathname.split('/').filter(Boolean)))
          || (await handleReviewApi({ boards, history }, req, res, url))
          || (await handleInviteApi({ boards, invites, joinThrottle, clientKey }, req, res, url.pathname.split('/').filter(Boolean)))
          || (await handleImportApi({ boards, rooms, ...(options.durableWaitMs !== undefined ? { durableWaitMs: options.durableWaitMs } : {}) }, req, res, url.pathname.split('/').filter(Boolean)));
        if (!handled) throw notFound('no such endpoint');
        return;
      }
      if (serveStatic && (req.method === 'GET' || req.method === 'HEAD')) {
        serveStatic(req, res, () => sendError(res, notFound('not found')));
        return;
      }
      throw notFound(serveStatic ? 'not found' : 'client not built: run `npm run build`');
    } catch (error) {
      if (error instanceof HttpError) sendError(res, error);
      else {
        logger.error(`request failed: ${req.method} ${(req.url ?? '').split('?')[0]}`, error);
        sendError(res, new HttpError(500, 'internal', 'internal error'));
      }
    }
  }

  const wss = handleSyncUpgrades(http, { boards, facilitation, rooms, rules, web, logger, accepting: () => accepting });

  let port = options.port;
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
    async close() {
      accepting = false;
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      for (const c of rooms.allConnections()) c.close(CloseCode.shuttingDown, 'server shutting down');
      for (const ws of wss.clients) ws.terminate();
      http.closeAllConnections();
      await history.close();
      await rooms.close();
      await closed;
    },
  };
}
