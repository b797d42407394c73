/**
 * One rule engine for every write to a board document that the server did not
 * make itself: websocket updates from participants and facilitators (content
 * and draft documents) and the REST add-card, which is turned into the same
 * kind of Yjs update and goes through the same checks. What binds whom:
 * - everyone, the facilitator included: a product board's goals and segments
 *   mirrored from its portfolio, and the keys saying which portfolio a board is
 *   in, are the server's; a portfolio holds only goals and segments
 *   (portfolioPolicy.ts);
 * - everyone: card texts and link assumptions up to `Limits.maxCardTextChars`,
 *   the document's size budget, anonymity (no author), and a history snapshot
 *   before an update that removes more than MASS_REMOVAL_CARDS cards;
 * - participants on the shared board, also: locked columns, private writing,
 *   signatures (contentPolicy.ts for cards and comments, signatures.ts for the
 *   activity feed and check-ins), others' comments and the logs' entries
 *   (contentPolicy.ts, logGuard.ts), protected records, link ends, board settings,
 *   curation (cards' statuses and the clusters: contentPolicy.ts), and
 *   commitments and the decision log (commitmentGuard.ts);
 * - the facilitator: the decision log only grows (commitmentGuard.ts `keepLog`);
 * - reviewers (who write only the review parts, reviewScope.ts): the same
 *   signatures, comment and log rules as participants, and check-ins only on
 *   commitments their person owns (signatures.ts).
 *
 * A refused change cannot simply be dropped: the writer's later updates depend
 * on its Yjs clock range. So the update is applied and what it must not do is
 * reverted in the same transaction; Yjs garbage-collects the reverted content
 * before the transaction's update is emitted, so it is never stored or broadcast.
 */
import * as Y from 'yjs';
import type { Origin } from '../../shared/doc/origin.ts';
import { cardText } from '../../shared/doc/index.ts';
import {
  cardEntry, contentPartOf, deleteCard, deleteLink, restoreCard, restoreClusterEntry, restoreComment, restoreLink, restoreSetting, setCardAuthor, setCardStatus, setCommentSignature,
} from '../../shared/doc/rules.ts';
import { ACTIVITY_CAP } from '../../shared/doc/review.ts';
import { CloseCode, Limits } from '../../shared/protocol.ts';
import { CommitmentGuard } from './commitmentGuard.ts';
import { planRefusal, type ContentRules, type FormerCard, type PlanContext, type Refusal, type Writer } from './contentPolicy.ts';
import type { DocRoom } from './docRoom.ts';
import { restoreLogRemovals } from './logGuard.ts';
import { AgreedContentCache, ProtectionCache } from './protectionCache.ts';
import { fixSignatures } from './signatures.ts';
import { ItemBudget, SizeBudget, textsOverLimit } from './sizeLimits.ts';
import { changesOf, type Change } from './structs/changes.ts';
import { textPrint } from './textPrint.ts';
import type { DecodedUpdate } from './structs/dependencies.ts';
import { revertAllInsertions, revertTextInsertions } from './structs/reverts.ts';

/** More cards than this removed by one update: the board is snapshotted first (one restore away). */
const MASS_REMOVAL_CARDS = 5;

/** How many deleted cards a board remembers the author and status of (for an undo that brings a card back). */
const FORMER_CARDS_KEPT = 5_000;

/** A refused (part of a) write: what HTTP answers, and for a websocket whether to close it. */
export interface WriteRefusal extends Refusal {
  status: 400 | 403 | 413;
  /** Close the writer's socket with this code (the board is full). */
  closeCode?: number;
}

interface RuleHooks {
  /** Called before an update that removes more than MASS_REMOVAL_CARDS cards is applied. */
  beforeMassRemoval?(room: DocRoom, cards: number): void;
}

const NO_PROTECTION = { cards: new Map(), links: new Map() };

/** The rules of one loaded document: a board's content, or a person's drafts. */
export class DocRules {
  private readonly guard: CommitmentGuard | undefined;
  private readonly protection: ProtectionCache | undefined;
  private readonly agreedContent: AgreedContentCache | undefined;
  readonly size: SizeBudget;
  private readonly items: ItemBudget;
  private readonly formerCards = new Map<string, FormerCard>();

  /** `onMassRemoval`: called before an update that removes more than MASS_REMOVAL_CARDS cards is applied. */
  constructor(
    private readonly doc: Y.Doc,
    private readonly kind: 'content' | 'draft',
    private readonly onMassRemoval: (cards: number) => void = () => {},
    storedBytes = 0,
  ) {
    const content = kind === 'content';
    this.guard = content ? new CommitmentGuard(doc) : undefined;
    this.protection = content ? new ProtectionCache(doc) : undefined;
    this.agreedContent = content ? new AgreedContentCache(doc) : undefined;
    this.size = new SizeBudget(doc, content ? Limits.maxBoardBytes : Limits.maxDraftBytes, storedBytes);
    this.items = new ItemBudget(doc, content ? Limits.maxBoardItems : Limits.maxDraftItems);
  }

  private context(writer: Writer, rules: ContentRules): PlanContext {
    // While a consent round asks about proposals, their traces are held as agreed for participants (their rules carry the round).
    const round = rules.consentRound;
    return {
      writer,
      participant: writer.role === 'participant' && this.kind === 'content',
      signed: (writer.role === 'participant' || writer.role === 'reviewer') && this.kind === 'content',
      protection: () => this.protection?.get(round) ?? NO_PROTECTION,
      agreed: (id) => this.agreedContent?.has(id, round) ?? false,
      formerCards: this.formerCards,
    };
  }

  private full(by: 'bytes' | 'items' = 'bytes'): WriteRefusal {
    const mib = Math.round(this.size.budget / (1024 * 1024));
    const bound = by === 'bytes' ? `${mib} MiB` : `${this.items.max.toLocaleString('en')} items of content`;
    return {
      path: 'board', status: 413, closeCode: CloseCode.tooLarge,
      message: `the ${this.kind === 'draft' ? 'drafts are' : 'board is'} full (${bound}): remove something first`,
    };
  }

  /**
   * Why a writer other than the facilitator may not make these changes at all:
   * they write a top-level type the board does not have (a red-team participant
   * filled an array of their own with 1.7 M items, which nobody can delete: a
   * type under a card or a link is collected with it, a root never is). In a
   * draft room only cards are written.
   */
  private foreign(changes: readonly Change[], writer: Writer): WriteRefusal | undefined {
    if (writer.role === 'facilitator') return undefined;
    const allowed = this.kind === 'draft' ? (root: string) => root === 'cards' : (root: string) => contentPartOf(root) !== 'other';
    const outside = changes.find((c) => !allowed(c.root));
    return outside && {
      path: outside.root, status: 403, closeCode: CloseCode.forbidden,
      message: this.kind === 'draft' ? 'a draft room holds cards only' : 'this board has no such part: nothing of the update was kept',
    };
  }

  /**
   * Whether an update of `bytes` bytes adding `items` items would take the
   * document over a bound, and which. A deletion adds items too (it splits
   * those it cuts into: a red-team review deleted every other letter of long
   * texts and passed the bound). The facilitator is held to the bytes only,
   * so whoever must clear a full board (delete cards, restore, import) can.
   */
  private overBound(inserts: boolean, bytes: number, items: number, writer: Writer): 'bytes' | 'items' | undefined {
    if (inserts && this.size.wouldExceed(bytes)) return 'bytes';
    return writer.role !== 'facilitator' && items > 0 && this.items.wouldExceed(items) ? 'items' : undefined;
  }

  /**
   * What `apply` would refuse of this update, without applying it: a REST
   * write is refused whole, before anything is written.
   */
  check(update: Uint8Array, rules: ContentRules, writer: Writer): WriteRefusal | undefined {
    const { changes, inserts, items } = changesOf(this.doc, update);
    const foreign = this.foreign(changes, writer);
    if (foreign) return foreign;
    const over = this.overBound(inserts, update.byteLength, items, writer);
    if (over) return this.full(over);
    const plan = planRefusal(this.doc, changes, rules, this.context(writer, rules));
    return plan.refusal ? { ...plan.refusal, status: 403 } : undefined;
  }

  /**
   * Applies a writer's update under the rules, reverting what they refuse in
   * the same transaction. Returns the first refusal, if any. `decoded`: the
   * update already decoded (`Y.decodeUpdate`, dependencies.ts), if it was.
   */
  apply(update: Uint8Array, origin: Origin, rules: ContentRules, writer: Writer, decoded?: DecodedUpdate): WriteRefusal | undefined {
    const doc = this.doc;
    const { changes, inserts, items } = changesOf(doc, update, decoded);
    const ctx = this.context(writer, rules);
    const plan = planRefusal(doc, changes, rules, ctx);
    const overBudget = this.overBound(inserts, update.byteLength, items, writer);
    const foreign = this.foreign(changes, writer);
    // Past the item bound nothing of it is applied: a deletion cannot be put back without new items.
    if (overBudget === 'items') return this.full('items');
    // What the update really removes: a refused deletion (restored below) loses nothing.
    const removing = [...plan.removedCards.keys()].filter((id) => !plan.restoreCards.has(id)).length;
    if (removing > MASS_REMOVAL_CARDS) this.onMassRemoval(removing);
    const guard = ctx.participant ? this.guard : undefined;
    // The decision log is append-only for the facilitator too (an undo must not take an entry back).
    const logGuard = writer.role === 'facilitator' ? this.guard : undefined;
    const before = (guard ?? logGuard)?.before();
    let refusal: WriteRefusal | undefined = plan.refusal ? { ...plan.refusal, status: 403 } : undefined;
    const ownClock = Y.getState(doc.store, doc.clientID);
    let broken = false;
    doc.transact((transaction) => {
      try {
        Y.applyUpdate(doc, update, origin);
      } catch {
        // Yjs threw part way (an update the dependency check did not see as malformed): what it
        // integrated is still in this transaction. The reverts below run as for any update, then
        // everything it inserted is reverted too, so nothing of it is kept.
        broken = true;
      }
      // Applying a peer's update marks the transaction remote, and the reverts below are the
      // server's own writes: left so, Yjs would take them for another client using the server's
      // id and give the document a new client id at every refusal (one more state-vector entry
      // each time). Unless the update itself carried the server's id, they are ours.
      if (Y.getState(doc.store, doc.clientID) === ownClock) transaction.local = true;
      for (const id of plan.removeCards) deleteCard(doc, id, origin);
      for (const card of plan.restoreCards.values()) restoreCard(doc, card, origin, true);
      for (const [id, record] of plan.restoreComments) restoreComment(doc, id, record);
      for (const { part, id, author, field } of plan.authors) {
        if (part === 'card') setCardAuthor(doc, id, author, field === 'authorId' ? 'authorId' : 'author');
        else setCommentSignature(doc, id, field ?? 'author', author);
      }
      for (const id of plan.undone) {
        // Back under a deleted card's id: its signature only as it was (an undo), not with new words.
        const former = this.formerCards.get(id);
        const undo = former !== undefined && textPrint(cardText(doc, id)?.toString() ?? '') === former.textPrint;
        const [author, authorId] = undo ? [former.author, former.authorId] : [writer.person?.name, writer.person?.id];
        const entry = cardEntry(doc, id);
        if (!entry || (entry.author === author && entry.authorId === authorId)) continue;
        if (!undo && entry.author !== undefined && entry.author !== author) {
          refusal ??= { path: 'author', status: 403, message: 'a card brought back under someone’s name must be theirs as it was: it is signed as yours' };
        }
        setCardAuthor(doc, id, author, 'author');
        setCardAuthor(doc, id, authorId, 'authorId');
      }
      for (const [id, { status, created }] of plan.cardStatuses) {
        const now = cardEntry(doc, id)?.status;
        if (now === undefined || now === status) continue; // gone (deleted, refused), or as it must be
        setCardStatus(doc, id, status, origin);
        refusal ??= {
          path: 'status', status: 403,
          message: created ? 'a new card is active: parking and rejecting cards is the facilitator\'s' : 'only the facilitator parks, rejects or restores a card',
        };
      }
      for (const { root, key, before } of plan.restoreClusters.values()) restoreClusterEntry(doc, root, key, before);
      for (const link of plan.restoreLinks.values()) restoreLink(doc, link, origin);
      for (const id of plan.removeLinks) deleteLink(doc, id, origin);
      for (const { root, key, value } of plan.restoreKeys) restoreSetting(doc, root, key, value);
      if (guard && before && guard.touched(transaction)) {
        const reason = guard.revert(before, new Set(plan.restoreCards.keys()), writer.person?.name, rules.consentRound);
        if (reason) refusal ??= { path: 'commitments', message: reason, status: 403 };
      }
      if (logGuard && before) {
        const reason = logGuard.keepLog(before, transaction);
        if (reason) refusal ??= { path: 'decisions', message: reason, status: 403 };
      }
      const signature = fixSignatures(doc, transaction, {
        anonymous: rules.noAuthor, signer: ctx.signed ? writer.person?.name : null, ownCommitmentsOnly: writer.role === 'reviewer',
      });
      if (signature) refusal ??= { ...signature, status: 403 };
      const removal = ctx.signed ? restoreLogRemovals(doc, transaction, ACTIVITY_CAP) : undefined;
      if (removal) refusal ??= { ...removal, status: 403 };
      if (broken || overBudget || foreign) {
        revertAllInsertions(transaction);
        refusal = broken ? { path: 'update', message: 'malformed update: nothing of it was kept', status: 400, closeCode: CloseCode.badMessage } : (foreign ?? this.full(overBudget));
        return;
      }
      this.items.added(items);
      for (const text of textsOverLimit(transaction, Limits.maxCardTextChars)) {
        revertTextInsertions(transaction, text);
        refusal ??= { path: 'text', message: `a card or link holds at most ${Limits.maxCardTextChars.toLocaleString('en')} characters`, status: 400 };
      }
    }, origin);
    this.remember(plan.removedCards);
    return refusal;
  }

  /** Remembers who wrote the cards an update deleted and their status, so an undo may bring them back signed, and parked if they were. */
  private remember(removed: ReadonlyMap<string, FormerCard>): void {
    for (const [id, card] of removed) {
      if ((!card.author && !card.authorId && card.status === 'active') || cardEntry(this.doc, id)) continue;
      this.formerCards.delete(id);
      this.formerCards.set(id, card);
      if (this.formerCards.size > FORMER_CARDS_KEPT) this.formerCards.delete(this.formerCards.keys().next().value!);
    }
  }
}

/** The rules of every loaded document, created on first use (they go with the document). */
export class RuleEngines {
  private readonly engines = new WeakMap<DocRoom, DocRules>();

  constructor(private readonly hooks: RuleHooks = {}) {}

  of(room: DocRoom): DocRules {
    let engine = this.engines.get(room);
    if (!engine) {
      const kind = room.room.kind === 'draft' ? 'draft' : 'content';
      engine = new DocRules(room.doc, kind, (cards) => this.hooks.beforeMassRemoval?.(room, cards), room.storedBytes);
      this.engines.set(room, engine);
    }
    return engine;
  }
}
