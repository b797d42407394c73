/**
 * What the review parts of the document layer share: the write context
 * (anonymous mode, clock), input validation, and the activity feed every
 * review write appends to. See ../review.ts for the layout.
 */
import type * as Y from 'yjs';
import type { z } from 'zod';
import { randomId } from '../../ids.ts';
import {
  activityInputSchema, isoFromMillis, storedActivitySchema, type ActivityEntry, type ActivityInput,
} from '../../review/model.ts';
import { LOCAL_ORIGIN, type Origin } from '../origin.ts';
import { readCard } from '../records/card.ts';
import { CUT, excerpt } from '../../text.ts';

/** The activity feed keeps this many newest entries. */
export const ACTIVITY_CAP = 500;
/** Writers trim only this far past the cap, so not every append also deletes. */
const ACTIVITY_SLACK = 50;

/** Context of a review write: anonymous mode (no names stored) and the clock (tests). */
export interface ReviewContext {
  anonymous?: boolean;
  /** The person writing (their id from joining): a comment is signed with it, and only its author deletes it. */
  personId?: string;
  /** ms epoch; default `Date.now()`. */
  now?: number;
}

/** Validates a write's input; throws with the path of the first bad field. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const checked = schema.safeParse(input);
  if (checked.success) return checked.data;
  const issue = checked.error.issues[0];
  throw new Error(`invalid ${what}: ${issue ? `${issue.path.map(String).join('.') || issue.code}: ${issue.message}` : 'invalid'}`);
}

export { isEntityId } from '../../validate.ts';

/** Oldest first; ties by id, so every peer orders the same. */
export const byTime = (a: { atMs: number; id: string }, b: { atMs: number; id: string }) => a.atMs - b.atMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The `activity` root. */
export function activityRoot(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray('activity');
}

/** The card's first line as an activity excerpt (none if the card is gone). */
export function cardExcerpt(doc: Y.Doc, cardId: string): { excerpt?: string } {
  const card = readCard(doc, cardId);
  return card ? { excerpt: excerpt(card.text, 80, { lines: 'first' }) } : {};
}

/** Appends an entry inside the caller's transaction; trims past cap + slack. */
export function pushActivity(doc: Y.Doc, input: ActivityInput, ctx: ReviewContext): string {
  const id = randomId();
  const entry: Record<string, unknown> = { ...input, id, at: ctx.now ?? Date.now() };
  if (ctx.anonymous) delete entry.who;
  if (typeof entry.excerpt === 'string') entry.excerpt = excerpt(entry.excerpt, 200, CUT);
  for (const key of Object.keys(entry)) if (entry[key] === undefined || entry[key] === '') delete entry[key];
  const log = activityRoot(doc);
  log.push([entry]);
  if (log.length > ACTIVITY_CAP + ACTIVITY_SLACK) log.delete(0, log.length - ACTIVITY_CAP);
  return id;
}

/**
 * Appends an entry to the activity feed (who did what) and returns its id.
 * Card operations of board.ts do not log themselves: call this after
 * `addCard`, `setCardText` (once per editing session, e.g. on blur),
 * `moveCard`, `deleteCard`, `setCommitmentStatus`. Comment and check-in
 * operations of this module log their own entries. In anonymous mode `who`
 * is dropped. Throws if the entry is invalid.
 */
export function logActivity(doc: Y.Doc, input: ActivityInput, ctx: ReviewContext = {}, origin: Origin = LOCAL_ORIGIN): string {
  const checked = parseInput(activityInputSchema, input, 'activity entry');
  let id = '';
  doc.transact(() => {
    id = pushActivity(doc, checked, ctx);
  }, origin);
  return id;
}

/** Drops the oldest entries so that at most `keep` remain; returns how many went. */
export function trimActivity(doc: Y.Doc, keep = ACTIVITY_CAP, origin: Origin = LOCAL_ORIGIN): number {
  const log = activityRoot(doc);
  const excess = log.length - Math.max(0, keep);
  if (excess <= 0) return 0;
  doc.transact(() => log.delete(0, excess), origin);
  return excess;
}

/** The activity feed, oldest first (by time; entries at the same time keep the log's order). */
export function readActivity(doc: Y.Doc): ActivityEntry[] {
  const seen = new Set<string>();
  const out: (ActivityEntry & { atMs: number })[] = [];
  for (const item of activityRoot(doc).toArray()) {
    const checked = storedActivitySchema.safeParse(item);
    if (!checked.success || seen.has(checked.data.id)) continue;
    const at = isoFromMillis(checked.data.at);
    if (!at) continue;
    seen.add(checked.data.id);
    out.push({ ...checked.data, at, atMs: checked.data.at });
  }
  // Array.prototype.sort is stable: equal times keep the log's order.
  return out.sort((a, b) => a.atMs - b.atMs).map(({ atMs: _atMs, ...entry }) => entry as ActivityEntry);
}
