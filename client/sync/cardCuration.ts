/**
 * The facilitator's curation of the board's cards (issue 4): promote, park or
 * reject a card, and clusters (merge into a labelled group, rename, split).
 * Writes go to the board's content document as the facilitator's own changes;
 * everyone reads the clusters from here.
 */
import { promoteToCommitment, setCardStatus } from '../../shared/doc/board.ts';
import { groupCards, readGroups, renameGroup, splitGroup, type CardGroup } from '../../shared/doc/ext-groups.ts';
import type { CardStatus } from '../../shared/model.ts';
import { gatherGroup } from './controlParts.ts';
import type { BoardSession } from './session.ts';
import { createSignal } from './signal.ts';

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

  setCardStatus(cardId: string, status: CardStatus): void {
    if (this.writable()) setCardStatus(this.board!.contentDoc, cardId, status);
  }

  /** Promotes an initiative to a proposed commitment; throws with the reason when it cannot. */
  promote(cardId: string): string | undefined {
    return this.writable() ? promoteToCommitment(this.board!.contentDoc, cardId) : undefined;
  }

  /** Merges cards of one column into a labelled group, placed together in their column. */
  groupCards(cardIds: string[], label: string): string | undefined {
    if (!this.writable()) return undefined;
    const id = groupCards(this.board!.contentDoc, cardIds, label);
    gatherGroup(this.board!, id);
    return id;
  }

  renameGroup(groupId: string, label: string): void {
    if (this.writable()) renameGroup(this.board!.contentDoc, groupId, label);
  }

  splitGroup(groupId: string): void {
    if (this.writable()) splitGroup(this.board!.contentDoc, groupId);
  }

  destroy(): void {
    this.unsubscribe();
  }

  private writable(): boolean {
    return this.mayWrite && !!this.board?.canEdit;
  }
}
