/**
 * The board JSON format (`product-vcp` v1) and the HTTP bodies, composed from
 * the records' validators (shared/doc/records/*.ts) and the shared small ones
 * (validate.ts). Built on zod: it reports the path of the bad field, rejects
 * unknown keys with strict objects, and generates the JSON Schema we ship
 * (schema/product-vcp.schema.json).
 */
import { z } from 'zod';
import { COLUMN_IDS, columnIdSchema } from './columns.ts';
import { CHECK_IN_STATUSES } from './model.ts';
import { boardInfoJsonSchema, DIRECTIONS } from './doc/records/boardInfo.ts';
import { cardSchema } from './doc/records/card.ts';
import { commitmentSchema } from './doc/records/commitment.ts';
import { decisionEntrySchema } from './doc/records/decision.ts';
import { linkSchema } from './doc/records/link.ts';
import { entityId, isoDate, isoTimestamp, longText, personName } from './validate.ts';
import { lazySchema } from './lazySchema.ts';

export { columnIdSchema } from './columns.ts';
export { cardFieldsShape } from './doc/records/cardFields.ts';
export { decisionEntrySchema } from './doc/records/decision.ts';
export { entityId, isoDate, validate } from './validate.ts';

export const FORMAT = 'product-vcp';
export const FORMAT_VERSION = 1;

/** A commitment check-in in the board JSON (`at`: when it was recorded). */
const checkInJsonSchema = lazySchema(() => z.strictObject({
  id: entityId,
  commitment: entityId,
  by: personName,
  status: z.enum(CHECK_IN_STATUSES),
  note: longText,
  value: z.number().finite().optional(),
  indicator: entityId.optional(),
  date: isoDate,
  at: isoTimestamp,
}));

const commentAuthor = lazySchema(() => z.string().max(200).regex(/\S/, 'must not be blank'));
const commentJsonShape = lazySchema(() => ({
  id: entityId,
  /** Absent when written in anonymous mode. */
  author: commentAuthor.optional(),
  text: z.string().max(10_000),
  /** Display names mentioned with "@Name". */
  mentions: z.array(commentAuthor).max(50),
  at: isoTimestamp,
}));

/**
 * A comment thread on a card: its first comment, its replies (oldest first)
 * and whether it is resolved. A first comment deleted while replies remain is
 * kept as `deleted` with empty text.
 */
const commentThreadJsonSchema = lazySchema(() => z.strictObject({
  ...commentJsonShape,
  card: entityId,
  deleted: z.literal(true).optional(),
  resolved: z.boolean(),
  resolvedBy: commentAuthor.optional(),
  resolvedAt: isoTimestamp.optional(),
  replies: z.array(z.strictObject(commentJsonShape)).max(10_000),
}));

/** A cluster of cards of one column (made in the facilitation's group phase). */
const groupJsonSchema = lazySchema(() => z.strictObject({
  id: entityId,
  label: z.string().max(200),
  column: columnIdSchema,
  cards: z.array(entityId).min(2).max(50_000),
}));

const boardJsonSchema = lazySchema(() => z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(FORMAT_VERSION),
  board: boardInfoJsonSchema,
  columns: z.array(z.strictObject({ id: columnIdSchema, title: z.string().max(200) })).length(COLUMN_IDS.length),
  cards: z.array(cardSchema).max(50_000),
  links: z.array(linkSchema).max(100_000),
  commitments: z.array(commitmentSchema).max(10_000),
  /** The decision log, oldest first (optional, so older exports import). */
  decisions: z.array(decisionEntrySchema).max(10_000).optional(),
  /** Commitment check-ins, by date (optional, so older exports import). */
  checkIns: z.array(checkInJsonSchema).max(100_000).optional(),
  /** Clusters of cards, in the order of their first card (optional, so older exports import). */
  groups: z.array(groupJsonSchema).max(50_000).optional(),
  /** Comment threads on cards, oldest first (optional, so older exports import). */
  comments: z.array(commentThreadJsonSchema).max(50_000).optional(),
}));

export type BoardJson = z.infer<typeof boardJsonSchema>;

/**
 * What an import accepts: every export, and also a board written from
 * CONTRACT.md's fields alone, e.g. by a script. The fields the exporter adds
 * may be left out and get defaults on import (`completeBoardJson`): the
 * board's `id` (a new one is made anyway), `direction` (rtl) and `createdAt`
 * (now); the `columns` (the six); each card's `order` (array order), `createdAt`
 * (now) and `status` (active); `links` and `commitments` (none); each
 * commitment's `contributors` and `indicators` (none) and `trace` (derived).
 * Everything present is checked as strictly as in an export.
 */
export const boardJsonInputSchema = lazySchema(() => boardJsonSchema.extend({
  board: boardJsonSchema.shape.board.partial({ id: true, direction: true, createdAt: true }),
  columns: boardJsonSchema.shape.columns.optional(),
  cards: z.array(cardSchema.partial({ order: true, createdAt: true, status: true })).max(50_000),
  links: boardJsonSchema.shape.links.optional(),
  commitments: z.array(commitmentSchema.partial({ contributors: true, indicators: true, trace: true })).max(10_000).optional(),
}));

export type BoardJsonInput = z.infer<typeof boardJsonInputSchema>;

/** HTTP body of `POST /api/boards` when creating from a title. */
export const createBoardBody = lazySchema(() => z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(200),
  direction: z.enum(DIRECTIONS).optional(),
  /** Start from the worked example board instead of a blank one. */
  example: z.boolean().optional(),
  /** Start the board in a portfolio: its id and its participant's or facilitator's secret (docs/API.md "Portfolios"). */
  portfolio: z.strictObject({ id: z.string().min(1, 'must not be empty').max(64), secret: z.string().min(1, 'must not be empty').max(200) }).optional(),
}));

/** HTTP body of `POST /api/boards/<id>/cards`. */
export const addCardBody = lazySchema(() => z.strictObject({
  column: columnIdSchema,
  text: z.string().max(10_000),
}));
