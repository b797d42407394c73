/**
 * The cards and links of an open board, as this person writes them: adding
 * (into their drafts in private writing, through the control session),
 * filling in, moving, deleting, removing agreed work with a reason (the
 * facilitator), linking. Each write logs its entry in the activity feed beside
 * it and stays one step of this person's undo history; what the server would
 * refuse (a portfolio's card, agreed work moved out of its column, a curated
 * card deleted) is refused here first, with why. The session (session.ts)
 * owns the document and reads; this file owns these writes.
 */
import type * as Y from 'yjs';
import * as doc from '../../shared/doc/index.ts';
import { removeWithReason } from '../../shared/doc/removal.ts';
import type { RemovalTarget } from '../../shared/removal.ts';
import { describeProtection, protectedRecords, type AskedRound } from '../../shared/protection.ts';
import type { BoardSnapshot, CardFields, ColumnId } from '../../shared/model.ts';
import { excerpt } from '../../shared/text.ts';
import type { ActivityLog } from './activityLog.ts';
import { agreedLinkRefusal } from './agreedWork.ts';
import type { UndoHistory } from './undoHistory.ts';

/** Who writes, as the session knows them. */
export interface CardWriter {
  canEdit: boolean;
  facilitator: boolean;
  /** The display name cards are signed with; the joined person's id, once known. */
  name(): string;
  personId(): string | undefined;
  /** The board now (cached), and the consent round whose proposals are held as agreed for participants. */
  board(): BoardSnapshot;
  consentRound(): AskedRound | undefined;
  /** Where the workshop's rules send a new card instead (session.ts `redirectNewCard`). */
  redirectNewCard(): ((column: ColumnId, text: string, after?: string) => string | undefined) | null;
  history: Pick<UndoHistory, 'stopCapturing'>;
  activity: ActivityLog;
  /** Runs a write as one step of this person's undo history (logging what undoing it means). */
  step<T>(write: () => T): T;
}

export class CardEdits {
  constructor(private readonly ydoc: Y.Doc, private readonly person: CardWriter) {}

  /**
   * Adds a card (after `after`), and with `toward` links it toward the goal to
   * that card in the same step (a phone says what a new card serves): one Undo
   * takes both back. A draft (private writing) takes no link.
   */
  addCard(column: ColumnId, text = '', after?: string, toward?: string): string | undefined {
    if (!this.person.canEdit) return undefined;
    this.person.history.stopCapturing();
    return this.ydoc.transact(() => {
      const routed = this.person.redirectNewCard()?.(column, text, after);
      if (routed) {
        // On the board without an author (anonymous mode), not into private drafts: log it, naming nobody.
        const card = doc.readCard(this.ydoc, routed);
        if (card) this.person.activity.cardAdded(card.id, column, text, this.person.activity.anonymous || card.author === undefined);
        if (card && toward) doc.addLink(this.ydoc, routed, toward);
        return routed;
      }
      const name = this.person.name();
      const id = doc.addCard(this.ydoc, { column, text, author: name, ...(this.person.personId() ? { authorId: this.person.personId() } : {}), ...(after ? { after } : {}) });
      this.person.activity.cardAdded(id, column, text);
      if (toward) doc.addLink(this.ydoc, id, toward);
      return id;
    }, doc.LOCAL_ORIGIN);
  }

  /**
   * Takes back a blank card this person started with Enter and left without
   * writing in it: no activity entry and no undo step (undoing its addition
   * would change nothing, so undo skips it). A card with text, a link or a
   * commitment stays.
   */
  discardBlankCard(id: string): void {
    if (!this.person.canEdit || !this.person.activity.isFresh(id)) return;
    const card = doc.readCard(this.ydoc, id);
    const { links, commitments } = this.person.board();
    if (!card || card.text.trim() || links.some((l) => l.from === id || l.to === id) || commitments.some((c) => c.card === id)) return;
    this.person.activity.isFresh(id, true);
    doc.deleteCard(this.ydoc, id, doc.DISCARD_ORIGIN);
  }

  /** Why a card is not this board's to change: a goal or segment mirrored from its portfolio (the server refuses any change to it). */
  private fromPortfolio(id: string): string | undefined {
    const card = doc.readCard(this.ydoc, id);
    if (!card?.portfolio) return undefined;
    return `“${excerpt(card.text, 80, { lines: 'first' })}” comes from the portfolio: it is changed there, not on this board.`;
  }

  updateCardFields(id: string, patch: Partial<CardFields>): void {
    if (!this.person.canEdit || this.fromPortfolio(id)) return;
    doc.updateCardFields(this.ydoc, id, patch);
    this.person.activity.fieldsEdited(id);
  }

  /**
   * One write per move: called on drop, never during a drag. A move to another
   * column takes the card's links and commitments with it, so a participant
   * may not move a protected card out of its column: returns why, and moves nothing.
   */
  moveCard(id: string, column: ColumnId, index: number): string | undefined {
    if (!this.person.canEdit) return undefined;
    const mirrored = this.fromPortfolio(id);
    if (mirrored) return mirrored;
    const before = doc.readCard(this.ydoc, id);
    // A card in another column loses its links and commitments: agreed work never goes by a drop,
    // the facilitator's either (they remove it with a reason, which the decision log keeps).
    if (before && before.column !== column) {
      const reason = protectedRecords(this.person.board(), this.person.facilitator ? undefined : this.person.consentRound()).cards.get(id);
      if (reason) {
        const what = `Can’t move “${excerpt(before.text, 80, { lines: 'first' })}” to another column: it ${describeProtection(reason)}`;
        return this.person.facilitator
          ? `${what}, which a card in another column would lose. To take it off, delete it with a reason.`
          : `${what}. Only the facilitator can change it.`;
      }
    }
    this.person.history.stopCapturing();
    this.ydoc.transact(() => {
      doc.moveCard(this.ydoc, id, column, index);
      const after = doc.readCard(this.ydoc, id);
      if (before && after && (before.column !== after.column || before.order !== after.order)) {
        this.person.activity.add({ kind: 'card-moved', card: id, from: before.column, to: after.column, excerpt: excerpt(after.text, 80, { lines: 'first' }) });
      }
    }, doc.LOCAL_ORIGIN);
    return undefined;
  }

  /** Deletes a card; a participant's delete of a parked or rejected card does nothing (curation is the facilitator's, and the server puts it back). */
  deleteCard(id: string): void {
    if (!this.person.canEdit || this.fromPortfolio(id)) return;
    const card = doc.readCard(this.ydoc, id);
    if (card && card.status !== 'active' && !this.person.facilitator) return;
    this.person.history.stopCapturing();
    this.ydoc.transact(() => {
      doc.deleteCard(this.ydoc, id);
      if (card) this.person.activity.add({ kind: 'card-deleted', card: id, excerpt: excerpt(card.text, 80, { lines: 'first' }) });
    }, doc.LOCAL_ORIGIN);
    this.person.history.stopCapturing();
  }

  /**
   * Facilitator: removes a protected card (with its links and commitments) or
   * link, recording who and why in the decision log; one undo step brings it all
   * back and logs the restoring (the removal's entry stays). Throws if the reason is blank or it is gone.
   */
  removeWithReason(target: RemovalTarget, reason: string): void {
    if (!this.person.canEdit || !this.person.facilitator) return;
    const card = 'card' in target ? doc.readCard(this.ydoc, target.card) : undefined;
    this.person.step(() => {
      this.ydoc.transact(() => {
        removeWithReason(this.ydoc, target, { by: this.person.name(), reason });
        if (card) this.person.activity.add({ kind: 'card-deleted', card: card.id, excerpt: excerpt(card.text, 80, { lines: 'first' }) });
      }, doc.LOCAL_ORIGIN);
    });
  }

  /** Why this person may not link `a` and `b` (a participant, from agreed work toward a goal: agreedWork.ts), or undefined. */
  linkRefusal(a: string, b: string): string | undefined {
    return this.person.facilitator ? undefined : agreedLinkRefusal(this.person.board(), this.person.consentRound(), a, b);
  }

  addLink(a: string, b: string, assumption = ''): string | undefined {
    if (!this.person.canEdit) return undefined;
    this.person.history.stopCapturing();
    return doc.addLink(this.ydoc, a, b, assumption);
  }

  deleteLink(id: string): void {
    if (!this.person.canEdit) return;
    this.person.history.stopCapturing();
    doc.deleteLink(this.ydoc, id);
  }
}
