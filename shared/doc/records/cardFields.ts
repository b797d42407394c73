/**
 * The structured fields of a card (part of the card record, card.ts): which
 * apply to which column, and their validators. Stored as keys of the card's
 * Y.Map beside its column, order and text; a field that does not apply to
 * the card's column is never written and never read.
 */
import { regexes, z } from 'zod';
import type { ColumnId } from '../../columns.ts';
import { isoDate, shortText, longText, MAX_SHORT_TEXT, MAX_TEXT } from '../../validate.ts';
import { lazySchema } from '../../lazySchema.ts';

export const INDICATOR_DIRECTIONS = ['increase', 'decrease'] as const;
export const INITIATIVE_TYPES = ['discovery', 'experiment', 'delivery'] as const;
export const INITIATIVE_FUNCTIONS = ['product', 'engineering', 'design', 'marketing', 'sales', 'cs', 'operations', 'other'] as const;
export const CONFIDENCE_LEVELS = ['low', 'medium', 'high'] as const;
export const EVIDENCE_LEVELS = ['opinion', 'anecdote', 'data', 'tested'] as const;

/** Optional structured fields of a card; which ones apply depends on the column. */
export interface CardFields {
  /** goal: the lagging metric (ARR, churn, …). */
  metric?: string;
  /** behaviour: who behaves, how they behave now, how they should. */
  actor?: string;
  current?: string;
  desired?: string;
  /** indicator */
  definition?: string;
  unit?: string;
  direction?: (typeof INDICATOR_DIRECTIONS)[number];
  baselineValue?: number;
  /** ISO date YYYY-MM-DD */
  baselineAsOf?: string;
  baselineSource?: string;
  targetValue?: number;
  /** ISO date YYYY-MM-DD */
  targetBy?: string;
  /** initiative */
  initiativeType?: (typeof INITIATIVE_TYPES)[number];
  function?: (typeof INITIATIVE_FUNCTIONS)[number];
  confidence?: (typeof CONFIDENCE_LEVELS)[number];
  evidence?: (typeof EVIDENCE_LEVELS)[number];
}

export type CardFieldName = keyof CardFields;

/** Which fields each column's cards carry (PRODUCT.md). */
export const COLUMN_FIELDS: Record<ColumnId, readonly CardFieldName[]> = {
  goal: ['metric'],
  segment: [],
  value: [],
  behaviour: ['actor', 'current', 'desired'],
  indicator: ['definition', 'unit', 'direction', 'baselineValue', 'baselineAsOf', 'baselineSource', 'targetValue', 'targetBy'],
  initiative: ['initiativeType', 'function', 'confidence', 'evidence'],
};

/** Validators of the card fields; which apply to which column is checked in `validateBoardJson`. */
export const cardFieldsShape = lazySchema(() => ({
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
}));

export function isFieldName(name: string): name is CardFieldName {
  // The plain tests below have the same keys (cardFields.test.ts): asking the shape would build its validators on every read.
  return Object.prototype.hasOwnProperty.call(fieldChecks, name);
}

const isShort = (v: unknown) => typeof v === 'string' && v.length <= MAX_SHORT_TEXT;
const isLong = (v: unknown) => typeof v === 'string' && v.length <= MAX_TEXT;
const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const isDate = (v: unknown) => typeof v === 'string' && regexes.date.test(v);
const oneOf = (values: readonly string[]) => (v: unknown) => typeof v === 'string' && values.includes(v);

/**
 * What `cardFieldsShape` accepts for a present value, as plain tests: every
 * card's fields are checked on every read of the document, and the client's
 * zod runs without its compiled fast path (no eval under the
 * Content-Security-Policy). tests/unit/cardFields.test.ts holds them to the shape.
 */
const fieldChecks: Record<CardFieldName, (value: unknown) => boolean> = {
  metric: isShort,
  actor: isShort,
  current: isLong,
  desired: isLong,
  definition: isLong,
  unit: isShort,
  direction: oneOf(INDICATOR_DIRECTIONS),
  baselineValue: isNumber,
  baselineAsOf: isDate,
  baselineSource: isShort,
  targetValue: isNumber,
  targetBy: isDate,
  initiativeType: oneOf(INITIATIVE_TYPES),
  function: oneOf(INITIATIVE_FUNCTIONS),
  confidence: oneOf(CONFIDENCE_LEVELS),
  evidence: oneOf(EVIDENCE_LEVELS),
};

/** Whether a present value is valid for the field (as `cardFieldsShape` would say). */
export function validField(name: CardFieldName, value: unknown): boolean {
  return fieldChecks[name](value);
}

/** Whether `key` is a field that applies to `column`'s cards. */
export function fieldApplies(column: ColumnId, key: string): boolean {
  return (COLUMN_FIELDS[column] as readonly string[]).includes(key);
}
