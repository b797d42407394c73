/**
 * Comment threads on cards (layout in ../review.ts): a thread's first comment
 * and its replies, resolve / reopen, deleting one's own, and validated reads.
 */
import * as Y from 'yjs';
import { randomId } from '../../ids.ts';
import {
  commentText, displayName, isoFromMillis, newCommentSchema, type CardComment, type CommentThread, type NewComment,
} from '../../review/model.ts';
import { BUILD_ORIGIN, LOCAL_ORIGIN, type Origin } from '../origin.ts';
import { readCard } from '../records/card.ts';
import { byTime, cardExcerpt, isEntityId, parseInput, pushActivity, type ReviewContext } from './common.ts';
import { excerpt } from '../../text.ts';

/** The `comments` root. */
export function commentsRoot(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('comments');
}

/** A comment record as read, with what the thread view needs. */
interface RawComment extends CardComment {
  atMs: number;
  isDeleted: boolean;
  map: Y.Map<unknown>;
}

function readRawComment(id: string, value: unknown): RawComment | undefined {
  if (!(value instanceof Y.Map) || !isEntityId(id)) return undefined;
  const card = value.get('card');
  const thread = value.get('thread');
  const text = value.get('text');
  const author = value.get('author');
  const atMs = value.get('at');
  const at = isoFromMillis(atMs);
  const isDeleted = value.get('deleted') === true;
  if (!isEntityId(card) || !at || (thread !== undefined && (!isEntityId(thread) || thread === id))) return undefined;
  if (!isDeleted && !commentText.safeParse(text).success) return undefined;
  const mentions = value.get('mentions');
  const out: RawComment = {
    id, card, thread: typeof thread === 'string' ? thread : id, text: isDeleted ? '' : (text as string),
    mentions: Array.isArray(mentions) && !isDeleted ? mentions.filter((m): m is string => displayName.safeParse(m).success).slice(0, 50) : [],
    at, atMs: atMs as number, isDeleted, map: value,
  };
  if (displayName.safeParse(author).success) out.author = author as string;
  const authorId = value.get('authorId');
  if (isEntityId(authorId)) out.authorId = authorId;
  return out;
}

function publicComment(c: RawComment): CardComment {
  const out: CardComment = { id: c.id, card: c.card, thread: c.thread, text: c.text, mentions: [...c.mentions], at: c.at };
  if (c.author !== undefined) out.author = c.author;
  if (c.authorId !== undefined) out.authorId = c.authorId;
  if (c.isDeleted) out.deleted = true;
  return out;
}

/** A thread's first comment (not a reply), or throws. */
function rootComment(doc: Y.Doc, id: string): RawComment {
  const comment = readRawComment(id, commentsRoot(doc).get(id));
  if (!comment) throw new Error(`no such comment: ${id}`);
  const root = comment.thread === id ? comment : readRawComment(comment.thread, commentsRoot(doc).get(comment.thread));
  if (!root || root.thread !== root.id) throw new Error(`no such thread: ${comment.thread}`);
  return root;
}

function writeComment(doc: Y.Doc, cardId: string, thread: string | undefined, input: NewComment, ctx: ReviewContext): { id: string; at: number } {
  const id = randomId();
  const at = ctx.now ?? Date.now();
  const map = new Y.Map<unknown>();
  map.set('card', cardId);
  if (thread) map.set('thread', thread);
  if (!ctx.anonymous) map.set('author', input.author);
  if (!ctx.anonymous && ctx.personId) map.set('authorId', ctx.personId);
  map.set('text', input.text);
  map.set('mentions', [...new Set(input.mentions)]);
  map.set('at', at);
  commentsRoot(doc).set(id, map);
  return { id, at };
}

/**
 * Starts a comment thread on a card; returns the comment's id (which is also
 * the thread's). `mentions` come from `parseMentions(text, participantNames)`.
 * In anonymous mode no author is stored. Throws if the card does not exist or
 * the input is invalid (blank text, over 10,000 characters, …).
 */
export function addComment(doc: Y.Doc, cardId: string, input: NewComment, ctx: ReviewContext = {}, origin: Origin = LOCAL_ORIGIN): string {
  const checked = parseInput(newCommentSchema, input, 'comment');
  const card = readCard(doc, cardId);
  if (!card) throw new Error(`no such card: ${cardId}`);
  let id = '';
  doc.transact(() => {
    id = writeComment(doc, cardId, undefined, checked, ctx).id;
    pushActivity(doc, { kind: 'comment-added', who: checked.author, card: cardId, comment: id, excerpt: excerpt(card.text, 80, { lines: 'first' }) }, ctx);
  }, origin);
  return id;
}

/** Replies in the thread of `commentId` (a thread's first comment or a reply in it); returns the reply's id. */
export function replyToComment(doc: Y.Doc, commentId: string, input: NewComment, ctx: ReviewContext = {}, origin: Origin = LOCAL_ORIGIN): string {
  const checked = parseInput(newCommentSchema, input, 'comment');
  const root = rootComment(doc, commentId);
  const card = readCard(doc, root.card);
  if (!card) throw new Error(`no such card: ${root.card}`);
  let id = '';
  doc.transact(() => {
    id = writeComment(doc, root.card, root.id, checked, ctx).id;
    pushActivity(doc, { kind: 'comment-replied', who: checked.author, card: root.card, comment: id, excerpt: excerpt(card.text, 80, { lines: 'first' }) }, ctx);
  }, origin);
  return id;
}

/** Marks a thread resolved (by whom, unless anonymous). */
export function resolveThread(doc: Y.Doc, threadId: string, by: string, ctx: ReviewContext = {}, origin: Origin = LOCAL_ORIGIN): void {
  const name = parseInput(displayName, by, 'name');
  const root = rootComment(doc, threadId);
  const at = ctx.now ?? Date.now();
  doc.transact(() => {
    root.map.set('resolved', true);
    root.map.set('resolvedAt', at);
    if (ctx.anonymous) root.map.delete('resolvedBy');
    else root.map.set('resolvedBy', name);
    pushActivity(doc, { kind: 'comment-resolved', who: name, card: root.card, comment: root.id, ...cardExcerpt(doc, root.card) }, ctx);
  }, origin);
}

/** Reopens a resolved thread. */
export function reopenThread(doc: Y.Doc, threadId: string, by: string, ctx: ReviewContext = {}, origin: Origin = LOCAL_ORIGIN): void {
  const name = parseInput(displayName, by, 'name');
  const root = rootComment(doc, threadId);
  doc.transact(() => {
    root.map.set('resolved', false);
    root.map.delete('resolvedBy');
    root.map.delete('resolvedAt');
    pushActivity(doc, { kind: 'comment-reopened', who: name, card: root.card, comment: root.id, ...cardExcerpt(doc, root.card) }, ctx);
  }, origin);
}

/**
 * Deletes a comment: its text and mentions are removed and it is marked
 * deleted (a thread's first comment stays as a placeholder while it has
 * replies). Only its author may (the person `ctx.personId`, not whoever has
 * the same name), or a `moderator` (the facilitator); comments without an
 * author's id (anonymous mode, imported, written without a person) only a
 * moderator can delete. `by` names who deleted it in the activity feed.
 */
export function deleteComment(doc: Y.Doc, commentId: string, by: string, ctx: ReviewContext & { moderator?: boolean } = {}, origin: Origin = LOCAL_ORIGIN): void {
  const comment = readRawComment(commentId, commentsRoot(doc).get(commentId));
  if (!comment) throw new Error(`no such comment: ${commentId}`);
  if (comment.isDeleted) return;
  if (!ctx.moderator && !isOwnComment(comment, ctx.personId)) throw new Error('only its author can delete a comment');
  doc.transact(() => {
    comment.map.set('deleted', true);
    comment.map.delete('text');
    comment.map.delete('mentions');
    pushActivity(doc, { kind: 'comment-deleted', who: by, card: comment.card, comment: comment.id, ...cardExcerpt(doc, comment.card) }, ctx);
  }, origin);
}

/** Whether the person `personId` wrote this comment (by id: names are not unique). */
export function isOwnComment(comment: Pick<CardComment, 'authorId'>, personId: string | undefined): boolean {
  return comment.authorId !== undefined && comment.authorId === personId;
}

/**
 * Every comment thread, oldest first. Replies whose thread is missing or on
 * another card are skipped; a deleted first comment shows as a placeholder
 * only while live replies remain.
 */
export function readAllThreads(doc: Y.Doc): CommentThread[] {
  const roots: RawComment[] = [];
  const replies = new Map<string, RawComment[]>();
  for (const [id, value] of commentsRoot(doc)) {
    const c = readRawComment(id, value);
    if (!c) continue;
    if (c.thread === c.id) roots.push(c);
    else if (!c.isDeleted) (replies.get(c.thread) ?? replies.set(c.thread, []).get(c.thread)!).push(c);
  }
  const out: CommentThread[] = [];
  for (const root of roots.sort(byTime)) {
    const live = (replies.get(root.id) ?? []).filter((r) => r.card === root.card).sort(byTime);
    if (root.isDeleted && live.length === 0) continue;
    const resolved = root.map.get('resolved') === true;
    const thread: CommentThread = {
      id: root.id, card: root.card, root: publicComment(root), replies: live.map(publicComment), resolved,
      lastAt: (live[live.length - 1] ?? root).at,
    };
    const resolvedBy = root.map.get('resolvedBy');
    const resolvedAt = isoFromMillis(root.map.get('resolvedAt'));
    if (resolved && displayName.safeParse(resolvedBy).success) thread.resolvedBy = resolvedBy as string;
    if (resolved && resolvedAt) thread.resolvedAt = resolvedAt;
    out.push(thread);
  }
  return out;
}

/** The comment threads of one card, oldest first. */
export function readThreads(doc: Y.Doc, cardId: string): CommentThread[] {
  return readAllThreads(doc).filter((t) => t.card === cardId);
}

/** Every live (not deleted) comment in a shown thread, oldest first. */
export function readComments(doc: Y.Doc): CardComment[] {
  return readAllThreads(doc)
    .flatMap((t) => (t.root.deleted ? t.replies : [t.root, ...t.replies]))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : 1));
}

/** Per card: how many live comments are in its unresolved threads (cards without any are absent). */
export function openCommentCounts(doc: Y.Doc): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of readAllThreads(doc)) {
    if (t.resolved) continue;
    const n = t.replies.length + (t.root.deleted ? 0 : 1);
    counts.set(t.card, (counts.get(t.card) ?? 0) + n);
  }
  return counts;
}

/**
 * Puts comment threads read from a board export back into a document as they
 * were (ids, authors, times, mentions, resolved state kept), for the board
 * JSON import; a comment whose id is already there is skipped. Throws
 * (writing nothing) if a comment that is not deleted has no text.
 */
export function importComments(doc: Y.Doc, threads: readonly CommentThread[], origin: Origin = BUILD_ORIGIN): void {
  const check = (c: CardComment, path: string) => {
    if (!c.deleted && !commentText.safeParse(c.text).success) throw new Error(`${path}.text: must not be blank`);
  };
  threads.forEach((t, i) => {
    check(t.root, `comments[${i}]`);
    t.replies.forEach((r, j) => check(r, `comments[${i}].replies[${j}]`));
  });
  const root = commentsRoot(doc);
  const put = (c: CardComment, thread: string | undefined, extra: Record<string, unknown> = {}) => {
    if (root.has(c.id)) return;
    const map = new Y.Map<unknown>();
    map.set('card', c.card);
    if (thread) map.set('thread', thread);
    if (c.author !== undefined) map.set('author', c.author);
    map.set('text', c.deleted ? '' : c.text);
    map.set('mentions', [...new Set(c.mentions)]);
    map.set('at', Date.parse(c.at));
    if (c.deleted) map.set('deleted', true);
    for (const [k, v] of Object.entries(extra)) map.set(k, v);
    root.set(c.id, map);
  };
  doc.transact(() => {
    for (const t of threads) {
      put(t.root, undefined, t.resolved ? { resolved: true, ...(t.resolvedBy ? { resolvedBy: t.resolvedBy } : {}), ...(t.resolvedAt ? { resolvedAt: Date.parse(t.resolvedAt) } : {}) } : {});
      for (const r of t.replies) put({ ...r, card: t.card }, t.id);
    }
  }, origin);
}
