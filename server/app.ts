/**
 * The server: one port for the built client, the HTTP API and the sync
 * websocket. `startServer` is what main.ts and the tests run.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode, Limits, parseRoom, type Role } from '../shared/protocol.ts';
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
import { applySecurityHeaders, refuseCrossOriginUpgrade, type WebPolicy } from './net/webPolicy.ts';
import { handleServerApi } from './http/serverApi.ts';
import { handleImportApi } from './http/importApi.ts';
import type { BoardStorage } from './storage/types.ts';
import { SyncConnection } from './sync/connection.ts';
import { RoomRegistry } from './sync/rooms.ts';
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
  const boards = new BoardService(options.storage);
  const consent = new ConsentService(rooms);
  const invites = new Invites(rooms);
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
        sendJson(res, accepting ? 200 : 503, { ok: accepting, boardsLoaded: rooms.loadedCount, connections: rooms.connectionCount });
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

  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * Limits.maxMessageBytes, perMessageDeflate: false });

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (refuseCrossOriginUpgrade(req, socket, web)) return;
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!accepting || !url.pathname.startsWith('/sync/')) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => void accept(ws, socket, url));
  });

  /** Authenticates, loads the document, then starts syncing (messages that arrive meanwhile wait). */
  async function accept(ws: WebSocket, socket: Duplex, url: URL): Promise<void> {
    const buffered: Buffer[] = [];
    let bufferedBytes = 0;
    const early = (data: Buffer) => {
      bufferedBytes += data.length;
      buffered.push(data);
      if (buffered.length > 1000 || bufferedBytes > 4 * Limits.maxMessageBytes) ws.close(CloseCode.rateLimited, 'too many messages before sync');
    };
    ws.on('message', early);
    ws.on('error', () => ws.terminate());
    try {
      let path: string;
      try {
        path = decodeURIComponent(url.pathname.slice('/sync/'.length));
      } catch {
        return ws.close(CloseCode.notFound, 'no such board');
      }
      const room = parseRoom(path);
      if (!room) return ws.close(CloseCode.notFound, 'no such board');
      const token = url.searchParams.get('token');
      const auth = await boards.authorize(room.boardId, room.kind === 'draft' ? null : token);
      if (auth === 'not-found') return ws.close(CloseCode.notFound, 'no such board');
      let role: Role;
      let person: { id: string; name: string } | undefined;
      if (room.kind === 'draft') {
        // A draft room opens only with its owner's personal token.
        const owner = await facilitation.resolvePerson(room.boardId, token ?? undefined);
        if (!owner || owner.id !== room.personId) return ws.close(CloseCode.unauthorized, 'drafts are private');
        role = owner.role;
        person = { id: owner.id, name: owner.name };
      } else {
        if (auth === 'unauthorized') return ws.close(CloseCode.unauthorized, 'unknown secret');
        role = auth.role;
        // Who writes: the personal token from joining (`person` param) signs this connection's cards and
        // comments. Without one (stock clients, scripts), or with one not of this board, it signs nothing.
        const personToken = url.searchParams.get('person');
        const found = personToken && role !== 'viewer' ? await facilitation.resolvePerson(room.boardId, personToken) : undefined;
        if (found) person = { id: found.id, name: found.name };
      }
      const docRoom = await rooms.get(room);
      // Every write goes through the rule engine (ruleEngine.ts): participants follow the facilitator's
      // rules and the content rules; the facilitator is bound by anonymity and the size limits only.
      const writer = role === 'participant' || role === 'facilitator';
      const control = writer && room.kind !== 'control' ? await rooms.get({ ...room, kind: 'control', docName: `${room.boardId}/control` }) : undefined;
      if (ws.readyState !== ws.OPEN || !accepting) {
        ws.terminate();
        return;
      }
      ws.off('message', early);
      if (control) rooms.pin(control);
      const kind = room.kind === 'draft' ? 'draft' : 'content';
      const connection = new SyncConnection(ws, socket, docRoom, role, {
        onClose: (c) => {
          rooms.detach(c);
          if (control) rooms.unpin(control);
        },
        ...(control ? {
          applyWithRules: (update: Uint8Array, origin: unknown) =>
            rules.of(docRoom).apply(update, origin, FacilitationService.rules(control, kind, role), { role, ...(person ? { person } : {}) }),
        } : {}),
      });
      rooms.attach(connection);
      connection.start(buffered);
    } catch (error) {
      logger.error('could not open board', error);
      if (ws.readyState === ws.OPEN) ws.close(CloseCode.storageFailure, 'board could not be loaded');
    }
  }

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
