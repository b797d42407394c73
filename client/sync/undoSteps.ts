/**
 * A person's undo steps on a board, with what the append-only records need:
 * a step keeps the decision-log entries it appended and logs the commitment
 * statuses it changed; undoing or redoing it appends to the decision log and
 * the activity feed what that means (a removal restored, a decision undone,
 * cards restored or deleted) instead of taking entries out.
 */
import type * as Y from 'yjs';
import * as doc from '../../shared/doc/index.ts';
import { logUndoneDecisions } from '../../shared/doc/removal.ts';
import { excerpt } from '../../shared/text.ts';
import type { ActivityLog } from './activityLog.ts';
import type { UndoHistory } from './undoHistory.ts';

export class UndoSteps {
  constructor(
    private readonly ydoc: Y.Doc,
    private readonly history: UndoHistory,
    private readonly activity: ActivityLog,
    private readonly name: () => string,
  ) {}

  /**
   * Runs a write as its own undo step (not merged with typing just before or
   * after), logging the statuses it changed, and keeping on the step the
   * decision-log entries it appended (undoing it then says so in the log).
   */
  step<T>(write: () => T): T {
    const statuses = this.activity.commitmentStatuses();
    const logged = new Set(doc.readDecisions(this.ydoc).map((d) => d.id));
    try {
      return this.history.step(write);
    } finally {
      this.activity.statusChanges(statuses);
      this.history.tagDecisions(doc.readDecisions(this.ydoc).filter((d) => !logged.has(d.id)));
    }
  }

  /** Undoes or redoes the last step; returns why when it is one Undo does not take back (nothing changed). */
  run(direction: 'undo' | 'redo'): string | undefined {
    const before = new Map(doc.readCards(this.ydoc).map((c) => [c.id, c]));
    const undone = direction === 'undo' ? this.history.undo() : { entries: this.history.redo() };
    if (undone.refused) return undone.refused;
    const after = new Map(doc.readCards(this.ydoc).map((c) => [c.id, c]));
    logUndoneDecisions(this.ydoc, undone.entries, this.name(), direction);
    for (const [id, card] of after) {
      if (!before.has(id)) this.activity.add({ kind: 'card-restored', card: id, excerpt: excerpt(card.text, 80, { lines: 'first' }) });
    }
    // A blank card just started and never logged (isFresh) goes without a word, as it came.
    for (const [id, card] of before) {
      if (!after.has(id) && !this.activity.isFresh(id, true)) this.activity.add({ kind: 'card-deleted', card: id, excerpt: excerpt(card.text, 80, { lines: 'first' }) });
    }
    return undefined;
  }
}
