/**
 * The version history of an open board over HTTP (with the page's secret):
 * the saved versions, a version's board, and restoring the whole board or one
 * removed item as one step on this person's undo stack.
 */
import * as review from '../../shared/doc/review.ts';
import { LOCAL_ORIGIN } from '../../shared/doc/index.ts';
import type { BoardJson } from '../../shared/schema.ts';
import type { RestorableItem } from '../../shared/review/restoreItem.ts';
import { fetchSnapshotBoard, listSnapshots, saveSnapshot, SnapshotTooSoonError, type SnapshotInfo } from '../api/history.ts';
import type { BoardSession } from './session.ts';

export class VersionHistory {
  constructor(private readonly board: BoardSession) {}

  /** How this person's restores are logged: under their name, or nobody's in anonymous mode. */
  private context(): review.ReviewContext & { who: string } {
    return { anonymous: this.board.anonymous, who: this.board.displayName };
  }

  list(): Promise<SnapshotInfo[]> {
    return this.board.withSecret((secret) => listSnapshots(this.board.boardId, secret));
  }

  /** Participant or facilitator: saves a version now. */
  save(label?: string): Promise<SnapshotInfo> {
    return this.board.withSecret((secret) => saveSnapshot(this.board.boardId, secret, label));
  }

  /** The board as a version holds it. */
  boardAt(snapshotId: string): Promise<BoardJson> {
    return this.board.withSecret((secret) => fetchSnapshotBoard(this.board.boardId, secret, snapshotId));
  }

  /**
   * Facilitator: makes the board equal to a snapshot. First saves the current
   * board as a "Before restore" version (history is never lost), then applies
   * the snapshot as one change on this person's undo stack, so the ordinary
   * Undo takes it back. Returns whether anything changed.
   */
  async restore(snapshot: SnapshotInfo, board: BoardJson, description: string): Promise<boolean> {
    if (!this.board.canEdit || this.board.role !== 'facilitator') return false;
    try {
      await this.save('Before restore');
    } catch (error) {
      if (!(error instanceof SnapshotTooSoonError)) throw error;
      // A version was saved moments ago (likely this very state): wait that out once.
      await new Promise((resolve) => setTimeout(resolve, Math.min(error.retryAfterMs, 10_000)));
      await this.save('Before restore');
    }
    const changed = this.board.asUndoStep(() =>
      review.restoreBoardTo(this.board.contentDoc, board, LOCAL_ORIGIN, { ...this.context(), snapshot: snapshot.id, label: description }),
    );
    // Undoing a restore puts back the commitments as they were before it, whole: one agreed or reopened
    // since (by another facilitator, say) would lose its consent record (red team). Then Undo says so.
    if (changed) {
      const onRecord = () => JSON.stringify(this.board.getBoard().commitments.map((c) => [c.id, c.status, c.consents?.length ?? 0, c.reopenings?.length ?? 0]));
      const after = onRecord();
      this.board.guardLastStep(() => (onRecord() === after ? undefined
        : 'Undo no longer takes this restore back: a commitment was agreed, reopened or moved on since. The board from before it is the “Before restore” version in History.'));
    }
    return changed;
  }

  /** How many commitments on record a restore leaves as they are now (with their traces: shared/doc/review/restoreBoard.ts). */
  agreedKept(): number {
    return review.agreedWorkOf(this.board.contentDoc).commitments.size;
  }

  /**
   * Restores one removed card, link (anyone who edits) or commitment
   * (facilitator) from a version, leaving every later change in place, as one
   * step on this person's undo stack. Returns what could not come back with it;
   * throws with the reason if it cannot be restored.
   */
  restoreItem(snapshot: SnapshotInfo, board: BoardJson, item: RestorableItem): string[] {
    if (!this.board.canEdit) throw new Error('You are viewing read only.');
    if (item.kind === 'commitment' && this.board.role !== 'facilitator') throw new Error('Only the facilitator restores commitments (with their consent record).');
    const plan = this.board.asUndoStep(() =>
      review.restoreItem(this.board.contentDoc, board, item, LOCAL_ORIGIN, { ...this.context(), snapshot: snapshot.id }),
    );
    return plan.left;
  }
}

const histories = new WeakMap<BoardSession, VersionHistory>();

/** The version history of a board session (made on first use: only the review page loads it). */
export function versionHistoryOf(board: BoardSession): VersionHistory {
  let history = histories.get(board);
  if (!history) {
    history = new VersionHistory(board);
    histories.set(board, history);
  }
  return history;
}
