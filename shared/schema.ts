/**
 * Validators for everything that crosses a boundary: the board JSON format
 * (`product-vcp` v1), HTTP bodies and card fields. Built on zod because it
 * reports the path of the bad field, rejects unknown keys with strict objects,
 * and generates the JSON Schema we ship (schema/product-vcp.schema.json).
 */
import { z } from 'zod';
import {
  CARD_STATUSES, CHECK_IN_STATUSES, COLUMN_IDS, COMMITMENT_STATUSES, CONFIDENCE_LEVELS, CONSENT_METHODS, CONSENT_OUTCOMES, DIRECTIONS, EVIDENCE_LEVELS,
  INDICATOR_DIRECTIONS, INITIATIVE_FUNCTIONS, INITIATIVE_TYPES, THUMBS,
} from './model.ts';

export const FORMAT = 'product-vcp';
export const FORMAT_VERSION = 1;

/**
 * Entity ids inside a board (cards, links, commitments). Ids become object keys
 * in consumers, so the names that reach the prototype are refused.
 */
export const entityId = z.string().regex(/^(?!(?:__proto__|constructor|prototype)$)[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "-" or "_" (not __proto__, constructor, prototype)');
export const boardIdSchema = z.string().regex(/^(?!(?:__proto__|constructor|prototype)$)[A-Za-z0-9_-]{6,64}$/, 'must be 6-64 letters, digits, "-" or "_" (not __proto__, constructor, prototype)');
export const isoDate = z.iso.date();
export const isoTimestamp = z.iso.datetime({ offset: true });
const shortText = z.string().max(500);
const longText = z.string().max(10_000);
/**
 * Fractional-index keys (base62), as produced by `fractional-indexing`. A key
 * grows by about one character per six cards inserted at the same spot, so the
 * cap is generous: a board's own export must always import again.
 */
export const orderKey = z.string().regex(/^[0-9A-Za-z]{1,10000}$/, 'must be a fractional index key');

export const columnIdSchema = z.enum(COLUMN_IDS);

/** Card fields; which apply to which column is checked in `validateBoardJson`. */
export const cardFieldsShape = {
  metric: shortText.optional(),
  actor: shortText.optional(),
  current: longText.optional(),
  desired: longText.optional(),
  definition: longText.optional(),
  unit: shortText.optional(),
  direction: z.enum(INDICATOR_DIRECTIONS).optional(),
  baselineValue: z.number().finite().optional(),
  baselineAsOf: isoDate.optional(),
  baselineSource: shortText.optional(),
  targetValue: z.number().finite().optional(),
  targetBy: isoDate.optional(),
  initiativeType: z.enum(INITIATIVE_TYPES).optional(),
  function: z.enum(INITIATIVE_FUNCTIONS).optional(),
  confidence: z.enum(CONFIDENCE_LEVELS).optional(),
  evidence: z.enum(EVIDENCE_LEVELS).optional(),
};

export const cardFieldsSchema = z.strictObject(cardFieldsShape);

export const cardSchema = z.strictObject({
  id: entityId,
  column: columnIdSchema,
  text: longText,
  order: orderKey,
  author: shortText.optional(),
  createdAt: isoTimestamp,
  status: z.enum(CARD_STATUSES),
  ...cardFieldsShape,
});

export const linkSchema = z.strictObject({
  id: entityId,
  from: entityId,
  to: entityId,
  assumption: longText.optional(),
});

/** A person's display name, as typed when joining or when naming an owner. */
export const personName = z.string().max(200).regex(/\S/, 'must not be blank');
/** Free text that must say something (a reason, an objection). */
const statedText = longText.regex(/\S/, 'must not be blank');

const consentRecordShape = {
  at: isoTimestamp,
  participants: z.array(personName).max(500),
  outcome: z.enum(CONSENT_OUTCOMES),
};

/** A consent round: thumbs (up / sideways / down) or fist of five (0 = block … 5 = full support). */
export const consentRecordSchema = z.discriminatedUnion('method', [
  z.strictObject({
    ...consentRecordShape,
    method: z.literal('thumbs'),
    responses: z.array(z.strictObject({ name: personName, value: z.enum(THUMBS), objection: longText.optional() })).max(500),
  }),
  z.strictObject({
    ...consentRecordShape,
    method: z.literal('fist-of-five'),
    responses: z.array(z.strictObject({ name: personName, value: z.number().int().min(0).max(5), objection: longText.optional() })).max(500),
  }),
]);

export const reopenRecordSchema = z.strictObject({ at: isoTimestamp, by: personName, reason: statedText });

export const commitmentSchema = z.strictObject({
  id: entityId,
  card: entityId,
  title: shortText,
  owner: shortText,
  contributors: z.array(shortText).max(100),
  /** Optional since commitments can be proposed as drafts; agreement needs it. */
  due: isoDate.optional(),
  checkpoint: isoDate.optional(),
  status: z.enum(COMMITMENT_STATUSES),
  indicators: z.array(entityId).max(100),
  /** Derived on export (the chain from the initiative to the goals); ignored on import. */
  trace: z.array(entityId),
  definitionOfDone: longText.optional(),
  consents: z.array(consentRecordSchema).max(100).optional(),
  reopenings: z.array(reopenRecordSchema).max(100).optional(),
});

/** A trace-check finding as recorded in an override. */
export const findingRefSchema = z.strictObject({ id: z.string().max(1_000), kind: z.string().max(60), message: longText });

const decisionShape = { id: entityId, at: isoTimestamp };

/** A commitment as named in the decision log. */
const commitmentBriefSchema = z.strictObject({ id: entityId, title: shortText, status: z.enum(COMMITMENT_STATUSES) });

/** One entry of the board's decision log. */
export const decisionEntrySchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...decisionShape, kind: z.literal('override'), by: personName, reason: statedText, findings: z.array(findingRefSchema).max(5_000) }),
  z.strictObject({ ...decisionShape, kind: z.literal('reopen'), by: personName, reason: statedText, commitment: entityId, title: shortText }),
  z.strictObject({
    ...decisionShape, kind: z.literal('consent'), commitment: entityId, title: shortText,
    method: z.enum(CONSENT_METHODS), outcome: z.enum(CONSENT_OUTCOMES), participants: z.array(personName).max(500),
  }),
  /** The facilitator removed a protected card or link, with a reason (a later addition: older logs have none). */
  z.strictObject({
    ...decisionShape, kind: z.literal('removal'), by: personName, reason: statedText,
    card: z.strictObject({ id: entityId, column: columnIdSchema, text: longText }).optional(),
    link: z.strictObject({ id: entityId, from: entityId, to: entityId, fromText: longText, toText: longText }).optional(),
    commitments: z.array(commitmentBriefSchema).max(100),
    traces: z.array(commitmentBriefSchema).max(10_000),
    links: z.number().int().min(0).max(100_000),
  }),
]);

/** A commitment check-in in the board JSON (`at`: when it was recorded). */
export const checkInJsonSchema = z.strictObject({
  id: entityId,
  commitment: entityId,
  by: personName,
  status: z.enum(CHECK_IN_STATUSES),
  note: longText,
  value: z.number().finite().optional(),
  indicator: entityId.optional(),
  date: isoDate,
  at: isoTimestamp,
});

/** A cluster of cards of one column (made in the facilitation's group phase). */
export const groupJsonSchema = z.strictObject({
  id: entityId,
  label: z.string().max(200),
  column: columnIdSchema,
  cards: z.array(entityId).min(2).max(50_000),
});

export const boardJsonSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(FORMAT_VERSION),
  board: z.strictObject({
    id: boardIdSchema,
    title: z.string().min(1).max(200),
    direction: z.enum(DIRECTIONS),
    createdAt: isoTimestamp,
    /** The next commitment review (added in v1.1; optional, so older exports import). */
    nextReview: isoDate.optional(),
  }),
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
});

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
export const boardJsonInputSchema = boardJsonSchema.extend({
  board: boardJsonSchema.shape.board.partial({ id: true, direction: true, createdAt: true }),
  columns: boardJsonSchema.shape.columns.optional(),
  cards: z.array(cardSchema.partial({ order: true, createdAt: true, status: true })).max(50_000),
  links: boardJsonSchema.shape.links.optional(),
  commitments: z.array(commitmentSchema.partial({ contributors: true, indicators: true, trace: true })).max(10_000).optional(),
});

export type BoardJsonInput = z.infer<typeof boardJsonInputSchema>;

/** HTTP body of `POST /api/boards` when creating from a title. */
export const createBoardBody = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(200),
  direction: z.enum(DIRECTIONS).optional(),
  /** Start from the worked example board instead of a blank one. */
  example: z.boolean().optional(),
});

/** HTTP body of `POST /api/boards/<id>/cards`. */
export const addCardBody = z.strictObject({
  column: columnIdSchema,
  text: z.string().max(10_000),
});

/** A validation failure: the path of the first bad field and what is wrong with it. */
export interface ValidationIssue {
  path: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; issue: ValidationIssue };

/** Formats a zod/issue path as `cards[3].column`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

/** Runs a zod schema and reports the first issue with its path. */
export function validate<T>(schema: z.ZodType<T>, input: unknown): Validated<T> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const first = result.error.issues[0];
  if (!first) return { ok: false, issue: { path: '(root)', message: 'invalid' } };
  let path = first.path;
  let message = first.message;
  if (first.code === 'unrecognized_keys') {
    const key = first.keys[0] ?? '';
    path = [...path, key];
    message = 'unknown property';
  }
  return { ok: false, issue: { path: formatPath(path), message } };
}
