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
 *   person), a new comment's `authorId` to that person's id, and an existing
 *   one's signature does not change; a thread is resolved by that person
 *   (`resolvedBy`), and in anonymous mode by nobody;
 * - a comment's words are its author's: only the person whose id signs it
 *   changes its text or deletes it (a tombstone), not whoever joins under the
 *   same name; a comment without an id (written before ids were kept, by a
 *   connection without a person, imported) is the facilitator's to moderate
 *   only; nobody but the facilitator removes a comment's record
 *   (the check-ins and the activity feed are guarded alike, logGuard.ts).
 * For a participant, also:
 * - a protected card (shared/protection.ts) is neither deleted nor moved to
 *   another column, a protected link is not deleted, no link's ends change, and
 *   a card or link is edited in place, never replaced by a new one;
 * - what was agreed is read-only: the text and Details fields of a card that
 *   carries or lies on the trace of a consented commitment (`agreedContentOf`),
 *   and the assumption of a link on such a trace, do not change. Which cards
 *   are agreed is cached (AgreedContentCache, kept
 *   even when a card is added), so typing in any other card costs one lookup;
 * - the board settings (`board`: title, direction, next review; `review`:
 *   cadence) are the facilitator's;
 * - so is curation: a card's status (active, parked, rejected) does not
 *   change, a parked or rejected card is not deleted, and a new card starts
 *   active (or, brought back by an undo of its deletion, as it was); the
 *   clusters (`groups`, `groupOf`) are put back as they were. Statuses are compared after applying (a merged update may set
 *   one several times): the plan says what each card's status must be.
 * A refused part is reverted in the same transaction (see ruleEngine.ts).
 * Commitments and the decision log are checked after applying (commitmentGuard.ts).
 */
import type * as Y from 'yjs';
import {
  cardEntry, CARD_REQUIRED_KEYS, clusterEntry, keepsCardReadable, COMMENT_AUTHOR_KEYS, COMMENT_THREAD_KEYS, commentEntry, commentRecord, contentPartOf, isFieldName, readCard,
  readLinkEntry, settingBefore, type CardStatus, type CommentSignature, type Link,
} from '../../shared/doc/rules.ts';
import type { Card, ColumnId } from '../../shared/model.ts';
import type { Role } from '../../shared/protocol.ts';
import { cardText } from '../../shared/doc/index.ts';
import { agreedContentOf, describeProtection, type Protection } from '../../shared/protection.ts';
import { planPortfolioRefusals } from './portfolioPolicy.ts';
import { textPrint } from './textPrint.ts';
import type { Change } from './structs/changes.ts';

export interface ContentRules {
  lockedColumns: readonly ColumnId[];
  /** Refuse new cards (true for the shared board during private writing). */
  noNewCards: boolean;
  /** Refuse `author` keys (anonymous mode). */
  noAuthor: boolean;
  /**
   * The consent round on the board (open, or closed and not yet recorded): a
   * participant may not change what the room is answering on or has answered (commitmentGuard.ts).
   */
  consentRound?: { id: string; commitments: readonly string[] };
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
  /** The board's protected cards and links; called only when an update deletes or moves something (or is refused). */
  protection(): Protection;
  /** Whether a card's text and fields are agreed content (read only for participants): one lookup (AgreedContentCache). */
  agreed(id: string): boolean;
  /** Cards deleted earlier: an undo brings a card back with its author and its status. */
  formerCards: ReadonlyMap<string, FormerCard>;
}

/** What the rules remember of a deleted card. */
export interface FormerCard {
  author: string | undefined;
  authorId: string | undefined;
  status: CardStatus;
  /** A digest of its text: a card brought back under its author's name must be it as it was. */
  textPrint: string;
}

/** Why (part of) a write is refused: the path of the bad field and a sentence for a person. */
export interface Refusal {
  path: string;
  message: string;
}

/** What to undo of an update, and what it removes. */
interface RefusalPlan {
  refusal?: Refusal;
  /** New cards that must not exist. */
  removeCards: Set<string>;
  /** Cards to put back as they were before the update. */
  restoreCards: Map<string, Card>;
  /** Signatures to set (or, undefined, remove): the author of a card or comment, or who resolved a thread. */
  authors: { part: 'card' | 'comment'; id: string; author: string | undefined; field?: CommentSignature }[];
  /** Links to put back as they were. */
  restoreLinks: Map<string, Link>;
  /** New links that must not exist. */
  removeLinks: Set<string>;
  /** Comments to put back as they were (someone else's words changed or deleted). */
  restoreComments: Map<string, Record<string, unknown>>;
  /** Keys of plain maps to put back (board settings, comment authors). */
  restoreKeys: { root: string; key: string; value: unknown }[];
  /** Live cards the update deletes or replaces, with their author (if any) and status. */
  removedCards: Map<string, FormerCard>;
  /** New cards under a deleted card's id: signed as that card was if their text is its text (an undo), else by the writer (checked after applying). */
  undone: Set<string>;
  /** The status each card must have after the update (checked after applying), and whether the card is new. */
  cardStatuses: Map<string, { status: CardStatus; created: boolean }>;
  /** Entries of the cluster roots to put back as they were (`clusterEntry`), by root and key. */
  restoreClusters: Map<string, { root: string; key: string; before: unknown }>;
}

function emptyPlan(): RefusalPlan {
  return {
    removeCards: new Set(), restoreCards: new Map(), authors: [], restoreLinks: new Map(), removeLinks: new Set(), restoreComments: new Map(), restoreKeys: [],
    removedCards: new Map(), undone: new Set(), cardStatuses: new Map(), restoreClusters: new Map(),
  };
}


/** Decides, before applying, what of an update (its `changes`) the rules refuse. */
export function planRefusal(doc: Y.Doc, changes: readonly Change[], rules: ContentRules, ctx: PlanContext): RefusalPlan {
  const plan = emptyPlan();
  const locked = new Set<string>(rules.lockedColumns);
  const person = ctx.writer.person?.name;
  const personId = ctx.writer.person?.id;
  let protection: Protection | undefined;
  const protectedReason = (kind: 'cards' | 'links', id: string) => (ctx.participant ? (protection ??= ctx.protection())[kind].get(id) : undefined);
  const refuse = (path: string, message: string) => {
    plan.refusal ??= { path, message };
  };
  /** Puts a card back as it was, or removes it if it did not exist. */
  const revertCard = (id: string) => {
    if (plan.restoreCards.has(id) || plan.removeCards.has(id)) return;
    const before = readCard(doc, id);
    if (before) plan.restoreCards.set(id, before);
    else plan.removeCards.add(id);
  };

  const newColumns = new Map<string, unknown>();
  const deletedEntries = new Set<string>();
  for (const c of changes) {
    if (contentPartOf(c.root) === 'card' && c.id !== undefined && c.key === 'column' && c.kind === 'insert') newColumns.set(c.id, c.value);
    if (c.kind === 'delete' && c.key === undefined && c.id !== undefined) deletedEntries.add(`${c.root}/${c.id}`);
  }
  const deletedLinks = new Map<string, Link>();

  /** A change of a signature (a card's or comment's author, a comment's author id): the connection's person's, never the client's. */
  const authorChange = (part: 'card' | 'comment', id: string, c: Change, field: 'author' | 'authorId', current: string | undefined, existed: boolean) => {
    const signer = field === 'authorId' ? personId : person;
    if (c.kind === 'insert' && rules.noAuthor) {
      refuse('author', `anonymous mode is on: a ${part} carries no author`);
      if (existed && part === 'card') revertCard(id);
      else plan.authors.push({ part, id, author: current, field });
      return;
    }
    if (!ctx.signed || deletedEntries.has(`${c.root}/${id}`)) return;
    if (existed) {
      if (c.kind === 'insert' && c.value === current) return;
      refuse('author', `the author of a ${part} is whoever wrote it: it does not change`);
      plan.authors.push({ part, id, author: current, field });
    } else if (c.kind === 'insert' && c.value !== signer && part === 'card' && c.value !== undefined && ctx.formerCards.get(id)?.[field] === c.value) {
      plan.undone.add(id); // an undo of a deletion brings the card back signed as it was
    } else if (c.kind === 'insert' && c.value !== signer) {
      refuse('author', person ? `you sign with your own name (${person})` : 'only a person who joined the board signs what they write');
      plan.authors.push({ part, id, author: signer, field });
    }
  };

  for (const c of changes) {
    const id = c.id;
    if (id === undefined) continue;
    const part = contentPartOf(c.root);
    if (part === 'card') {
      const entry = cardEntry(doc, id);
      const existed = entry !== undefined;
      const before = entry?.column;
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
        if (entry) {
          plan.removedCards.set(id, { author: entry.author, authorId: entry.authorId, status: entry.status, textPrint: textPrint(cardText(doc, id)?.toString() ?? '') });
          const reason = protectedReason('cards', id);
          if (reason) {
            refuse('card', `this card ${describeProtection(reason)}: only the facilitator may delete it`);
            revertCard(id);
          } else if (c.kind === 'insert' && ctx.participant) {
            refuse('card', 'a card is edited in place, not replaced by a new one');
            revertCard(id);
          } else if (ctx.participant && entry.status !== 'active') {
            // Deleting a parked or rejected card would undo the facilitator's curation (and free its words to come back active).
            refuse('card', `this card is ${entry.status}: only the facilitator may delete it`);
            revertCard(id);
          }
        } else if (c.kind === 'insert' && rules.noNewCards) {
          refuse('card', 'private writing is on: new cards go to your drafts until the facilitator reveals them');
          plan.removeCards.add(id);
        }
        if (!existed && c.kind === 'insert' && ctx.participant) {
          // Parking and rejecting are the facilitator's: a new card is active, one an undo brings back as it was.
          plan.cardStatuses.set(id, { status: ctx.formerCards.get(id)?.status ?? 'active', created: true });
        }
        if (!existed && c.kind === 'insert' && ctx.signed && !rules.noAuthor) {
          // A new card is its writer's: signed with their person's id (what lets the facilitator remove what one
          // person added); one under a deleted card's id is decided after applying (an undo keeps the signature).
          if (ctx.formerCards.has(id)) plan.undone.add(id);
          else plan.authors.push({ part: 'card', id, author: personId, field: 'authorId' });
        }
      } else if (c.key === 'column' && c.kind === 'insert' && existed && c.value !== before && keepsCardReadable('column', c.value)) {
        const reason = protectedReason('cards', id);
        if (reason) {
          refuse('column', `this card ${describeProtection(reason)}: moving it to another column would cut its links`);
          revertCard(id);
        }
      } else if (c.key === 'author' || c.key === 'authorId') {
        authorChange('card', id, c, c.key, entry?.[c.key], existed);
      } else if (c.key === 'status') {
        if (ctx.participant && entry && !plan.cardStatuses.has(id)) plan.cardStatuses.set(id, { status: entry.status, created: false });
      } else if (ctx.participant && existed && (c.key === 'text' || isFieldName(c.key)) && !deletedEntries.has(`${c.root}/${id}`)
        && !plan.restoreCards.has(id) && ctx.agreed(id)) {
        // What the room agreed is read only: the same words as a refused delete (describeProtection).
        const reason = agreedContentOf(protectedReason('cards', id));
        refuse('card', reason ? `this card ${describeProtection(reason)}: only the facilitator may change what was agreed` : 'only the facilitator may change what was agreed');
        revertCard(id);
      } else if (existed && c.depth === 1 && CARD_REQUIRED_KEYS.has(c.key) && !deletedEntries.has(`${c.root}/${id}`)
        && (c.kind === 'delete' || c.key === 'text' || !keepsCardReadable(c.key, c.value))) {
        // Without its column, order or text (or with one it cannot be read by: an order that is no
        // order key, a column that is none) the card is gone from every view: a deletion by other means.
        const reason = protectedReason('cards', id);
        if (reason) {
          refuse('card', `this card ${describeProtection(reason)}: only the facilitator may delete it`);
          revertCard(id);
        } else if (ctx.participant && entry.status !== 'active' && (c.kind === 'delete' || !keepsCardReadable(c.key, c.value))) {
          refuse('card', `this card is ${entry.status}: only the facilitator may delete it`);
          revertCard(id);
        }
      }
    } else if (part === 'link') {
      const before = readLinkEntry(doc, id);
      if (!before) {
        // A new link from an agreed card toward a goal grows what the agreed commitment traces to
        // (a red-team participant added a goal to a proposal's trace during its consent round, and the
        // record made it agreed); a link into agreed work from outside (a new initiative) changes no trace.
        if (c.key === 'from' && ctx.participant && typeof c.value === 'string' && ctx.agreed(c.value) && !plan.removeLinks.has(id)) {
          const reason = agreedContentOf(protectedReason('cards', c.value));
          refuse('link', `this card ${reason ? describeProtection(reason) : 'is agreed content'}: a new link from it toward a goal changes what was agreed; only the facilitator may`);
          plan.removeLinks.add(id);
        }
        continue;
      }
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
      } else if ((c.key === 'from' || c.key === 'to') && ctx.participant && !deletedEntries.has(`${c.root}/${id}`)) {
        refuse('link', 'the ends of a link do not change: delete it and draw a new one');
        plan.restoreLinks.set(id, before);
      } else if (c.key === 'assumption' && ctx.participant && !deletedEntries.has(`${c.root}/${id}`) && !plan.restoreLinks.has(id)) {
        // The assumption of a link on an agreed trace is part of what was agreed (the read-back and the
        // exports print it): read only, as the agreed cards' words are (a red-team participant rewrote one).
        const reason = protectedReason('links', id);
        if (reason) {
          refuse('link', `this link ${describeProtection(reason)}: only the facilitator may change what was agreed`);
          plan.restoreLinks.set(id, before);
        }
      }
    } else if (part === 'comment' && (c.key === 'author' || c.key === 'authorId')) {
      const entry = commentEntry(doc, id);
      authorChange('comment', id, c, c.key, entry?.[c.key], entry !== undefined);
    } else if (part === 'comment' && c.key === undefined && c.kind === 'insert' && ctx.signed && !rules.noAuthor && !commentEntry(doc, id)) {
      // A new comment is its writer's: signed with their person's id (what makes it theirs to delete; names are not unique).
      plan.authors.push({ part: 'comment', id, author: personId, field: 'authorId' });
    } else if (part === 'comment' && c.key === 'resolvedBy' && c.kind === 'insert' && (ctx.signed || rules.noAuthor)) {
      // Who resolved a thread is whoever did (a reopening deletes the key): the connection's person, none when anonymous.
      const signer = rules.noAuthor ? undefined : person;
      if (c.value !== signer) {
        refuse('author', rules.noAuthor ? 'anonymous mode is on: a resolved thread names nobody' : 'you sign with your own name');
        plan.authors.push({ part: 'comment', id, author: signer, field: 'resolvedBy' });
      }
    } else if (part === 'comment' && ctx.signed && !COMMENT_THREAD_KEYS.has(c.key ?? '')) {
      // Resolving and reopening a thread is anyone's; the words are their author's (the facilitator moderates).
      const before = commentRecord(doc, id);
      // Theirs by person id, not by name: anyone may join under the author's name.
      const own = c.key !== undefined && COMMENT_AUTHOR_KEYS.has(c.key) && personId !== undefined && before?.authorId === personId;
      if (before && !own && !plan.restoreComments.has(id)) {
        refuse('comment', c.key === undefined
          ? 'a comment stays in its thread: its author can delete its text, the facilitator can remove it'
          : 'only its author can change or delete a comment');
        plan.restoreComments.set(id, before);
      }
    } else if (part === 'cluster' && ctx.participant) {
      // The group phase's clusters are the facilitator's curation: whatever a participant writes there is put back.
      refuse(c.root, 'clusters are the facilitator\'s: only they group cards and split groups');
      const slot = `${c.root}/${id}`;
      if (!plan.restoreClusters.has(slot)) plan.restoreClusters.set(slot, { root: c.root, key: id, before: clusterEntry(doc, c.root, id) });
    } else if (part === 'settings' && ctx.participant && c.key === undefined) {
      refuse(c.root, 'board settings are the facilitator\'s');
      const before = settingBefore(doc, c.root, id);
      if (!plan.restoreKeys.some((k) => k.root === c.root && k.key === id) && before) {
        plan.restoreKeys.push({ root: c.root, key: id, value: before.value });
      }
    }
  }

  planPortfolioRefusals(doc, changes, newColumns, {
    refuse, revertCard,
    restoreLink: (link) => plan.restoreLinks.set(link.id, link),
    removeLink: (id) => plan.removeLinks.add(id),
    restoreKey: (root, key, value) => {
      if (!plan.restoreKeys.some((k) => k.root === root && k.key === key)) plan.restoreKeys.push({ root, key, value });
    },
  });

  // A refused card deletion or move is undone whole: with the links the same update removed.
  for (const [id, link] of deletedLinks) {
    if (plan.restoreCards.has(link.from) || plan.restoreCards.has(link.to)) plan.restoreLinks.set(id, link);
  }
  return plan;
}
