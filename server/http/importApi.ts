/**
 * `POST /api/boards/<id>/import` (facilitator): cards from a spreadsheet into
 * an existing board, all or nothing. The body is `{ "csv": text }` (CSV,
 * semicolon CSV or tab-separated rows, see shared/spreadsheetImport.ts) or
 * `{ "cards": [{ column, text, …fields }] }`. Every card lands in one update,
 * answered 201 only once it is durably stored and sent to connected clients.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { addCard, HTTP_ORIGIN, readFacilitation } from '../../shared/doc/index.ts';
import { COLUMN_FIELDS, type ColumnId } from '../../shared/model.ts';
import { parseRoom, roomName } from '../../shared/protocol.ts';
import { cardFieldsShape, columnIdSchema, validate } from '../../shared/schema.ts';
import { cardInput, describeIssue, MAX_IMPORT_ROWS, parseSpreadsheet, type ImportedCard } from '../../shared/spreadsheetImport.ts';
import type { BoardService } from '../boards.ts';
import type { RoomRegistry } from '../sync/rooms.ts';
import { DURABLE_WAIT_MS, within } from './api.ts';
import { readJsonBody } from './body.ts';
import { badRequest, forbidden, HttpError, notFound, sendJson, unauthorized } from './respond.ts';

export interface ImportContext {
  boards: BoardService;
  rooms: RoomRegistry;
  durableWaitMs?: number;
}

const cardRow = z.strictObject({ column: columnIdSchema, text: z.string().trim().min(1, 'must not be empty').max(10_000), author: z.string().max(500).optional(), ...cardFieldsShape });

const importBody = z.union([
  z.strictObject({ csv: z.string().max(8 * 1024 * 1024), defaultColumn: columnIdSchema.optional() }),
  z.strictObject({ cards: z.array(cardRow).min(1).max(MAX_IMPORT_ROWS) }),
]);

function bearer(req: IncomingMessage): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

/** The cards of a body, or a 400 naming the first problem (line and column, or the JSON path). */
function cardsOf(body: unknown): Omit<ImportedCard, 'line'>[] {
  const isCsv = typeof body === 'object' && body !== null && 'csv' in body;
  const checked = validate(importBody, body);
  if (!checked.ok) throw badRequest(checked.issue.path === '(root)' && !isCsv ? 'cards' : checked.issue.path, checked.issue.message);
  if ('csv' in checked.value) {
    const preview = parseSpreadsheet(checked.value.csv, checked.value.defaultColumn ? { defaultColumn: checked.value.defaultColumn } : {});
    const [first, ...more] = preview.issues;
    if (first) throw new HttpError(400, 'bad_request', `${describeIssue(first)}${more.length ? ` (and ${more.length} more problem${more.length > 1 ? 's' : ''})` : ''}`);
    if (!preview.cards.length) throw badRequest('csv', 'no cards: give one row per card, `column,text[,metric,author,…]`');
    return preview.cards.map(cardInput);
  }
  checked.value.cards.forEach((card, i) => {
    for (const key of Object.keys(card)) {
      if (!['column', 'text', 'author'].includes(key) && !(COLUMN_FIELDS[card.column as ColumnId] as readonly string[]).includes(key)) {
        throw badRequest(`cards[${i}].${key}`, `does not apply to ${card.column} cards`);
      }
    }
  });
  return checked.value.cards;
}

/** Handles `POST /api/boards/<id>/import`; false for any other route. */
export async function handleImportApi(ctx: ImportContext, req: IncomingMessage, res: ServerResponse, parts: string[]): Promise<boolean> {
  if (parts[0] !== 'api' || parts[1] !== 'boards' || parts[3] !== 'import' || parts.length !== 4) return false;
  if (req.method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'use POST', { Allow: 'POST' });
  const boardId = parts[2]!;
  const auth = await ctx.boards.authorize(boardId, bearer(req));
  if (auth === 'not-found') throw notFound();
  if (auth === 'unauthorized') throw unauthorized();
  if (auth.role !== 'facilitator') throw forbidden('only the facilitator may import cards');
  const cards = cardsOf(await readJsonBody(req, 9 * 1024 * 1024));
  const content = parseRoom(boardId);
  const control = parseRoom(roomName(boardId, 'control'));
  if (!content || !control) throw notFound();
  // In anonymous mode no author is stored, whoever adds the card.
  const anonymous = await ctx.rooms.with(control, (r) => readFacilitation(r.doc).anonymous);
  const ids = await ctx.rooms.with(content, async (room) => {
    const added: string[] = [];
    room.doc.transact(() => {
      for (const card of cards) {
        const { author, ...rest } = card;
        added.push(addCard(room.doc, { ...rest, ...(author && !anonymous ? { author } : {}) }, HTTP_ORIGIN));
      }
    }, HTTP_ORIGIN);
    if (!(await within(room.whenDurable(), ctx.durableWaitMs ?? DURABLE_WAIT_MS))) {
      throw new HttpError(503, 'storage_unavailable', `storage is unavailable: the ${added.length} cards are kept and will be stored and shown once storage recovers; look for them before importing again`, { 'Retry-After': '5' });
    }
    return added;
  });
  sendJson(res, 201, { ids });
  return true;
}
