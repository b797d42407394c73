/**
 * "Since your last visit", as this browser keeps it: the time it last viewed
 * a board and the marks it has not seen yet. Pure; client/sync/reviewSession.ts
 * stores the record in localStorage and marks things seen as they are opened.
 *
 * A mark is a key: `card-new:<id>`, `card-changed:<id>`, `comment:<id>`,
 * `mention:<id>` (a comment that @mentions this person) or `commitment:<id>`
 * (a status change or a new check-in). Marks are taken once, when the visit
 * starts and the board is in sync: what others change while the page is open
 * is seen live, not marked, except a mention, which is addressed to this
 * person and marked as it arrives. Marks not seen by the end of a visit carry
 * over to the next one.
 */
import { sinceLastVisit, type VisitInput } from '../../shared/review/sinceLastVisit.ts';
import type { CommentThread } from '../../shared/review/model.ts';

export interface VisitRecord {
  /** ms epoch: when this browser last had the board open. */
  lastViewed: number;
  /** Marks not yet seen at that time. */
  pending: string[];
}

/** Marks kept from one visit to the next at most (the newest). */
const MAX_PENDING = 1000;

export type CardMark = 'new' | 'changed' | 'comment';

/** Reads a stored record; anything malformed counts as no record (a first visit). */
export function parseVisitRecord(raw: string | null): VisitRecord | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<VisitRecord> | null;
    if (!value || typeof value.lastViewed !== 'number' || !Number.isFinite(value.lastViewed)) return undefined;
    const pending = Array.isArray(value.pending) ? value.pending.filter((k): k is string => typeof k === 'string' && /^[a-z-]+:[\w-]+$/.test(k)) : [];
    return { lastViewed: value.lastViewed, pending: pending.slice(-MAX_PENDING) };
  } catch {
    return undefined;
  }
}

export function serializeVisitRecord(record: VisitRecord): string {
  return JSON.stringify({ lastViewed: record.lastViewed, pending: record.pending.slice(-MAX_PENDING) });
}

/** What a visit needs to know about the board (the since-last-visit input without the time). */
export type VisitBoard = Omit<VisitInput, 'lastVisit'>;

/**
 * The marks of a visit starting now: what others changed after the last
 * visit, plus what was left unseen then (if it still exists). None on a first visit.
 */
export function startVisitMarks(record: VisitRecord | undefined, board: VisitBoard): Set<string> {
  if (!record) return new Set();
  const news = sinceLastVisit({ ...board, lastVisit: record.lastViewed });
  const marks = new Set<string>();
  const exists = existing(board);
  for (const key of record.pending) if (exists(key)) marks.add(key);
  for (const id of news.newCards) marks.add(`card-new:${id}`);
  for (const id of news.changedCards) if (!marks.has(`card-new:${id}`)) marks.add(`card-changed:${id}`);
  const mentions = new Set(news.mentions);
  for (const id of news.newComments) marks.add(mentions.has(id) ? `mention:${id}` : `comment:${id}`);
  for (const id of news.statusChanges) marks.add(`commitment:${id}`);
  return marks;
}

/** Whether a mark's subject is still on the board. */
function existing(board: VisitBoard): (key: string) => boolean {
  const cards = new Set(board.board.cards.map((c) => c.id));
  const comments = new Set(board.comments.map((c) => c.id));
  const commitments = new Set(board.board.commitments.map((c) => c.id));
  return (key) => {
    const [kind, id = ''] = key.split(':');
    if (kind === 'card-new' || kind === 'card-changed') return cards.has(id);
    if (kind === 'comment' || kind === 'mention') return comments.has(id);
    if (kind === 'commitment') return commitments.has(id);
    return false;
  };
}

/** Comment id → card id, from the threads. */
export function commentCards(threads: readonly CommentThread[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of threads) {
    out.set(t.root.id, t.card);
    for (const r of t.replies) out.set(r.id, t.card);
  }
  return out;
}

/** The comment a `comment:` or `mention:` mark is about, else undefined. */
export function commentOfMark(key: string): string | undefined {
  if (key.startsWith('comment:')) return key.slice(8);
  if (key.startsWith('mention:')) return key.slice(8);
  return undefined;
}

/** The mark shown on a card: new, changed, or new comments on it (in that order of weight). */
export function cardMarkOf(marks: ReadonlySet<string>, cardId: string, commentCard: ReadonlyMap<string, string>): CardMark | null {
  if (marks.has(`card-new:${cardId}`)) return 'new';
  if (marks.has(`card-changed:${cardId}`)) return 'changed';
  for (const key of marks) {
    const comment = commentOfMark(key);
    if (comment !== undefined && commentCard.get(comment) === cardId) return 'comment';
  }
  return null;
}

/** The marks that opening a card clears: the card's own and those of its comments. */
export function marksOfCard(marks: ReadonlySet<string>, cardId: string, commentCard: ReadonlyMap<string, string>): string[] {
  return [...marks].filter((key) => key === `card-new:${cardId}` || key === `card-changed:${cardId}`
    || commentCard.get(commentOfMark(key) ?? '') === cardId);
}

/** The ids of the marks of one kind, in mark order. */
export function idsOf(marks: ReadonlySet<string>, kind: 'card-new' | 'card-changed' | 'comment' | 'mention' | 'commitment'): string[] {
  const prefix = `${kind}:`;
  return [...marks].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
}
