/**
 * `POST /api/boards/<id>/import` (facilitator): cards from a spreadsheet into
 * an existing board, all or nothing. The body is `{ "csv": text }` (CSV,
 * semicolon CSV or tab-separated rows, see shared/spreadsheetImport.ts) or
 * `{ "cards": [{ column, text, …fields }] }`. Every card lands in one update,
 * answered 201 only once it is durably stored and sent to connected clients.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { HTTP_ORIGIN, newCardsUpdate, readFacilitation } from '../../shared/doc/index.ts';
import { FacilitationService } from '../facilitation/service.ts';
import { COLUMN_FIELDS, type ColumnId } from '../../shared/model.ts';
import { cardFieldsShape, columnIdSchema, validate } from '../../shared/schema.ts';
import { cardInput, describeIssue, MAX_IMPORT_ROWS, parseSpreadsheet, type ImportedCard } from '../../shared/spreadsheetImport.ts';
import { durable, refusalError, room } from './api.ts';
import { FACILITATOR } from './auth.ts';
import { readJsonBody } from './body.ts';
import { badRequest, HttpError, sendJson } from './respond.ts';
import { route, type Route } from './router.ts';
import type { ApiServices } from './routes.ts';

const cardRow = z.strictObject({ column: columnIdSchema, text: z.string().trim().min(1, 'must not be empty').max(10_000), author: z.string().max(500).optional(), ...cardFieldsShape });

const importBody = z.union([
  z.strictObject({ csv: z.string().max(8 * 1024 * 1024), defaultColumn: columnIdSchema.optional() }),
  z.strictObject({ cards: z.array(cardRow).min(1).max(MAX_IMPORT_ROWS) }),
]);

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

/** `POST /api/boards/<id>/import` (facilitator). */
export function importRoutes(s: Pick<ApiServices, 'access' | 'rooms' | 'rules' | 'durableWaitMs'>): Route[] {
  return [route('POST', '/api/boards/:boardId/import', ({ req, res, params: { boardId } }) => importCards(s, req, res, boardId))];
}

async function importCards(s: Pick<ApiServices, 'access' | 'rooms' | 'rules' | 'durableWaitMs'>, req: IncomingMessage, res: ServerResponse, boardId: string): Promise<void> {
  const { role } = await s.access.requireRole(req, boardId, FACILITATOR, 'only the facilitator may import cards');
  const cards = cardsOf(await readJsonBody(req, 9 * 1024 * 1024));
  const ids = await s.rooms.with(room(boardId, 'control'), (control) => s.rooms.with(room(boardId), async (r) => {
    // In anonymous mode no author is stored, whoever adds the card.
    const anonymous = readFacilitation(control.doc).anonymous;
    const { ids: added, update } = newCardsUpdate(r.doc, cards.map(({ author, ...rest }) => ({ ...rest, ...(author && !anonymous ? { author } : {}) })));
    // Checked like the facilitator's own update (a portfolio's columns, the board's size budget), all or nothing.
    const rules = FacilitationService.rules(control, 'content', role);
    const engine = s.rules.of(r);
    const refused = engine.check(update, rules, { role }) ?? engine.apply(update, HTTP_ORIGIN, rules, { role });
    if (refused) throw refusalError(refused);
    await durable(r, s.durableWaitMs, `the ${added.length} cards are kept and will be stored and shown once storage recovers; look for them before importing again`);
    return added;
  }));
  sendJson(res, 201, { ids });
}
