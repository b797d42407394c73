/**
 * The HTTP API of CONTRACT.md. Every body is validated (unknown keys rejected,
 * errors carry the path of the bad field); nothing is acknowledged before it is
 * durably stored and sent to connected clients.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTP_ORIGIN, newCardUpdate, readBoardInfo, validateBoardJson } from '../../shared/doc/index.ts';
import { EXPORT_FORMATS, exportBoard, exportInputFromDocs, isExportFormat } from '../export/index.ts';
import { addCardBody, createBoardBody, validate } from '../../shared/schema.ts';
import { Limits, mayEditBoard, parseRoom, roomName, type Role } from '../../shared/protocol.ts';
import type { BoardService } from '../boards.ts';
import type { KeyedRateLimiter } from '../rateLimit.ts';
import type { RoomRegistry } from '../sync/rooms.ts';
import type { RuleEngines, WriteRefusal } from '../sync/ruleEngine.ts';
import { FacilitationService } from '../facilitation/service.ts';
import { readJsonBody } from './body.ts';
import {
  badRequest, forbidden, HttpError, notFound, rateLimited, sendFile, sendJson, unauthorized,
} from './respond.ts';

export interface ApiContext {
  boards: BoardService;
  rooms: RoomRegistry;
  /** The rule engine websocket writes go through: the REST add-card goes through it too. */
  rules: RuleEngines;
  writeLimiter: KeyedRateLimiter;
  /** The key a request's client is counted under (its address behind trusted proxies). */
  clientKey?: (req: IncomingMessage) => string;
  /** How long an added card may wait for storage before the request gets a 503 (default DURABLE_WAIT_MS). */
  durableWaitMs?: number;
}

/**
 * A REST write is answered 201 only once it is durably stored. While storage is
 * down the write is retried and kept in memory; after this long the caller gets
 * a 503 naming the card rather than a request that never ends.
 */
export const DURABLE_WAIT_MS = 10_000;

/** Resolves true once `durable` settles, false if `ms` pass first. */
export function within(durable: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, ms, false)));
  return Promise.race([durable.then(() => true), late]).finally(() => clearTimeout(timer));
}

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

async function authorize(ctx: ApiContext, req: IncomingMessage, boardId: string): Promise<Role> {
  const result = await ctx.boards.authorize(boardId, bearer(req));
  if (result === 'not-found') throw notFound();
  if (result === 'unauthorized') throw unauthorized();
  return result.role;
}

function room(boardId: string, kind: 'content' | 'control' = 'content') {
  const parsed = parseRoom(roomName(boardId, kind));
  if (!parsed) throw notFound();
  return parsed;
}

/** Handles `/api/...`; returns false when no route matches. */
export async function handleApi(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const parts = url.pathname.split('/').filter(Boolean); // ['api', 'boards', id?, sub?]
  if (parts[0] !== 'api' || parts[1] !== 'boards' || parts.length > 4) return false;
  const method = req.method ?? 'GET';
  if (method === 'POST' && !ctx.writeLimiter.take(ctx.clientKey?.(req) ?? req.socket.remoteAddress ?? '')) throw rateLimited();

  if (parts.length === 2) {
    if (method !== 'POST') throw methodNotAllowed('POST');
    return createBoard(ctx, req, res);
  }
  const boardId = parts[2]!;
  if (parts.length === 3) {
    if (method !== 'GET') throw methodNotAllowed('GET');
    const access = await ctx.boards.authorize(boardId, bearer(req));
    if (access === 'not-found') throw notFound();
    if (access === 'unauthorized') throw unauthorized();
    const info = await ctx.rooms.with(room(boardId), (r) => readBoardInfo(r.doc));
    // The projector secret is a viewer (CONTRACT.md's role, every viewer rule) that may also read the join code.
    sendJson(res, 200, {
      id: boardId, title: info.title, role: access.role, ...(access.projector ? { projector: true } : {}), direction: info.direction, createdAt: info.createdAt,
    });
    return true;
  }
  if (parts[3] === 'cards') {
    if (method !== 'POST') throw methodNotAllowed('POST');
    return addCardRoute(ctx, req, res, boardId);
  }
  if (parts[3] === 'export') {
    if (method !== 'GET') throw methodNotAllowed('GET');
    await authorize(ctx, req, boardId);
    const format = url.searchParams.get('format') ?? 'json';
    if (!isExportFormat(format)) throw badRequest('format', `unsupported export format "${format.slice(0, 20)}"; supported: ${EXPORT_FORMATS.join(', ')}`);
    const bom = url.searchParams.get('bom');
    if (bom !== null && bom !== '0' && bom !== '1') throw badRequest('bom', 'must be 0 or 1');
    // A snapshot of both documents, taken at once; rendering works on plain data.
    const input = await ctx.rooms.with(room(boardId), (content) =>
      ctx.rooms.with(room(boardId, 'control'), (control) => exportInputFromDocs(boardId, content.doc, control.doc, new Date().toISOString())));
    const file = await exportBoard(format, input, { bom: bom === '1' });
    sendFile(res, file.body, file.contentType, file.fileName);
    return true;
  }
  return false;
}

async function createBoard(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const body = await readJsonBody(req, Limits.maxBodyBytes);
  const isImport = typeof body === 'object' && body !== null && 'format' in body;
  if (isImport) {
    const checked = validateBoardJson(body);
    if (!checked.ok) throw badRequest(checked.issue.path, checked.issue.message);
    const created = await ctx.boards.createFromJson(checked.value);
    sendJson(res, 201, created);
    return true;
  }
  const checked = validate(createBoardBody, body);
  if (!checked.ok) throw badRequest(checked.issue.path, checked.issue.message);
  const { title, direction, example } = checked.value;
  const created = await ctx.boards.createFromTitle(title, { ...(direction ? { direction } : {}), example: example ?? false });
  sendJson(res, 201, created);
  return true;
}

/**
 * Adds a card the way a websocket client of the same role would: as a Yjs
 * update checked by the same rule engine (locks, private writing, anonymity,
 * text limit, size budget…). A refused card is refused whole, before anything
 * is written: 403 for a rule, with the path of the bad field.
 */
async function addCardRoute(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, boardId: string): Promise<boolean> {
  const role = await authorize(ctx, req, boardId);
  if (!mayEditBoard(role)) throw forbidden(`${role}s cannot add cards`);
  const body = await readJsonBody(req, 64 * 1024);
  const checked = validate(addCardBody, body);
  if (!checked.ok) throw badRequest(checked.issue.path, checked.issue.message);
  const { column, text } = checked.value;
  const id = await ctx.rooms.with(room(boardId, 'control'), (control) => ctx.rooms.with(room(boardId), async (r) => {
    const { id: cardId, update } = newCardUpdate(r.doc, column, text);
    const rules = FacilitationService.rules(control, 'content', role);
    const engine = ctx.rules.of(r);
    const refused = engine.check(update, rules, { role }) ?? engine.apply(update, HTTP_ORIGIN, rules, { role });
    if (refused) throw refusalError(refused);
    if (!(await within(r.whenDurable(), ctx.durableWaitMs ?? DURABLE_WAIT_MS))) {
      throw new HttpError(
        503,
        'storage_unavailable',
        `storage is unavailable: card ${cardId} is kept and will be stored and shown to others once storage recovers; look for it before sending it again`,
        { 'Retry-After': '5' },
      );
    }
    return cardId;
  }));
  sendJson(res, 201, { id });
  return true;
}

function refusalError(refusal: WriteRefusal): HttpError {
  const message = `${refusal.path}: ${refusal.message}`;
  if (refusal.status === 413) return new HttpError(413, 'too_large', message);
  if (refusal.status === 400) return new HttpError(400, 'bad_request', message);
  return new HttpError(403, 'forbidden', message);
}

function methodNotAllowed(allow: string): HttpError {
  return new HttpError(405, 'method_not_allowed', `use ${allow}`, { Allow: allow });
}
