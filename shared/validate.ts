/**
 * The small validators every record and boundary shares (ids, dates, texts,
 * names), and how a failure is reported: the path of the first bad field and
 * what is wrong with it. Built on zod, which reports the path, rejects unknown
 * keys with strict objects and generates the JSON Schema we ship.
 */
import { z } from 'zod';
import { lazySchema } from './lazySchema.ts';

/**
 * Entity ids inside a board (cards, links, commitments). Ids become object keys
 * in consumers, so the names that reach the prototype are refused.
 */
const ENTITY_ID = /^(?!(?:__proto__|constructor|prototype)$)[A-Za-z0-9_-]{1,64}$/;
export const entityId = lazySchema(() => z.string().regex(ENTITY_ID, 'must be 1-64 letters, digits, "-" or "_" (not __proto__, constructor, prototype)'));
export const boardIdSchema = lazySchema(() => z.string().regex(/^(?!(?:__proto__|constructor|prototype)$)[A-Za-z0-9_-]{6,64}$/, 'must be 6-64 letters, digits, "-" or "_" (not __proto__, constructor, prototype)'));
export const isoDate = lazySchema(() => z.iso.date());
export const isoTimestamp = lazySchema(() => z.iso.datetime({ offset: true }));
/** The limits of stored texts (UTF-16 code units, as `string.length` counts). */
export const MAX_SHORT_TEXT = 500;
export const MAX_TEXT = 10_000;
export const shortText = lazySchema(() => z.string().max(MAX_SHORT_TEXT));
export const longText = lazySchema(() => z.string().max(MAX_TEXT));
/** A person's display name, as typed when joining or when naming an owner. */
export const personName = lazySchema(() => z.string().max(200).regex(/\S/, 'must not be blank'));
/** Free text that must say something (a reason, an objection). */
export const statedText = lazySchema(() => longText.regex(/\S/, 'must not be blank'));

/** Whether a value is an entity id (a peer may write any map key; reads skip the rest). */
/**
 * Whether a value is an entity id (what `entityId` accepts). A plain test, not
 * `entityId.safeParse`: documents are read with it for every card and link, and
 * the client's zod runs without its compiled fast path (no eval under the
 * Content-Security-Policy), which made it a tenth of opening a 2,000-card board.
 */
export const isEntityId = (value: unknown): value is string => typeof value === 'string' && ENTITY_ID.test(value);

/**
 * Milliseconds as an ISO timestamp, or undefined for anything that is not a
 * time in years 0000–9999 (`toISOString` throws beyond ±8.64e15 and writes "+010000" after 9999).
 */
export function isoFromMillis(value: unknown): string | undefined {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= -62_167_219_200_000 && value <= 253_402_300_799_999;
  return ok ? new Date(value).toISOString() : undefined;
}

/** A validation failure: the path of the first bad field and what is wrong with it. */
interface ValidationIssue {
  path: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; issue: ValidationIssue };

/** Formats a zod/issue path as `cards[3].column`. */
function formatPath(path: readonly PropertyKey[]): string {
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

/**
 * Validates what a write is given; throws `invalid <what>: <path>: <problem>`
 * (the document layer checks a whole write before changing anything, since
 * Yjs has no rollback).
 */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const checked = schema.safeParse(input);
  if (checked.success) return checked.data;
  const issue = checked.error.issues[0];
  throw new Error(`invalid ${what}: ${issue ? `${issue.path.map(String).join('.') || issue.code}: ${issue.message}` : 'invalid'}`);
}
