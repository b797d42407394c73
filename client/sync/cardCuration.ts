/**
 * The facilitator's curation of the board's cards (issue 4): promote, park or
 * reject a card, and clusters (merge into a labelled group, rename, split).
 * Writes go to the board's content document as the facilitator's own changes,
 * each click its own undo step (two drops in quick succession are two steps,
 * not one merged by the undo manager's typing window); everyone reads the
 * clusters from here.
 */
import { LOCAL_ORIGIN, moveCard, promoteToCommitment, readCard, setCardStatus } from '../../shared/doc/index.ts';
import { groupCards, readGroups, renameGroup, splitGroup, ungroupCard, type CardGroup } from '../../shared/doc/ext-groups.ts';
import type { CardStatus } from '../../shared/model.ts';
import { curationRefusal } from './agreedWork.ts';
import { gatherGroup } from './controlParts.ts';
import type { BoardSession } from './session.ts';
import { createSignal } from './signal.ts';
import { excerpt } from '../../shared/text.ts';

export class CardCuration {
  readonly groupsChanged = createSignal();
  private groups: CardGroup[] = [];
  private dirty = true;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly board: BoardSession | undefined,
    /** Only the facilitator curates; for everyone else the writes below do nothing. */
    private readonly mayWrite: boolean,
  ) {
    this.unsubscribe = board
      ? board.boardChanged.subscribe(() => {
          this.dirty = true;
          this.groupsChanged.emit();
        })
      : () => {};
  }

  /** The clusters on the board (same identity until they change). */
  getGroups = (): CardGroup[] => {
    if (this.dirty && this.board) {
      const next = readGroups(this.board.contentDoc, this.board.getBoard().cards);
      if (JSON.stringify(next) !== JSON.stringify(this.groups)) this.groups = next;
      this.dirty = false;
    }
    return this.groups;
  };

  /** Parks, rejects or restores a card; throws with why for agreed work or a card carrying a proposal (`curationRefusal`). */
  setCardStatus(cardId: string, status: CardStatus): void {
    if (!this.writable()) return;
    const refused = curationRefusal(this.board!.getBoard(), cardId, status);
    if (refused) throw new Error(refused);
    // A goal or segment from the portfolio keeps the portfolio's status (the server refuses any change to it).
    if (!readCard(this.board!.contentDoc, cardId)?.portfolio) this.board!.asUndoStep(() => setCardStatus(this.board!.contentDoc, cardId, status));
  }

  /** Promotes an initiative to a proposed commitment; throws with the reason when it cannot. */
  promote(cardId: string): string | undefined {
    return this.writable() ? this.board!.asUndoStep(() => promoteToCommitment(this.board!.contentDoc, cardId)) : undefined;
  }

  /** Merges cards of one column into a labelled group, placed together in their column. */
  groupCards(cardIds: string[], label: string): string | undefined {
    if (!this.writable()) return undefined;
    const board = this.board!;
    // One transaction: the gathering moves and the grouping are one step for Undo.
    return board.asUndoStep(() =>
      board.contentDoc.transact(() => {
        const id = groupCards(board.contentDoc, cardIds, label);
        gatherGroup(board, id);
        return id;
      }, LOCAL_ORIGIN),
    );
  }

  /**
   * Groups a card with the card it was dropped onto, in one write: it joins
   * that card's group (or they start one, named after that card) and moves
   * right after it. Throws with the reason when they cannot be grouped.
   */
  groupOnto(cardId: string, ontoId: string): string | undefined {
    if (!this.writable()) return undefined;
    const board = this.board!;
    const cards = board.getBoard().cards;
    const onto = cards.find((c) => c.id === ontoId);
    const card = cards.find((c) => c.id === cardId);
    if (!onto || !card) throw new Error('That card is gone.');
    if (onto.column !== card.column) throw new Error('Only cards of one column are grouped.');
    if (onto.status !== 'active' || card.status !== 'active') throw new Error('Parked and rejected cards are not grouped.');
    const ontoGrouped = this.getGroups().some((g) => g.cards.includes(ontoId));
    const others = cards.filter((c) => c.column === onto.column && c.id !== cardId);
    return board.asUndoStep(() =>
      board.contentDoc.transact(() => {
        // The dropped card leaves any group of its own first, so it joins the group of the card it was dropped onto.
        ungroupCard(board.contentDoc, cardId);
        const id = groupCards(board.contentDoc, [ontoId, cardId], ontoGrouped ? '' : excerpt(onto.text, 60));
        moveCard(board.contentDoc, cardId, onto.column, others.findIndex((c) => c.id === ontoId) + 1);
        return id;
      }, LOCAL_ORIGIN),
    );
  }

  renameGroup(groupId: string, label: string): void {
    if (this.writable()) this.board!.asUndoStep(() => renameGroup(this.board!.contentDoc, groupId, label));
  }

  splitGroup(groupId: string): void {
    if (this.writable()) this.board!.asUndoStep(() => splitGroup(this.board!.contentDoc, groupId));
  }

  destroy(): void {
    this.unsubscribe();
  }

  private writable(): boolean {
    return this.mayWrite && !!this.board?.canEdit;
  }
}
