/**
 * This person's own undo history of a board: only their local edits (remote
 * changes never enter it), typing merged into steps, and acts that must stay
 * one step of their own (a consent round, a restore) kept apart. A step that
 * logged decisions keeps them (`tagDecisions`), so undoing or redoing it can
 * say so in the append-only decision log (session.ts).
 */
import * as Y from 'yjs';
import { LOCAL_ORIGIN, type Origin } from '../../shared/doc/index.ts';
import type { DecisionEntry } from '../../shared/model.ts';
import { boardUndoScope } from '../../shared/doc/ext-client.ts';
import { createSignal } from './signal.ts';

export interface UndoState {
  canUndo: boolean;
  canRedo: boolean;
}

/** The stack item's meta key for the decision-log entries its step appended. */
const DECISIONS = 'decisions';
/** The stack item's meta key for why Undo may not take the step back (the server would refuse it). */
const PINNED = 'pinned';
/** The stack item's meta key for a check, made when Undo is asked, of why it may not take the step back now. */
const GUARD = 'guard';
/** The stack item's meta key for what `stamp` noted of the step's records when it was made. */
const STAMP = 'stamp';

/** What the undo manager says of a step added or grown. */
type StackEvent = { stackItem: { insertions: unknown; deletions: unknown; meta: Map<unknown, unknown> }; type: 'undo' | 'redo' };

/** The ids of the cards and commitments a step wrote (inserted or deleted anything in): each item traced up to its record. */
type IdRanges = { clients: Map<number, { clock: number; len: number }[]> };

/** What a step wrote: the cards and the commitments. */
export interface StepRecords {
  cards: Set<string>;
  commitments: Set<string>;
}

export function recordsOfStep(doc: Y.Doc, step: { insertions: unknown; deletions: unknown }): StepRecords {
  const found: StepRecords = { cards: new Set(), commitments: new Set() };
  const roots = new Map<unknown, Set<string>>([[doc.getMap('cards'), found.cards], [doc.getMap('commitments'), found.commitments]]);
  for (const set of [step.insertions, step.deletions] as IdRanges[]) {
    set.clients.forEach((ranges, client) => {
      for (const { clock, len } of ranges) {
        for (let at = clock; at < clock + len;) {
          let struct: Y.Item | Y.GC;
          try {
            struct = Y.getItem(doc.store, Y.createID(client, at));
          } catch {
            break;
          }
          let item: Y.Item | null = struct instanceof Y.Item ? struct : null;
          while (item && !roots.has(item.parent)) item = (item.parent as Y.AbstractType<unknown> | null)?._item ?? null;
          if (item?.parentSub) roots.get(item.parent)!.add(item.parentSub);
          at = struct.id.clock + struct.length;
        }
      }
    });
  }
  return found;
}

export class UndoHistory {
  /**
   * A check of the step Undo would take back, with the cards and commitments it
   * wrote and what `stamp` noted of them when the step was made: why it may
   * not (it would change what was agreed since), or undefined.
   */
  check: ((written: StepRecords, stamped: unknown) => string | undefined) | undefined;
  /** What to note of a step's records as it is made (for `check`). */
  stamp: ((written: StepRecords) => unknown) | undefined;

  readonly changed = createSignal();
  /** A step was added to or taken off the undo stack (the top step changed). */
  readonly stepsChanged = createSignal();
  private readonly manager: Y.UndoManager;
  private state: UndoState = { canUndo: false, canRedo: false };

  constructor(private readonly doc: Y.Doc) {
    const ydoc = doc;
    this.manager = new Y.UndoManager(boardUndoScope(ydoc), { trackedOrigins: new Set<Origin>([LOCAL_ORIGIN]), captureTimeout: 500 });
    this.manager.on('stack-item-added', (event: StackEvent) => {
      this.stampStep(event);
      this.stackChanged();
    });
    // A change merged into the step (typing within the capture window) is noted too: a commitment edited
    // right after a card's words was left out, and its Undo rewrote the commitment once agreed.
    this.manager.on('stack-item-updated', (event: StackEvent) => this.stampStep(event));
    this.manager.on('stack-item-popped', this.stackChanged);
    this.manager.on('stack-cleared', this.stackChanged);
  }

  /** Notes (`stamp`) what the step's records were as it is made or grows; a record noted before keeps its first note. */
  private stampStep(event: StackEvent): void {
    if (event.type !== 'undo' || !this.stamp) return;
    const before = event.stackItem.meta.get(STAMP);
    const now = this.stamp(recordsOfStep(this.doc, event.stackItem));
    event.stackItem.meta.set(STAMP, before instanceof Map && now instanceof Map ? new Map([...now, ...before]) : now);
  }

  private stackChanged = (): void => {
    const next = { canUndo: this.manager.canUndo(), canRedo: this.manager.canRedo() };
    if (next.canUndo !== this.state.canUndo || next.canRedo !== this.state.canRedo) {
      this.state = next;
      this.changed.emit();
    }
    this.stepsChanged.emit();
  };

  getState = (): UndoState => this.state;

  /** Whether a transaction is this history's own undo or redo. */
  isUndoOrRedo(origin: unknown): boolean {
    return origin === this.manager;
  }

  /** The step Undo would take back now (compare by identity), or undefined. */
  top = (): object | undefined => this.manager.undoStack[this.manager.undoStack.length - 1];

  /** The next local change starts a new step (not merged with typing just before). */
  stopCapturing(): void {
    this.manager.stopCapturing();
  }

  /** Runs a write as its own step (not merged with typing just before or after). */
  step<T>(write: () => T): T {
    this.manager.stopCapturing();
    try {
      return write();
    } finally {
      this.manager.stopCapturing();
    }
  }

  /** Keeps the decision-log entries the last step appended on that step (call right after `step`). */
  tagDecisions(entries: readonly DecisionEntry[]): void {
    const top = this.manager.undoStack[this.manager.undoStack.length - 1];
    if (top && entries.length > 0) top.meta.set(DECISIONS, entries);
  }

  /**
   * Marks the last step as one Undo cannot take back (call right after `step`):
   * the server would refuse the reverse (a participant's status move), so
   * undoing it would only flicker and fail.
   */
  pin(reason: string): void {
    const top = this.manager.undoStack[this.manager.undoStack.length - 1];
    if (top) top.meta.set(PINNED, reason);
  }

  /**
   * Gives the last step (call right after `step`) a check made when Undo is
   * asked: a reason means the step can no longer be taken back (what came
   * after it would go with it), and it leaves the stack like a pinned one.
   */
  guard(check: () => string | undefined): void {
    const top = this.manager.undoStack[this.manager.undoStack.length - 1];
    if (top) top.meta.set(GUARD, check);
  }

  /**
   * Undoes the last step; returns the decision-log entries that step had
   * appended (they follow it to the redo stack). A pinned step is not undone:
   * it leaves the stack (the next Undo goes on to the step before it) and
   * `refused` says why.
   */
  undo(): { entries: readonly DecisionEntry[]; refused?: string } {
    const stack = this.manager.undoStack;
    const top = stack[stack.length - 1];
    const pinned = (top?.meta.get(PINNED) as string | undefined) ?? (top?.meta.get(GUARD) as (() => string | undefined) | undefined)?.()
      ?? (top && this.check ? this.check(recordsOfStep(this.doc, top), top.meta.get(STAMP)) : undefined);
    if (pinned !== undefined) {
      stack.pop();
      this.stackChanged();
      return { entries: [], refused: pinned };
    }
    return { entries: this.pop(stack, () => this.manager.undo(), this.manager.redoStack) };
  }

  /** Redoes the last undone step; returns the decision-log entries it had appended. */
  redo(): readonly DecisionEntry[] {
    return this.pop(this.manager.redoStack, () => this.manager.redo(), this.manager.undoStack);
  }

  private pop(from: Y.UndoManager['undoStack'], act: () => void, to: Y.UndoManager['undoStack']): readonly DecisionEntry[] {
    const entries = (from[from.length - 1]?.meta.get(DECISIONS) as DecisionEntry[] | undefined) ?? [];
    const before = to.length;
    act();
    if (entries.length > 0 && to.length > before) to[to.length - 1]!.meta.set(DECISIONS, entries);
    return entries;
  }

  destroy(): void {
    this.manager.destroy();
  }
}
