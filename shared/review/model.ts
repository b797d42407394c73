/**
 * The async-review model: comment threads on cards, commitment check-ins, the
 * activity feed and the review cadence, as plain data, plus the validators the
 * document layer (doc/review.ts) applies to what it writes and what it reads.
 * No Yjs here.
 */
import { z } from 'zod';
import { CHECK_IN_STATUSES, type CheckInStatus } from '../model.ts';
import { entityId, isoDate } from '../schema.ts';
import { lazySchema } from '../lazySchema.ts';

/** A comment on a card: a thread's first comment (`thread === id`) or a reply in it. */
export interface CardComment {
  id: string;
  card: string;
  /** Id of the thread's first comment; equal to `id` for that first comment. */
  thread: string;
  /** Display name; absent when written in anonymous mode. */
  author?: string;
  /**
   * The id of the person who wrote it (the server signs it, like `author`): what makes it
   * theirs to delete, since names are not unique. Absent in anonymous mode, on comments
   * written by a connection without a person, and on imported ones; never exported.
   */
  authorId?: string;
  text: string;
  /** Display names mentioned with "@Name" (see `parseMentions`). */
  mentions: string[];
  /** ISO timestamp */
  at: string;
  /** Only on a deleted first comment that still has replies (shown as a placeholder, text empty). */
  deleted?: true;
}

/** A thread of comments on one card. */
export interface CommentThread {
  /** The id of its first comment. */
  id: string;
  card: string;
  root: CardComment;
  /** Oldest first. */
  replies: CardComment[];
  resolved: boolean;
  resolvedBy?: string;
  /** ISO timestamp */
  resolvedAt?: string;
  /** ISO timestamp of the newest comment in it. */
  lastAt: string;
}

export { CHECK_IN_STATUSES, type CheckInStatus } from '../model.ts';

/** A commitment's progress report at a review: append-only, never edited. */
export interface CheckIn {
  id: string;
  commitment: string;
  /** Who reported (display name). */
  by: string;
  status: CheckInStatus;
  note: string;
  /** The success indicator's current value, if measured. */
  value?: number;
  /** Which success indicator `value` measures (default: the commitment's first). */
  indicator?: string;
  /** ISO date YYYY-MM-DD the report is about. */
  date: string;
  /** ISO timestamp when it was recorded. */
  at: string;
}

export const REVIEW_CADENCES = ['weekly', 'monthly', 'quarterly'] as const;
export type ReviewCadence = (typeof REVIEW_CADENCES)[number];

const ACTIVITY_KINDS = [
  'card-added', 'card-edited', 'card-moved', 'card-deleted', 'card-restored',
  'comment-added', 'comment-replied', 'comment-resolved', 'comment-reopened', 'comment-deleted',
  'check-in', 'commitment-status', 'board-restored', 'item-restored',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** One entry of the activity feed: who did what to which card / comment / commitment. */
export interface ActivityEntry {
  id: string;
  /** ISO timestamp */
  at: string;
  kind: ActivityKind;
  /** Display name; absent in anonymous mode. */
  who?: string;
  card?: string;
  comment?: string;
  commitment?: string;
  checkIn?: string;
  /** History snapshot id (board-restored, item-restored). */
  snapshot?: string;
  /** Before / after: a column (card-moved) or a status (commitment-status, check-in). */
  from?: string;
  to?: string;
  /** A short excerpt of what it was about (card text, commitment title, snapshot label) at that time. */
  excerpt?: string;
}

// ---------------------------------------------------------------- validators

/** A display name: not blank, at most 200 characters. */
export const displayName = lazySchema(() => z.string().max(200).regex(/\S/, 'must not be blank'));
export const commentText = lazySchema(() => z.string().max(10_000).regex(/\S/, 'must not be blank'));

export const newCommentSchema = lazySchema(() => z.strictObject({
  author: displayName,
  text: commentText,
  mentions: z.array(displayName).max(50),
}));
export type NewComment = z.infer<typeof newCommentSchema>;

export const newCheckInSchema = lazySchema(() => z.strictObject({
  by: displayName,
  status: z.enum(CHECK_IN_STATUSES),
  note: z.string().max(10_000),
  value: z.number().finite().optional(),
  indicator: entityId.optional(),
  date: isoDate,
}));
export type NewCheckIn = z.infer<typeof newCheckInSchema>;

/** A check-in as stored (plain record in the `checkins` array); `at` in ms. */
export const storedCheckInSchema = lazySchema(() => newCheckInSchema.extend({
  id: entityId,
  commitment: entityId,
  at: z.number().finite(),
}));

const shortLabel = lazySchema(() => z.string().max(200));

/** What a writer gives `logActivity` (id and time are filled in). */
export const activityInputSchema = lazySchema(() => z.strictObject({
  kind: z.enum(ACTIVITY_KINDS),
  who: displayName.optional(),
  card: entityId.optional(),
  comment: entityId.optional(),
  commitment: entityId.optional(),
  checkIn: entityId.optional(),
  snapshot: entityId.optional(),
  from: z.string().max(100).optional(),
  to: z.string().max(100).optional(),
  excerpt: shortLabel.optional(),
}));
export type ActivityInput = z.infer<typeof activityInputSchema>;

/** An activity entry as stored (plain record in the `activity` array); `at` in ms. */
export const storedActivitySchema = lazySchema(() => activityInputSchema.extend({ id: entityId, at: z.number().finite() }));

/**
 * Milliseconds as an ISO timestamp, or undefined for anything that is not a
 * time in years 0000–9999 (`toISOString` throws beyond that).
 */
export function isoFromMillis(value: unknown): string | undefined {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= -62_167_219_200_000 && value <= 253_402_300_799_999;
  return ok ? new Date(value).toISOString() : undefined;
}

/** JSON with object keys sorted: equality of plain records regardless of key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v)) ?? 'undefined';
}
