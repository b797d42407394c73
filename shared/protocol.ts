/**
 * The sync protocol in one small, types-only module: message kinds, close codes,
 * room-name parsing, limits. Shared by the server, the client and the tests.
 * The wire format is the standard y-websocket protocol so the stock
 * `WebsocketProvider` works unchanged.
 */

/** Top-level message kinds of the y-websocket protocol (first varUint of a frame). */
export const MessageKind = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
} as const;

/** Websocket close codes the server uses (4xxx mirror the HTTP statuses). */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  /** Malformed, truncated or unknown binary message. */
  badMessage: 4400,
  unauthorized: 4401,
  /** The role may not write that (a reviewer's update outside the review parts). */
  forbidden: 4403,
  notFound: 4404,
  /** The client stopped reading: its send buffer passed the cap. */
  slowReader: 4408,
  tooLarge: 4413,
  /**
   * The update builds on state the server does not have: structs after a gap
   * in their client's clock, or an origin, parent or deletion of an item the
   * server never saw. A real client never sends one (everything it builds on
   * came from this server), so it is refused whole and the socket closed.
   */
  missingState: 4422,
  rateLimited: 4429,
  /** The server could not persist; nothing was acknowledged. */
  storageFailure: 4500,
  shuttingDown: 4503,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** The reason of a 4401 close when the facilitator removed the connection's person: the app says so, and does not join again by itself. */
export const PERSON_REMOVED = 'the facilitator removed you from the workshop';

/**
 * The capability roles: CONTRACT.md's three, and `reviewer` (a stakeholder
 * after the workshop: comments, replies, resolves, @mentions and check-ins;
 * no board edits).
 */
export const ROLES = ['facilitator', 'participant', 'viewer', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The invite links a facilitator can reset (`POST /api/boards/<id>/invites/reset`):
 * every link but their own. The projector link reads as a viewer but is a link of its own.
 */
export const RESETTABLE_LINKS = ['participant', 'viewer', 'reviewer', 'projector'] as const;
export type ResettableLink = (typeof RESETTABLE_LINKS)[number];

/** Whether a role may edit the board itself (cards, links, commitments), not only review it. */
export function mayEditBoard(role: Role): boolean {
  return role === 'facilitator' || role === 'participant';
}

/**
 * Each board is synced as several Yjs documents ("rooms"):
 * - `content`: the VCP itself; writable by participants and the facilitator.
 * - `control`: facilitation state (phase, timer, voting, locks); only facilitator
 *   connections may write it, so the server enforces it, not the UI.
 * - `draft`: one per person: cards written during private writing. Only that
 *   person's connection (authenticated by their personal token) may open it;
 *   the server copies all drafts into `content` on reveal.
 */
export type DocKind = 'content' | 'control' | 'draft';

/** Board ids: URL-safe, no dots or slashes, so they can never traverse paths. */
const BOARD_ID_PATTERN = /^[A-Za-z0-9_-]{6,64}$/;
/** Person ids (issued by the server on join). */
const PERSON_ID_PATTERN = /^[A-Za-z0-9_-]{6,32}$/;

export function isBoardId(value: unknown): value is string {
  return typeof value === 'string' && BOARD_ID_PATTERN.test(value);
}

/**
 * Which roles may write which document (draft rooms are checked by person,
 * not role). A reviewer writes the content document's review parts only
 * (shared/doc/rules.ts `isReviewPart`).
 */
export function mayWrite(role: Role, kind: DocKind): boolean {
  if (role === 'viewer') return false;
  if (role === 'reviewer') return kind === 'content';
  if (kind === 'control') return role === 'facilitator';
  return true;
}

/** The documents of a board: its synced rooms, and the server-only `private` one (never reachable by a sync client). */
type BoardDocKind = DocKind | 'private';

/** Which document: a board's (or the server's own), by its storage key. */
export interface DocAddress {
  boardId: string;
  kind: BoardDocKind;
  /** The storage key of the document: `<boardId>`, `<boardId>/control`, `<boardId>/private`, `<boardId>/draft/<personId>`. */
  docName: string;
  /** Only for draft rooms. */
  personId?: string;
}

/** A document a sync client may open. */
export interface Room extends DocAddress {
  kind: DocKind;
}

/**
 * The name of a board document: its storage key on the server, and for the
 * synced kinds the room name the client passes to `WebsocketProvider`. The
 * only place these names are spelled.
 */
export function roomName(boardId: string, kind: BoardDocKind, personId?: string): string {
  if (kind === 'content') return boardId;
  if (kind === 'draft') return `${boardId}/draft/${personId ?? ''}`;
  return `${boardId}/${kind}`;
}

/** The address of a board document (a draft's needs its person). */
export function roomAddress(boardId: string, kind: DocKind, personId?: string): Room;
export function roomAddress(boardId: string, kind: BoardDocKind, personId?: string): DocAddress;
export function roomAddress(boardId: string, kind: BoardDocKind, personId?: string): DocAddress {
  return { boardId, kind, docName: roomName(boardId, kind, personId), ...(kind === 'draft' ? { personId: personId ?? '' } : {}) };
}

/** The server-wide document of join and projector codes (not a board's; no client can open it). */
export const JOIN_CODES_DOC: DocAddress = Object.freeze({ boardId: '_system', kind: 'private', docName: '_system/joincodes' });

/**
 * Parses the path after `/sync/` (`<boardId>`, `<boardId>/control` or
 * `<boardId>/draft/<personId>`). Returns undefined for anything else,
 * including traversal attempts and the private document.
 */
export function parseRoom(path: string): Room | undefined {
  const parts = path.split('/');
  const boardId = parts[0];
  if (!isBoardId(boardId) || parts.length > 3) return undefined;
  if (parts.length === 1) return roomAddress(boardId, 'content');
  if (parts.length === 2 && parts[1] === 'control') return roomAddress(boardId, 'control');
  const personId = parts[2];
  if (parts.length === 3 && parts[1] === 'draft' && personId && PERSON_ID_PATTERN.test(personId)) return roomAddress(boardId, 'draft', personId);
  return undefined;
}

/**
 * Personal tokens (issued on join) are `<personId>.<secret>`; board role
 * secrets never contain a dot, so the two cannot be confused.
 */
export function splitPersonToken(token: string): { personId: string; secret: string } | undefined {
  const dot = token.indexOf('.');
  if (dot < 0) return undefined;
  const personId = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  return PERSON_ID_PATTERN.test(personId) && secret.length >= 20 && secret.length <= 100 ? { personId, secret } : undefined;
}

/** Server-side limits; also used by tests to craft over-limit input. */
export const Limits = {
  /** Largest websocket frame accepted before closing with 4413. */
  maxMessageBytes: 1024 * 1024,
  /** Largest HTTP JSON body (a board import can be big). */
  maxBodyBytes: 8 * 1024 * 1024,
  /**
   * Longest card text (and link assumption), in UTF-16 code units, for every
   * writer over HTTP and the websocket: what a write inserts beyond it is reverted.
   * The board JSON's limit too, so every board exports and imports again.
   */
  maxCardTextChars: 10_000,
  /**
   * Size budget of a board's content document (its encoded Yjs state): a write
   * that would take it over has what it inserts reverted and its socket closed
   * with 4413 (HTTP 413). A 2,000-card board with 1,850 links, edits and 40
   * commitments encodes to about 0.8 MiB (tests/bench/rules.ts), so 16 MiB is
   * some twenty such workshops, and above any board JSON import (bodies up to
   * 8 MiB); it bounds what one board costs in memory and in each history snapshot.
   */
  maxBoardBytes: 16 * 1024 * 1024,
  /** Size budget of one person's draft document (private writing): hundreds of cards, a hundred at the text limit. */
  maxDraftBytes: 1024 * 1024,
  /**
   * Items (Yjs structs) a board's content document may hold. Memory follows
   * items, not encoded bytes: a board's items encode to ~36 B each (10,000
   * cards are ~96,000 items), but items no edit could merge (one inserted
   * before the other, one at a time) encode to ~8 B and take ~400 B of memory
   * each: a red-team participant filled the 16 MiB budget with 1.7 M of them,
   * and the server held 1.2 GB more for that board on every open. 500,000 is a
   * 50,000-card board, about 200 MB at worst.
   */
  maxBoardItems: 500_000,
  /** Items one person's draft document may hold (hundreds of draft cards are a few thousand). */
  maxDraftItems: 40_000,
  /**
   * People in one workshop (participants and reviewers who joined and were not
   * removed, nor revoked by a link reset without joining again): a town hall of
   * 1,000 with a second device each. It bounds what a script holding a link can
   * add to the control document every browser syncs; at the limit a join is
   * 409 and the console says how to make room (reset the link, remove who has
   * not come back). Facilitators always join.
   */
  maxPeople: 2_000,
  /**
   * Longest presence (awareness) state, in characters of its JSON text: the app's is a name, a
   * role, a colour, a cursor and what is being edited or dragged (~200 B). A
   * new client is sent everyone's presence in one message, so a few sockets
   * showing states of near a megabyte each pushed that message past the
   * slow-reader cap and every newcomer was closed (found by a red-team session);
   * a larger state is dropped.
   */
  maxPresenceChars: 1024,
  /**
   * Server time one connection's writes may take (checking them against the
   * rules and applying them), in ms per second sustained and in a burst: a
   * message limit is not a cost limit, and some cheap updates cost the server
   * far more than others (a card moved on a 10,000-card board: every
   * protected record worked out again). Past it the socket is closed with
   * 4429. A person typing or dragging uses well under 1 % of it.
   */
  writeWorkMsPerSecond: 250,
  writeWorkBurstMs: 3_000,
  /**
   * The same for all the writing sockets of one client address together (not
   * counted for loopback): a person's sockets share theirs, and a script joining
   * under many names from one address gets no more than twice one person's
   * (server/sync/writeBudgets.ts).
   */
  addressWriteWorkMsPerSecond: 500,
  addressWriteWorkBurstMs: 5_000,
  /**
   * Server time one client address may take rendering whole boards over HTTP
   * (exports, versions, roll-ups: up to a second each on a full board), in ms
   * per second and in a burst; then 429 until it refills (server/http/routes.ts).
   */
  renderMsPerSecond: 250,
  renderBurstMs: 5_000,
  /** Sustained messages per second per connection, and the burst allowed. */
  messagesPerSecond: 300,
  messageBurst: 600,
  /**
   * Answers of the whole board or everyone's presence one connection may ask
   * for (sync step 1, query awareness): a burst, then so many a minute. A
   * real client asks once per connection; past this the socket closes (4429).
   */
  wholeAnswersBurst: 5,
  wholeAnswersPerMinute: 6,
  /** Bytes queued to one client before it is considered a slow reader. */
  maxBufferedBytes: 16 * 1024 * 1024,
} as const;
