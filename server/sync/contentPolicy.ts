/**
 * Server-side rules on what a writer's update to a board document may do,
 * decided before the update is applied from what it would change
 * (updateChanges.ts). For everyone bound by the facilitator's rules:
 * - no change inside, into or deleting a card of a locked column;
 * - no new card in the shared board while private writing is on (drafts go to
 *   the author's own draft document);
 * - no author on cards or comments while anonymous mode is on.
 * For a participant or a reviewer on the shared board (a reviewer writes only
 * the review parts, reviewScope.ts):
 * - a card or comment is signed by the connection's person, never by the
 *   client: a new one's author is set to that person's name (none without a
 *   person), and an existing one's author does not change; a thread is
 *   resolved by that person (`resolvedBy`), and in anonymous mode by nobody.
 * For a participant, also:
 * - a protected card (shared/protection.ts) is neither deleted nor moved to
 *   another column, a protected link is not deleted, no link's ends change, and
 *   a card or link is edited in place, never replaced by a new one;
 * - the board settings (`board`: title, direction, next review; `review`:
 *   cadence) are the facilitator's.
 * A refused part is reverted in the same transaction (see ruleEngine.ts).
 * Commitments and the decision log are checked after applying (commitmentGuard.ts).
 */
import * as Y from 'yjs';
import type { Card, ColumnId, Link } from '../../shared/model.ts';
import type { Role } from '../../shared/protocol.ts';
import { readCard } from '../../shared/doc/board.ts';
import { readLinkEntry } from '../../shared/doc/restore.ts';
import { describeProtection, type Protection } from '../../shared/protection.ts';
import type { Change } from './updateChanges.ts';

export interface ContentRules {
  lockedColumns: readonly ColumnId[];
  /** Refuse new cards (true for the shared board during private writing). */
  noNewCards: boolean;
  /** Refuse `author` keys (anonymous mode). */
  noAuthor: boolean;
}

/** Who writes: the connection's role and, when it authenticated one, the person behind it. */
export interface Writer {
  role: Role;
  person?: { id: string; name: string };
}

/** What else binds the writer of one update. */
export interface PlanContext {
  writer: Writer;
  /** A participant on the shared board: protection, settings, link ends (see the file comment). */
  participant: boolean;
  /** A participant or reviewer on the shared board: what they write is signed by their person (see the file comment). */
  signed: boolean;
  /** The board's protected cards and links; called only when an update deletes or moves something. */
  protection(): Protection;
  /** Authors of cards deleted earlier by participants: an undo brings a card back with its author. */
  formerAuthors: ReadonlyMap<string, string>;
}

/** Why (part of) a write is refused: the path of the bad field and a sentence for a person. */
export interface Refusal {
  path: string;
  message: string;
}

/** What to undo of an update, and what it removes. */
export interface RefusalPlan {
  refusal?: Refusal;
  /** New cards that must not exist. */
  removeCards: Set<string>;
  /** Cards to put back as they were before the update. */
  restoreCards: Map<string, Card>;
  /** Signatures to set (or, undefined, remove): the author of a card or comment, or who resolved a thread. */
  authors: { root: 'cards' | 'comments'; id: string; author: string | undefined; field?: 'author' | 'resolvedBy' }[];
  /** Links to put back as they were. */
  restoreLinks: Map<string, Link>;
  /** Keys of plain maps to put back (board settings, comment authors). */
  restoreKeys: { root: string; key: string; value: unknown }[];
  /** Live cards the update deletes or replaces, with their author (if any). */
  removedCards: Map<string, string | undefined>;
}

export function emptyPlan(): RefusalPlan {
  return { removeCards: new Set(), restoreCards: new Map(), authors: [], restoreLinks: new Map(), restoreKeys: [], removedCards: new Map() };
}

const SETTINGS_ROOTS = new Set(['board', 'review']);
/** Keys a card cannot be read without (board.ts): removing or replacing one deletes the card by other means. */
const STRUCTURAL_KEYS: ReadonlySet<string | undefined> = new Set(['column', 'order', 'text']);

/** Decides, before applying, what of an update (its `changes`) the rules refuse. */
export function planRefusal(doc: Y.Doc, changes: readonly Change[], rules: ContentRules, ctx: PlanContext): RefusalPlan {
  const plan = emptyPlan();
  const cards = doc.getMap<unknown>('cards');
  const links = doc.getMap<unknown>('links');
  const comments = doc.getMap<unknown>('comments');
  const locked = new Set<string>(rules.lockedColumns);
  const person = ctx.writer.person?.name;
  let protection: Protection | undefined;
  const protectedReason = (kind: 'cards' | 'links', id: string) => (ctx.participant ? (protection ??= ctx.protection())[kind].get(id) : undefined);
  const refuse = (path: string, message: string) => {
    plan.refusal ??= { path, message };
  };
  /** Puts a card back as it was, or removes it if it did not exist. */
  const revertCard = (id: string) => {
    if (plan.restoreCards.has(id) || plan.removeCards.has(id)) return;
    const before = cards.get(id) instanceof Y.Map ? readCard(doc, id) : undefined;
    if (before) plan.restoreCards.set(id, before);
    else plan.removeCards.add(id);
  };

  const newColumns = new Map<string, unknown>();
  const deletedEntries = new Set<string>();
  for (const c of changes) {
    if (c.root === 'cards' && c.id !== undefined && c.key === 'column' && c.kind === 'insert') newColumns.set(c.id, c.value);
    if (c.kind === 'delete' && c.key === undefined && c.id !== undefined) deletedEntries.add(`${c.root}/${c.id}`);
  }
  const deletedLinks = new Map<string, Link>();

  const authorChange = (root: 'cards' | 'comments', id: string, c: Change, existed: boolean) => {
    const map = (root === 'cards' ? cards : comments).get(id);
    const current = map instanceof Y.Map ? map.get('author') : undefined;
    const what = root === 'cards' ? 'card' : 'comment';
    if (c.kind === 'insert' && rules.noAuthor) {
      refuse('author', `anonymous mode is on: a ${what} carries no author`);
      if (existed && root === 'cards') revertCard(id);
      else plan.authors.push({ root, id, author: existed && typeof current === 'string' ? current : undefined });
      return;
    }
    if (!ctx.signed || deletedEntries.has(`${root}/${id}`)) return;
    if (existed) {
      if (c.kind === 'insert' && c.value === current) return;
      refuse('author', `the author of a ${what} is whoever wrote it: it does not change`);
      plan.authors.push({ root, id, author: typeof current === 'string' ? current : undefined });
    } else if (c.kind === 'insert' && c.value !== person && !(root === 'cards' && ctx.formerAuthors.get(id) === c.value)) {
      refuse('author', person ? `you sign with your own name (${person})` : 'only a person who joined the board signs what they write');
      plan.authors.push({ root, id, author: person });
    }
  };

  for (const c of changes) {
    const id = c.id;
    if (id === undefined) continue;
    if (c.root === 'cards') {
      const existed = cards.get(id) instanceof Y.Map;
      const before = existed ? (cards.get(id) as Y.Map<unknown>).get('column') : undefined;
      if (typeof before === 'string' && locked.has(before)) {
        refuse('column', `the ${before} column is locked`);
        revertCard(id);
      }
      const after = newColumns.get(id);
      if (typeof after === 'string' && locked.has(after)) {
        refuse('column', `the ${after} column is locked`);
        revertCard(id);
      }
      if (c.key === undefined) {
        if (existed) {
          const author = (cards.get(id) as Y.Map<unknown>).get('author');
          plan.removedCards.set(id, typeof author === 'string' ? author : undefined);
          const reason = protectedReason('cards', id);
          if (reason) {
            refuse('card', `this card ${describeProtection(reason)}: only the facilitator may delete it`);
            revertCard(id);
          } else if (c.kind === 'insert' && ctx.participant) {
            refuse('card', 'a card is edited in place, not replaced by a new one');
            revertCard(id);
          }
        } else if (c.kind === 'insert' && rules.noNewCards) {
          refuse('card', 'private writing is on: new cards go to your drafts until the facilitator reveals them');
          plan.removeCards.add(id);
        }
      } else if (c.key === 'column' && c.kind === 'insert' && existed && c.value !== before) {
        const reason = protectedReason('cards', id);
        if (reason) {
          refuse('column', `this card ${describeProtection(reason)}: moving it to another column would cut its links`);
          revertCard(id);
        }
      } else if (c.key === 'author') {
        authorChange('cards', id, c, existed);
      } else if (existed && c.depth === 1 && STRUCTURAL_KEYS.has(c.key) && (c.kind === 'delete' || c.key === 'text') && !deletedEntries.has(`cards/${id}`)) {
        // Without its column, order or text the card is gone from every view: a deletion by other means.
        const reason = protectedReason('cards', id);
        if (reason) {
          refuse('card', `this card ${describeProtection(reason)}: only the facilitator may delete it`);
          revertCard(id);
        }
      }
    } else if (c.root === 'links') {
      const existed = links.get(id) instanceof Y.Map;
      if (!existed) continue;
      const before = readLinkEntry(doc, id);
      if (!before) continue;
      if (c.key === undefined) {
        if (c.kind === 'delete') deletedLinks.set(id, before);
        const reason = protectedReason('links', id);
        if (reason) {
          refuse('link', `this link ${describeProtection(reason)}: only the facilitator may delete it`);
          plan.restoreLinks.set(id, before);
        } else if (c.kind === 'insert' && ctx.participant) {
          refuse('link', 'a link is drawn anew, not replaced');
          plan.restoreLinks.set(id, before);
        }
      } else if ((c.key === 'from' || c.key === 'to') && ctx.participant && !deletedEntries.has(`links/${id}`)) {
        refuse('link', 'the ends of a link do not change: delete it and draw a new one');
        plan.restoreLinks.set(id, before);
      }
    } else if (c.root === 'comments' && c.key === 'author') {
      authorChange('comments', id, c, comments.get(id) instanceof Y.Map);
    } else if (c.root === 'comments' && c.key === 'resolvedBy' && c.kind === 'insert' && (ctx.signed || rules.noAuthor)) {
      // Who resolved a thread is whoever did (a reopening deletes the key): the connection's person, none when anonymous.
      const signer = rules.noAuthor ? undefined : person;
      if (c.value !== signer) {
        refuse('author', rules.noAuthor ? 'anonymous mode is on: a resolved thread names nobody' : 'you sign with your own name');
        plan.authors.push({ root: 'comments', id, author: signer, field: 'resolvedBy' });
      }
    } else if (SETTINGS_ROOTS.has(c.root) && ctx.participant && c.key === undefined) {
      refuse(c.root, 'board settings are the facilitator\'s');
      const value = doc.getMap<unknown>(c.root).get(id);
      if (!plan.restoreKeys.some((k) => k.root === c.root && k.key === id) && !(value instanceof Y.AbstractType)) {
        plan.restoreKeys.push({ root: c.root, key: id, value });
      }
    }
  }

  // A refused card deletion or move is undone whole: with the links the same update removed.
  for (const [id, link] of deletedLinks) {
    if (plan.restoreCards.has(link.from) || plan.restoreCards.has(link.to)) plan.restoreLinks.set(id, link);
  }
  return plan;
}
