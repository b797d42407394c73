/**
 * The HTTP API of CONTRACT.md. Every body is validated (unknown keys rejected,
 * errors carry the path of the bad field); nothing is acknowledged before it is
 * durably stored and sent to connected clients.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { addCard, readBoardInfo, readFacilitation, validateBoardJson } from '../../shared/doc/index.ts';
import { EXPORT_FORMATS, exportBoard, exportInputFromDocs, isExportFormat } from '../export/index.ts';
import { addCardBody, createBoardBody, validate } from '../../shared/schema.ts';
import { Limits, mayEditBoard, parseRoom, type Role } from '../../shared/protocol.ts';
import type { BoardService } from '../boards.ts';
import type { KeyedRateLimiter } from '../rateLimit.ts';
import type { RoomRegistry } from '../sync/rooms.ts';
import { readJsonBody } from './body.ts';
import {
  badRequest, forbidden, HttpError, notFound, rateLimited, sendFile, sendJson, unauthorized,
} from './respond.ts';

export interface ApiContext {
  boards: BoardService;
  rooms: RoomRegistry;
  writeLimiter: KeyedRateLimiter;
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
function within(durable: Promise<void>, ms: number): Promise<boolean> {
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
  const parsed = parseRoom(kind === 'content' ? boardId : `${boardId}/${kind}`);
  if (!parsed) throw notFound();
  return parsed;
}

/** Handles `/api/...`; returns false when no route matches. */
export async function handleApi(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const parts = url.pathname.split('/').filter(Boolean); // ['api', 'boards', id?, sub?]
  if (parts[0] !== 'api' || parts[1] !== 'boards' || parts.length > 4) return false;
  const method = req.method ?? 'GET';
  if (method === 'POST' && !ctx.writeLimiter.take(req.socket.remoteAddress ?? '')) throw rateLimited();

  if (parts.length === 2) {
    if (method !== 'POST') throw methodNotAllowed('POST');
    return createBoard(ctx, req, res);
  }
  const boardId = parts[2]!;
  if (parts.length === 3) {
    if (method !== 'GET') throw methodNotAllowed('GET');
    const role = await authorize(ctx, req, boardId);
    const info = await ctx.rooms.with(room(boardId), (r) => readBoardInfo(r.doc));
    sendJson(res, 200, { id: boardId, title: info.title, role, direction: info.direction, createdAt: info.createdAt });
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

async function addCardRoute(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, boardId: string): Promise<boolean> {
  const role = await authorize(ctx, req, boardId);
  if (!mayEditBoard(role)) throw forbidden(`${role}s cannot add cards`);
  const body = await readJsonBody(req, 64 * 1024);
  const checked = validate(addCardBody, body);
  if (!checked.ok) throw badRequest(checked.issue.path, checked.issue.message);
  const { column, text } = checked.value;
  if (role !== 'facilitator') {
    const locked = await ctx.rooms.with(room(boardId, 'control'), (r) => readFacilitation(r.doc).lockedColumns);
    if (locked.includes(column)) throw forbidden(`the ${column} column is locked by the facilitator`);
  }
  const id = await ctx.rooms.with(room(boardId), async (r) => {
    const cardId = addCard(r.doc, { column, text }, 'http');
    if (!(await within(r.whenDurable(), ctx.durableWaitMs ?? DURABLE_WAIT_MS))) {
      throw new HttpError(
        503,
        'storage_unavailable',
        `storage is unavailable: card ${cardId} is kept and will be stored and shown to others once storage recovers; look for it before sending it again`,
        { 'Retry-After': '5' },
      );
    }
    return cardId;
  });
  sendJson(res, 201, { id });
  return true;
}

function methodNotAllowed(allow: string): HttpError {
  return new HttpError(405, 'method_not_allowed', `use ${allow}`, { Allow: allow });
}
