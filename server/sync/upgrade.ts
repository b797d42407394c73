/**
 * The sync websocket's way in: `GET /sync/<room>?token=…` upgrades.
 *
 * Authentication happens during the HTTP upgrade, before `ws` accepts the
 * socket: an unknown room or board is answered `404`, a bad secret `401`, and
 * the socket destroyed without reading what follows (issue 16, item 9: 40
 * sockets with a wrong secret each sending a 15 MiB frame used to be accepted
 * and buffered). `ws` itself refuses any frame over `Limits.maxMessageBytes`
 * as soon as its header arrives (maxPayload). Then the room's documents load
 * (messages that arrive meanwhile wait, but a new client's first sync is
 * answered from the stored bytes before the apply: firstSync.ts) and syncing starts.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode, Limits, parseRoom, roomAddress, type ResettableLink, type Role, type Room } from '../../shared/protocol.ts';
import type { PeerOrigin } from '../../shared/doc/origin.ts';
import type { Logger } from '../app.ts';
import type { BoardService } from '../boards.ts';
import { FacilitationService } from '../facilitation/service.ts';
import { clientAddress, isLoopbackHost, rateKey } from '../net/addresses.ts';
import { refuseCrossOriginUpgrade, type WebPolicy } from '../net/webPolicy.ts';
import { SyncConnection } from './connection.ts';
import { PendingMessages } from './firstSync.ts';
import { NewerSchemaError } from '../../shared/doc/migrations.ts';
import { presenceRule } from './presenceGuard.ts';
import type { BoardSockets } from './boardSockets.ts';
import { outsideReview } from './reviewScope.ts';
import type { RuleEngines } from './ruleEngine.ts';
import { linkOf, type InviteLinks } from './inviteLinks.ts';
import { BoardOwnedElsewhere, type RoomRegistry } from './rooms.ts';
import type { DecodedUpdate } from './structs/dependencies.ts';
import type { WriteBudgets } from './writeBudgets.ts';

interface SyncUpgradeContext {
  boards: BoardService;
  facilitation: FacilitationService;
  rooms: RoomRegistry;
  /** Boards' invite links and the people they let in: a socket whose link was reset meanwhile is closed as it opens; a removed person's sockets close. */
  inviteLinks: InviteLinks;
  /** The rule engine every write goes through (ruleEngine.ts). */
  rules: RuleEngines;
  /** Which page origins may open a session (webPolicy.ts). */
  web: WebPolicy;
  logger: Logger;
  /** False once the server is shutting down. */
  accepting(): boolean;
  /** Counts a write a connection refused (SyncConnection's hook; `/healthz` shows the counts). */
  onDroppedWrite?(role: Role): void;
  /**
   * Several processes (server/cluster/): takes the socket and pipes it to the
   * board's owner when another process owns it (true), else false.
   */
  forward?(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<boolean>;
  /** How many sockets each board holds open (boardSockets.ts): past the bound an upgrade is refused with 429. */
  sockets: BoardSockets;
  /** The server time writes may take, per person and per client address (writeBudgets.ts). */
  writeBudgets: WriteBudgets;
}

/** Who may open which room, decided before the socket is accepted. */
type Admission =
  | { room: Room; role: Role; person?: Person; link: ResettableLink | undefined; linkEpochs: Record<ResettableLink, number> }
  | { status: 401 | 403 | 404; reason: string };

/** The person a connection writes as (from their personal token): signs their cards and comments, and is the only person its presence in the control room may be. */
type Person = { id: string; name: string; role: Role };

const STATUS_TEXT = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 503: 'Service Unavailable' } as const;

/** Answers an upgrade with an HTTP error and closes the socket, reading nothing more from it. */
function refuse(socket: Duplex, status: keyof typeof STATUS_TEXT): void {
  if (socket.destroyed) return;
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Handles sync upgrades on `http`; returns the websocket server (shutdown terminates its clients). */
export function handleSyncUpgrades(http: Server, ctx: SyncUpgradeContext): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: Limits.maxMessageBytes, perMessageDeflate: false });

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    // Another site's page may not open a board session in a participant's browser (403).
    if (refuseCrossOriginUpgrade(req, socket, ctx.web)) return;
    const url = URL.canParse(req.url ?? '/', 'http://localhost') ? new URL(req.url ?? '/', 'http://localhost') : undefined;
    // A request target that is no URL (`GET //`) names no room: throwing here would end the process.
    if (!url || !ctx.accepting() || !url.pathname.startsWith('/sync/')) return refuse(socket, 404);
    const forwarded = ctx.forward ? ctx.forward(req, socket, head, url) : Promise.resolve(false);
    void forwarded.then((taken) => (taken ? undefined : admit(ctx, url))).then(
      (admission) => {
        if (!admission) return; // forwarded to the board's owner
        if ('status' in admission) return refuse(socket, admission.status);
        if (socket.destroyed) return;
        if (!ctx.accepting()) return refuse(socket, 503);
        // Loopback is not counted per address (tests, benches; behind a proxy TRUST_PROXY names the client).
        const address = clientAddress(req, ctx.web.trustProxy);
        const addressKey = isLoopbackHost(address) ? undefined : rateKey(address);
        // A place among the board's sockets, held until this socket closes, however it ends; one address
        // or person holds only its share (boardSockets.ts). The facilitator and the wall always get in:
        // a link that fills the places is theirs to reset.
        const release = ctx.sockets.reserve(admission.room.boardId, {
          always: admission.role === 'facilitator' || admission.link === 'projector',
          ...(addressKey !== undefined ? { address: addressKey } : {}),
          ...(admission.person ? { person: admission.person.id } : {}),
        });
        if (!release) return refuse(socket, 429);
        socket.once('close', release);
        wss.handleUpgrade(req, socket, head, (ws) => void accept(ctx, ws, socket, admission, addressKey));
      },
      (error: unknown) => {
        ctx.logger.error('could not check a sync upgrade', error);
        refuse(socket, 503);
      },
    );
  });
  return wss;
}

/** Resolves the room and the caller's role from the path and token, or why not. */
async function admit(ctx: SyncUpgradeContext, url: URL): Promise<Admission> {
  let path: string;
  try {
    path = decodeURIComponent(url.pathname.slice('/sync/'.length));
  } catch {
    return { status: 404, reason: 'no such board' };
  }
  const room = parseRoom(path);
  if (!room) return { status: 404, reason: 'no such board' };
  const token = url.searchParams.get('token');
  // Read before the secret is checked: a reset of the link from here on refuses this connection as it opens.
  const linkEpochs = ctx.inviteLinks.epochsOf(room.boardId);
  const auth = await ctx.boards.authorize(room.boardId, room.kind === 'draft' ? null : token);
  if (auth === 'not-found') return { status: 404, reason: 'no such board' };
  if (room.kind === 'draft') {
    // A draft room opens only with its owner's personal token.
    const person = await ctx.facilitation.resolvePerson(room.boardId, token ?? undefined);
    if (!person || person.id !== room.personId) return { status: 401, reason: 'drafts are private' };
    // A reviewer is a person (their comments are signed) but writes no drafts: they take no part in private writing.
    if (person.role === 'reviewer') return { status: 403, reason: 'reviewers write no drafts' };
    return { room, role: person.role, person: { id: person.id, name: person.name, role: person.role }, link: linkOf(person.role, false), linkEpochs };
  }
  if (auth === 'unauthorized') return { status: 401, reason: 'unknown secret' };
  // Who writes: the personal token from joining (`person` param) signs this connection's cards and
  // comments. Without one (stock clients, scripts), or with one not of this board, it signs nothing.
  // A reviewer's connection signs only with a reviewer's token (whose check-ins the server matches to the
  // commitments they own), and no other connection with one.
  const personToken = url.searchParams.get('person');
  const found = personToken && auth.role !== 'viewer' ? await ctx.facilitation.resolvePerson(room.boardId, personToken) : undefined;
  const signs = found && (found.role === 'reviewer') === (auth.role === 'reviewer');
  return { room, role: auth.role, ...(signs ? { person: { id: found.id, name: found.name, role: found.role } } : {}), link: linkOf(auth.role, auth.projector === true), linkEpochs };
}

/** Loads the room's documents, then starts syncing (messages that arrive meanwhile wait). */
async function accept(ctx: SyncUpgradeContext, ws: WebSocket, socket: Duplex, admission: Extract<Admission, { room: Room }>, addressKey: string | undefined): Promise<void> {
  const { room, role, person } = admission;
  // `ws` ends an over-long frame with 1009 as soon as its header arrives; say 4413 instead,
  // which the stock client takes as final rather than reconnecting to send it again.
  const close = ws.close.bind(ws);
  ws.close = (code?: number, reason?: string | Buffer) => (code === 1009 ? close(CloseCode.tooLarge, 'message too large') : close(code, reason));
  // Messages wait for the room to load, but a new client's first sync is answered from the stored bytes (firstSync.ts).
  const pending = new PendingMessages(ws);
  // An error after a close (such as the over-long frame's) lets the closing handshake finish.
  ws.on('error', () => ws.readyState === ws.OPEN && ws.terminate());
  try {
    const { rooms } = ctx;
    await pending.opened(await rooms.opened(room));
    const docRoom = await rooms.get(room);
    // Every write goes through the rule engine (ruleEngine.ts): participants follow the facilitator's
    // rules and the content rules; the facilitator is bound by anonymity and the size limits only.
    // A reviewer writes the review parts only (reviewScope.ts), signed like a participant's.
    const writer = role === 'participant' || role === 'facilitator' || (role === 'reviewer' && room.kind === 'content');
    const control = writer && room.kind !== 'control' ? await rooms.get(roomAddress(room.boardId, 'control')) : undefined;
    if (ws.readyState !== ws.OPEN || !ctx.accepting()) {
      ws.terminate();
      // Loaded for nobody (the client left meanwhile): unloaded when idle, not kept for good.
      rooms.release(docRoom);
      if (control) rooms.release(control);
      return;
    }
    const { link } = admission;
    if (link && ctx.inviteLinks.epoch(room.boardId, link) !== admission.linkEpochs[link]) {
      // Let in by a link (or a personal token it gave) that a reset revoked while this socket opened.
      ws.close(CloseCode.unauthorized, `the ${link} link was reset`);
      rooms.release(docRoom);
      if (control) rooms.release(control);
      return;
    }
    if (!rooms.holds(docRoom) || (control && !rooms.holds(control))) {
      // Dropped while loading: the board moved to another process (try again, through it).
      ws.close(CloseCode.shuttingDown, 'the board moved to another server');
      return;
    }
    pending.detach();
    if (control) rooms.pin(control);
    const kind = room.kind === 'draft' ? 'draft' : 'content';
    const admitPresence = presenceRule(room.kind, role, person);
    // The facilitator (the board's owner) is not held to the address's allowance shared with the room.
    const writeBudget = ctx.writeBudgets.open(room.boardId, person?.id, role === 'facilitator' ? undefined : addressKey);
    const connection = new SyncConnection(ws, socket, docRoom, role, {
      onClose: (c) => {
        rooms.detach(c);
        if (control) rooms.unpin(control);
        writeBudget.release();
      },
      writeBudget,
      ...(ctx.onDroppedWrite ? { onDroppedWrite: ctx.onDroppedWrite } : {}),
      ...(role === 'reviewer' ? { admitWrite: (decoded: DecodedUpdate) => outsideReview(docRoom.doc, decoded) } : {}),
      // A presence shows its connection's role; in the control room (who is online, done and writing drafts) only its own person.
      ...(admitPresence ? { admitPresence } : {}),
      ...(control ? {
        applyWithRules: (update: Uint8Array, origin: PeerOrigin, decoded: DecodedUpdate) =>
          ctx.rules.of(docRoom).apply(update, origin, FacilitationService.rules(control, kind, role), { role, ...(person ? { person } : {}) }, decoded),
      } : {}),
    });
    rooms.attach(connection);
    ctx.inviteLinks.admitted(connection, admission.link, person?.id);
    connection.start(pending.messages, pending.answeredEarly);
  } catch (error) {
    if (error instanceof BoardOwnedElsewhere) {
      // Claimed by another process meanwhile (or forwarded here by a peer, which never re-forwards): try again.
      if (ws.readyState === ws.OPEN) ws.close(CloseCode.shuttingDown, 'the board is served by another process');
      return;
    }
    ctx.logger.error('could not open board', error);
    const reason = error instanceof NewerSchemaError ? 'board needs a newer server' : 'board could not be loaded';
    if (ws.readyState === ws.OPEN) ws.close(CloseCode.storageFailure, reason);
  }
}
