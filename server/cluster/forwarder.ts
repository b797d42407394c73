/**
 * Sends requests for a board another process owns to that owner (several
 * processes on PostgreSQL, docs/SCALING.md). One hop: a request a peer
 * forwarded (marked with the cluster secret, ./peers.ts) is served here,
 * never forwarded again; if this process does not own the board after all,
 * it claims it or refuses (4503 / 503 `board_elsewhere`: try again).
 *
 * - A websocket becomes a byte pipe to the owner (./wsPipe.ts): auth, rules,
 *   commits and fan-out stay at the owner.
 * - An HTTP request is relayed (method, path, headers, body) and its answer
 *   passed back.
 * - Forwarded connections are watched: when the owner's socket closes (it was
 *   killed) or its lease moves on (taken over, expired: a stuck owner), their
 *   clients are closed with 1012 so the stock client reconnects, and the next
 *   claimer loads the board from PostgreSQL and serves it.
 */
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import type { Logger } from '../app.ts';
import { clientAddress } from '../net/addresses.ts';
import { BoardOwnedElsewhere } from '../sync/rooms.ts';
import { JOIN_CODES_DOC, parseRoom } from '../../shared/protocol.ts';
import { ClusterPeers, PEER_HEADERS } from './peers.ts';
import { ForwardedSocket } from './wsPipe.ts';

/** Who owns which board, as the forwarder needs to know it (the board leases). */
export interface OwnerDirectory {
  /** Whether this process owns the board now (then it serves it). */
  holds(boardId: string): boolean;
  /**
   * The board's live owner if that is another process at another URL; undefined
   * to serve here (free, expired, its owner died, or an earlier run of this process).
   */
  liveOwner(boardId: string): Promise<{ ownerId: string; ownerUrl: string } | undefined>;
}

export interface ClusterOptions {
  directory: OwnerDirectory;
  /** The secret peers show each other (CLUSTER_SECRET, else the database's). */
  secret: string;
  /** How often the owners of forwarded connections are checked (the lease renewal period). */
  watchEveryMs: number;
}

/** 1012 "service restart": the stock y-websocket client reconnects. */
const RECONNECT = 1012;

/** Hop-by-hop headers: about one connection, never relayed (RFC 9110 §7.6.1). */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade'];

interface Forwarded {
  ownerId: string;
  close(code: number, reason: string): void;
}

/** The board a request path is for, if it is one a board's owner serves. */
export function boardOfPath(pathname: string): string | undefined {
  const parts = pathname.split('/').filter(Boolean);
  try {
    if (parts[0] === 'sync' && parts.length >= 2) return parseRoom(decodeURIComponent(pathname.slice(pathname.indexOf('/sync/') + 6)))?.boardId;
    if (parts[0] !== 'api') return undefined;
    if (parts[1] === 'boards' && parts.length >= 3) return decodeURIComponent(parts[2]!);
    // Join and projector codes are kept in one system document: its owner redeems them.
    if ((parts[1] === 'join' || parts[1] === 'present') && parts.length === 3) return JOIN_CODES_DOC.boardId;
  } catch {
    return undefined; // not valid percent-encoding: the route answers it
  }
  return undefined;
}

export class Forwarder {
  private readonly peers: ClusterPeers;
  private readonly forwarded = new Map<string, Set<Forwarded>>();
  private readonly agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  private readonly watcher: NodeJS.Timeout;
  private watching = false;

  constructor(
    private readonly options: ClusterOptions,
    private readonly trustProxy: number,
    private readonly logger: Logger,
  ) {
    this.peers = new ClusterPeers(options.secret);
    this.watcher = setInterval(() => void this.watch(), options.watchEveryMs);
    this.watcher.unref();
  }

  /** Forwards a sync upgrade whose board another process owns; false to serve it here. */
  async upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<boolean> {
    const owner = await this.ownerFor(req, url);
    if (!owner) return false;
    const target = new URL(owner.ownerUrl);
    const boardId = owner.boardId;
    const entry: Forwarded = { ownerId: owner.ownerId, close: (code, reason) => pipe.close(code, reason) };
    const pipe = new ForwardedSocket(socket, req, head, target, { drop: PEER_HEADERS, add: this.peers.markForwarded(clientAddress(req, this.trustProxy)) }, () =>
      this.forget(boardId, entry),
    );
    this.remember(boardId, entry);
    return true;
  }

  /** Relays an HTTP request whose board another process owns; false to serve it here. */
  async request(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<boolean> {
    const owner = await this.ownerFor(req, url);
    if (!owner) return false;
    const target = new URL(req.url ?? '/', owner.ownerUrl);
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!HOP_BY_HOP.includes(name) && !PEER_HEADERS.includes(name) && value !== undefined) headers[name] = value;
    }
    Object.assign(headers, this.peers.markForwarded(clientAddress(req, this.trustProxy)));
    const send = target.protocol === 'https:' ? https.request : http.request;
    await new Promise<void>((resolve, reject) => {
      const upstream = send(target, { method: req.method, headers, agent: target.protocol === 'https:' ? this.agents.https : this.agents.http });
      const entry: Forwarded = {
        ownerId: owner.ownerId,
        close: () => upstream.destroy(new Error('the board moved to another server')),
      };
      this.remember(owner.boardId, entry);
      const finish = () => this.forget(owner.boardId, entry);
      let answered: http.IncomingMessage | undefined;
      // The client gone before the whole answer: the owner's request is dropped too.
      res.on('close', () => {
        if (!answered?.complete) upstream.destroy();
        if (answered) {
          finish();
          resolve();
        }
      });
      upstream.on('response', (answer) => {
        answered = answer;
        const relayed: http.OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.includes(name) && value !== undefined) relayed[name] = value;
        res.writeHead(answer.statusCode ?? 502, relayed);
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      });
      upstream.on('error', () => {
        finish();
        // Not answered: the owner is gone or the board moved on; the client tries again.
        if (!res.headersSent) reject(new BoardOwnedElsewhere(owner.boardId, owner.ownerUrl));
        else {
          res.destroy();
          resolve();
        }
      });
      req.pipe(upstream);
    });
    return true;
  }

  /** Shutdown: every forwarded client is told to reconnect (to another process). */
  close(): void {
    clearInterval(this.watcher);
    for (const set of this.forwarded.values()) for (const f of [...set]) f.close(RECONNECT, 'server shutting down: reconnect');
    this.forwarded.clear();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  /** The live owner elsewhere of the request's board, or undefined (serve here). */
  private async ownerFor(req: http.IncomingMessage, url: URL): Promise<{ boardId: string; ownerId: string; ownerUrl: string } | undefined> {
    // One hop: what a peer forwarded is served here, whatever the leases say now.
    if (this.peers.acceptForwarded(req)) return undefined;
    const boardId = boardOfPath(url.pathname);
    if (!boardId || this.options.directory.holds(boardId)) return undefined;
    let owner: { ownerId: string; ownerUrl: string } | undefined;
    try {
      owner = await this.options.directory.liveOwner(boardId);
    } catch (error) {
      // The database is unreachable: serving here fails the same way, with the usual answer.
      this.logger.error('could not look up the owner of a board', error);
      return undefined;
    }
    if (!owner?.ownerUrl) return undefined;
    return { boardId, ...owner };
  }

  private remember(boardId: string, f: Forwarded): void {
    let set = this.forwarded.get(boardId);
    if (!set) this.forwarded.set(boardId, (set = new Set()));
    set.add(f);
  }

  private forget(boardId: string, f: Forwarded): void {
    const set = this.forwarded.get(boardId);
    set?.delete(f);
    if (set?.size === 0) this.forwarded.delete(boardId);
  }

  /** Closes forwarded connections whose owner no longer owns their board (taken over, or its lease ran out). */
  private async watch(): Promise<void> {
    if (this.watching) return;
    this.watching = true;
    try {
      for (const [boardId, set] of [...this.forwarded]) {
        const owner = await this.options.directory.liveOwner(boardId).catch(() => 'unknown' as const);
        if (owner === 'unknown') continue;
        for (const f of [...set]) {
          if (owner?.ownerId === f.ownerId) continue;
          set.delete(f);
          f.close(RECONNECT, 'the board moved to another server: reconnect');
        }
        if (set.size === 0) this.forwarded.delete(boardId);
      }
    } finally {
      this.watching = false;
    }
  }
}
