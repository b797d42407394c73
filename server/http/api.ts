/**
 * The core routes of the HTTP API (docs/API.md): create a board, read it, add a card, export it.
 * Every body is validated (unknown keys rejected, errors carry the path of the
 * bad field); nothing is acknowledged before it is durably stored and sent to
 * connected clients.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTP_ORIGIN, newCardUpdate, readBoardInfo, validateBoardJson } from '../../shared/doc/index.ts';
import { EXPORT_FORMATS, exportBoard, exportInputFromDocs, isExportFormat } from '../export/index.ts';
import { addCardBody, createBoardBody, validate } from '../../shared/schema.ts';
import { Limits, parseRoom, roomName } from '../../shared/protocol.ts';
import type { BoardService, CreatedBoard } from '../boards.ts';
import type { PortfolioService } from '../portfolio/service.ts';
import type { DocRoom } from '../sync/docRoom.ts';
import type { WriteRefusal } from '../sync/ruleEngine.ts';
import { FacilitationService } from '../facilitation/service.ts';
import { EDITORS } from './auth.ts';
import { parse, readJsonBody } from './body.ts';
import { badRequest, HttpError, notFound, sendFile, sendJson } from './respond.ts';
import { route, type Route } from './router.ts';
import type { ApiServices } from './routes.ts';

/**
 * A REST write is answered 201 only once it is durably stored. While storage is
 * down the write is retried and kept in memory; after this long the caller gets
 * a 503 naming what is kept rather than a request that never ends.
 */
export const DURABLE_WAIT_MS = 10_000;

/** Resolves true once `durable` settles, false if `ms` pass first. */
function within(durable: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, ms, false)));
  return Promise.race([durable.then(() => true), late]).finally(() => clearTimeout(timer));
}

/**
 * Waits until everything written to `room` is stored; a 503 (`Retry-After: 5`)
 * after `ms`, saying what is `kept` meanwhile (it is stored and sent once
 * storage recovers, so the caller must look for it before sending it again).
 */
export async function durable(room: DocRoom, ms: number, kept: string): Promise<void> {
  if (await within(room.whenDurable(), ms)) return;
  throw new HttpError(503, 'storage_unavailable', `storage is unavailable: ${kept}`, { 'Retry-After': '5' });
}

/** The room of a board's content or control document; a 404 for an id no board can have. */
export function room(boardId: string, kind: 'content' | 'control' = 'content') {
  const parsed = parseRoom(roomName(boardId, kind));
  if (!parsed) throw notFound();
  return parsed;
}

/** `/api/boards` and the core routes of one board: read it, add a card, export it. */
export function boardRoutes(s: Pick<ApiServices, 'access' | 'boards' | 'rooms' | 'rules' | 'durableWaitMs' | 'portfolios'>): Route[] {
  return [
    route('POST', '/api/boards', async ({ req, res }) => sendJson(res, 201, await createBoard(s, await readJsonBody(req, Limits.maxBodyBytes)))),
    route('GET', '/api/boards/:boardId', async ({ req, res, params: { boardId } }) => {
      const access = await s.access.requireRole(req, boardId);
      const info = await s.rooms.with(room(boardId), (r) => readBoardInfo(r.doc));
      // The projector secret is a viewer (a core role, every viewer rule) that may also read the join code.
      sendJson(res, 200, {
        id: boardId, title: info.title, role: access.role, ...(access.projector ? { projector: true } : {}), direction: info.direction, createdAt: info.createdAt,
        kind: info.kind ?? 'board', ...(info.portfolio ? { portfolio: info.portfolio } : {}),
      });
    }),
    route('POST', '/api/boards/:boardId/cards', ({ req, res, params: { boardId } }) => addCardRoute(s, req, res, boardId)),
    route('GET', '/api/boards/:boardId/export', async ({ req, res, url, params: { boardId } }) => {
      await s.access.requireRole(req, boardId);
      const format = url.searchParams.get('format') ?? 'json';
      if (!isExportFormat(format)) throw badRequest('format', `unsupported export format "${format.slice(0, 20)}"; supported: ${EXPORT_FORMATS.join(', ')}`);
      const bom = url.searchParams.get('bom');
      if (bom !== null && bom !== '0' && bom !== '1') throw badRequest('bom', 'must be 0 or 1');
      // A snapshot of both documents, taken at once; rendering works on plain data.
      const input = await s.rooms.with(room(boardId), (content) =>
        s.rooms.with(room(boardId, 'control'), (control) => exportInputFromDocs(boardId, content.doc, control.doc, new Date().toISOString())));
      const file = await exportBoard(format, input, { bom: bom === '1' });
      sendFile(res, file.body, file.contentType, file.fileName);
    }),
  ];
}

/** A new board from `{title, direction?, example?, portfolio?}` or from a board JSON export (an import). */
async function createBoard(s: { boards: BoardService; portfolios: PortfolioService }, body: unknown): Promise<CreatedBoard> {
  const isImport = typeof body === 'object' && body !== null && 'format' in body;
  if (isImport) return s.boards.createFromJson(parse(validateBoardJson(body)));
  const { title, direction, example, portfolio } = parse(validate(createBoardBody, body));
  const options = { ...(direction ? { direction } : {}), example: example ?? false };
  if (!portfolio) return s.boards.createFromTitle(title, options);
  await s.portfolios.requireMember(portfolio);
  return s.portfolios.createBoardIn(portfolio.id, title, options);
}

/**
 * Adds a card the way a websocket client of the same role would: as a Yjs
 * update checked by the same rule engine (locks, private writing, anonymity,
 * text limit, size budget…). A refused card is refused whole, before anything
 * is written: 403 for a rule, with the path of the bad field.
 */
async function addCardRoute(s: Pick<ApiServices, 'access' | 'rooms' | 'rules' | 'durableWaitMs'>, req: IncomingMessage, res: ServerResponse, boardId: string): Promise<void> {
  const { role } = await s.access.requireRole(req, boardId, EDITORS, (r) => `${r}s cannot add cards`);
  const { column, text } = parse(validate(addCardBody, await readJsonBody(req, 64 * 1024)));
  const id = await s.rooms.with(room(boardId, 'control'), (control) => s.rooms.with(room(boardId), async (r) => {
    const { id: cardId, update } = newCardUpdate(r.doc, column, text);
    const rules = FacilitationService.rules(control, 'content', role);
    const engine = s.rules.of(r);
    const refused = engine.check(update, rules, { role }) ?? engine.apply(update, HTTP_ORIGIN, rules, { role });
    if (refused) throw refusalError(refused);
    await durable(r, s.durableWaitMs, `card ${cardId} is kept and will be stored and shown to others once storage recovers; look for it before sending it again`);
    return cardId;
  }));
  sendJson(res, 201, { id });
}

/** The HTTP error for a write the rule engine refused (413 past a size limit, 400, else 403), with the path of what was refused. */
export function refusalError(refusal: WriteRefusal): HttpError {
  const message = `${refusal.path}: ${refusal.message}`;
  if (refusal.status === 413) return new HttpError(413, 'too_large', message);
  if (refusal.status === 400) return new HttpError(400, 'bad_request', message);
  return new HttpError(403, 'forbidden', message);
}

