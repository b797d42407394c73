/**
 * What the server's write rules (server/sync) ask of a board's content
 * document, so they never read its layout themselves: which part of the
 * board a top-level type holds, what a transaction changed by record, which
 * changed texts are card texts and link assumptions, and the stored state the
 * rules compare and put back (cards, links, comments, settings, commitments,
 * the decision log). Only the server imports this module.
 */
import * as Y from 'yjs';
import { boardRoot } from './records/boardInfo.ts';
import { portfolioBoardsRoot } from './records/portfolio.ts';
import { cardsRoot } from './records/card.ts';
import { commitmentsRoot } from './records/commitment.ts';
import { decisionsRoot } from './records/decision.ts';
import { linksRoot } from './records/link.ts';
import { checkInsRoot, reviewRoot } from './review/checkins.ts';
import { commentsRoot } from './review/comments.ts';
import { activityRoot } from './review/common.ts';

export { CARD_REQUIRED_KEYS, deleteCard, readCard, readCardColumns, restoreCard, setCardStatus, type CardStatus } from './records/card.ts';
export { cardEntry, cardsAddedBy, keepsCardReadable, setCardAuthor } from './records/cardEntry.ts';
export { clusterEntry, restoreClusterEntry } from './ext-groups.ts';
export { isFieldName } from './records/cardFields.ts';
export { isPortfolioDoc, PORTFOLIO_COLUMNS } from './records/portfolio.ts';
export { deleteLink, linkEnds, readLinkEntry, readLinks, restoreLink, type Link } from './records/link.ts';
export { readCommitments, readStoredCommitments, removeStoredCommitment, restoreStoredCommitment, type StoredCommitment } from './records/commitment.ts';
export { readStoredDecisions, restoreStoredDecisions } from './records/decision.ts';

/** The parts of the content document, as the rules tell them apart. */
type ContentPart = 'card' | 'link' | 'comment' | 'settings' | 'commitment' | 'decision' | 'check-in' | 'activity' | 'cluster' | 'other';

const PARTS: Readonly<Record<string, ContentPart>> = {
  cards: 'card', links: 'link', comments: 'comment', board: 'settings', review: 'settings',
  commitments: 'commitment', decisions: 'decision', checkins: 'check-in', activity: 'activity',
  // The group phase's clusters (ext-groups.ts): groups and their members.
  groups: 'cluster', groupOf: 'cluster',
};

/** The part of the board a top-level type (by its name) holds. */
export function contentPartOf(root: string): ContentPart {
  return Object.prototype.hasOwnProperty.call(PARTS, root) ? PARTS[root]! : 'other';
}

/** The parts a reviewer writes: comment threads, check-ins and the activity feed those append to. */
export function isReviewPart(root: string): boolean {
  const part = contentPartOf(root);
  return part === 'comment' || part === 'check-in' || part === 'activity';
}

// ---------------------------------------------------------------- what a transaction changed

/** What a transaction changed, by record. */
interface RecordChanges {
  /** A card was added, deleted or replaced. */
  cards: boolean;
  /** A card's column was written. */
  cardColumns: boolean;
  /** A link was added, deleted, replaced or written (not: typing in its assumption). */
  links: boolean;
  /** A commitment was added, deleted, replaced or written. */
  commitments: boolean;
  decisions: boolean;
}

/** Reads `transaction.changed` (call it in or after the transaction, e.g. on `afterTransaction`). */
export function recordsChangedBy(transaction: Y.Transaction): RecordChanges {
  const doc = transaction.doc;
  const cards: unknown = cardsRoot(doc);
  const links: unknown = linksRoot(doc);
  const commitments: unknown = commitmentsRoot(doc);
  const decisions: unknown = decisionsRoot(doc);
  const out: RecordChanges = { cards: false, cardColumns: false, links: false, commitments: false, decisions: false };
  for (const [changed, keys] of transaction.changed) {
    const type: unknown = changed;
    const parent: unknown = changed._item?.parent;
    if (type === cards) out.cards = true;
    else if (parent === cards && keys.has('column')) out.cardColumns = true;
    else if (type === links || parent === links) out.links = true;
    else if (type === commitments || parent === commitments) out.commitments = true;
    else if (type === decisions) out.decisions = true;
  }
  return out;
}

/** The cards whose column a transaction changed, by id. */
export function cardsMovedBy(transaction: Y.Transaction): string[] {
  const cards: unknown = cardsRoot(transaction.doc);
  const out: string[] = [];
  for (const [changed, keys] of transaction.changed) {
    const item = changed._item;
    if (item && item.parent === cards && typeof item.parentSub === 'string' && keys.has('column')) out.push(item.parentSub);
  }
  return out;
}

/**
 * The cards a transaction added (or replaced) and removed, by id (call it in
 * or after the transaction): read only when `recordsChangedBy` says `cards`.
 */
export function cardKeysChangedBy(transaction: Y.Transaction): { added: string[]; removed: string[] } {
  const cards = cardsRoot(transaction.doc);
  let keys: Set<string | null> | undefined;
  for (const [type, changed] of transaction.changed) if ((type as unknown) === cards) keys = changed;
  const added: string[] = [];
  const removed: string[] = [];
  for (const key of keys ?? []) {
    if (key === null) continue;
    if (cards.has(key)) added.push(key);
    else removed.push(key);
  }
  return { added, removed };
}

/**
 * Whether anything inside the commitments or the decision log changed, at
 * any depth: call it once the transaction's observers ran (`afterTransaction`).
 */
export function commitmentsOrLogChanged(transaction: Y.Transaction): boolean {
  const changed = transaction.changedParentTypes as Map<unknown, unknown>;
  return changed.has(commitmentsRoot(transaction.doc)) || changed.has(decisionsRoot(transaction.doc));
}

/**
 * The card texts and link assumptions a transaction changed (their length is
 * kept by Yjs: the texts are not read).
 */
export function changedRecordTexts(transaction: Y.Transaction): Y.Text[] {
  const cards: unknown = cardsRoot(transaction.doc);
  const links: unknown = linksRoot(transaction.doc);
  const out = new Set<Y.Text>();
  const keyOf = (root: unknown) => (root === cards ? 'text' : root === links ? 'assumption' : undefined);
  const add = (entry: unknown, key: string) => {
    const text = entry instanceof Y.Map ? entry.get(key) : undefined;
    if (text instanceof Y.Text) out.add(text);
  };
  // Yjs lists a type as changed only if it existed before the transaction: a text that
  // arrives inside a new card or link (or replaces one) is found through its entry.
  for (const [type, keys] of transaction.changed) {
    if (type instanceof Y.Text) {
      const holder = type._item;
      const entry = holder?.parent as Y.AbstractType<unknown> | undefined;
      if (holder?.parentSub && holder.parentSub === keyOf(entry?._item?.parent)) out.add(type);
    } else if (type === cards || type === links) {
      const key = keyOf(type)!;
      for (const id of keys) if (id !== null) add((type as unknown as Y.Map<unknown>).get(id), key);
    } else if (type instanceof Y.Map) {
      const key = keyOf(type._item?.parent);
      if (key && keys.has(key)) add(type, key);
    }
  }
  return [...out];
}

// ---------------------------------------------------------------- comments and settings

/** A comment's entry as stored, whether or not it reads as a valid comment. */
export function commentEntry(doc: Y.Doc, id: string): { author: string | undefined; authorId: string | undefined } | undefined {
  const comment = commentsRoot(doc).get(id);
  if (!(comment instanceof Y.Map)) return undefined;
  const author = comment.get('author');
  const authorId = comment.get('authorId');
  return { author: typeof author === 'string' ? author : undefined, authorId: typeof authorId === 'string' ? authorId : undefined };
}

/** The keys of a comment that sign it: its author's name and person id, who resolved its thread. */
export type CommentSignature = 'author' | 'authorId' | 'resolvedBy';

/** The keys of a thread's state anyone in the room may write (resolving and reopening a thread). */
export const COMMENT_THREAD_KEYS: ReadonlySet<string> = new Set(['resolved', 'resolvedAt', 'resolvedBy']);

/** The keys of a comment its author may write (editing or deleting their own words). */
export const COMMENT_AUTHOR_KEYS: ReadonlySet<string> = new Set(['text', 'mentions', 'deleted']);

/** A comment as stored, every key a plain value, to put back after a refused change (undefined: no comment). */
export function commentRecord(doc: Y.Doc, id: string): Record<string, unknown> | undefined {
  const comment = commentsRoot(doc).get(id);
  return comment instanceof Y.Map ? comment.toJSON() : undefined;
}

/**
 * Puts a comment back as `record` (from commentRecord), inside the caller's
 * transaction: its keys rewritten where they differ, keys it did not have
 * removed; a new map if the comment itself was deleted or replaced.
 */
export function restoreComment(doc: Y.Doc, id: string, record: Record<string, unknown>): void {
  const root = commentsRoot(doc);
  let comment = root.get(id);
  if (!(comment instanceof Y.Map)) {
    comment = new Y.Map<unknown>();
    root.set(id, comment);
  }
  const map = comment as Y.Map<unknown>;
  for (const key of [...map.keys()]) if (!(key in record)) map.delete(key);
  for (const [key, value] of Object.entries(record)) {
    if (JSON.stringify(map.get(key)) !== JSON.stringify(value)) map.set(key, value);
  }
}

/** Sets (or, undefined, removes) who wrote a comment or resolved its thread, inside the caller's transaction. */
export function setCommentSignature(doc: Y.Doc, id: string, field: CommentSignature, name: string | undefined): void {
  const comment = commentsRoot(doc).get(id);
  if (!(comment instanceof Y.Map) || (name === undefined ? !comment.has(field) : comment.get(field) === name)) return;
  if (name === undefined) comment.delete(field);
  else comment.set(field, name);
}

function settingsRoot(doc: Y.Doc, root: string): Y.Map<unknown> | undefined {
  if (root === PORTFOLIO_BOARDS) return portfolioBoardsRoot(doc) as Y.Map<unknown>;
  return root === 'board' ? boardRoot(doc) : root === 'review' ? reviewRoot(doc) : undefined;
}

/** The root of a portfolio's boards (records/portfolio.ts): only the server writes it. */
export const PORTFOLIO_BOARDS = 'portfolioBoards';
/** The keys of the `board` map only the server writes: what a document is, and a board's portfolio (records/portfolio.ts). */
export const PORTFOLIO_BOARD_KEYS: ReadonlySet<string> = new Set(['kind', 'portfolio', 'portfolioTitle']);

/**
 * A board setting as stored (in a `settings` part), to put back after a
 * refused change: `{ value }` (undefined: not set), or undefined when what is
 * stored there is no plain value.
 */
export function settingBefore(doc: Y.Doc, root: string, key: string): { value: unknown } | undefined {
  const value = settingsRoot(doc, root)?.get(key);
  return value instanceof Y.AbstractType ? undefined : { value };
}

/** Puts a setting back as it was (undefined: removes it), inside the caller's transaction. */
export function restoreSetting(doc: Y.Doc, root: string, key: string, value: unknown): void {
  const map = settingsRoot(doc, root);
  if (!map || (value === undefined ? !map.has(key) : map.get(key) === value)) return;
  if (value === undefined) map.delete(key);
  else map.set(key, value);
}

// ---------------------------------------------------------------- signed logs

/** A log whose records name who wrote them. */
export interface SignedLog {
  part: 'check-in' | 'activity';
  /** The log itself, for the server's walk over what a transaction appended. */
  log: Y.Array<unknown>;
  /** The record's field naming its writer. */
  field: 'by' | 'who';
  /** Dropped in anonymous mode. */
  anonymous: boolean;
  /** A record without a signer is refused. */
  required: boolean;
}

/** The signed logs, check-ins first (a refused check-in takes its feed entry with it). */
export function signedLogs(doc: Y.Doc): SignedLog[] {
  return [
    { part: 'check-in', log: checkInsRoot(doc), field: 'by', anonymous: false, required: true },
    { part: 'activity', log: activityRoot(doc), field: 'who', anonymous: true, required: false },
  ];
}

/** Whether the transaction changed the log. */
export function logChanged(transaction: Y.Transaction, log: Y.Array<unknown>): boolean {
  return transaction.changed.has(log as Y.AbstractType<Y.YEvent<Y.Array<unknown>>>);
}
