/**
 * This person's own undo history of a board: only their local edits (remote
 * changes never enter it), typing merged into steps, and acts that must stay
 * one step of their own (a consent round, a restore) kept apart.
 */
import * as Y from 'yjs';
import { LOCAL_ORIGIN, type Origin } from '../../shared/doc/index.ts';
import { boardUndoScope } from '../../shared/doc/ext-client.ts';
import { createSignal } from './signal.ts';

export interface UndoState {
  canUndo: boolean;
  canRedo: boolean;
}

export class UndoHistory {
  readonly changed = createSignal();
  private readonly manager: Y.UndoManager;
  private state: UndoState = { canUndo: false, canRedo: false };

  constructor(ydoc: Y.Doc) {
    this.manager = new Y.UndoManager(boardUndoScope(ydoc), { trackedOrigins: new Set<Origin>([LOCAL_ORIGIN]), captureTimeout: 500 });
    const refresh = () => {
      const next = { canUndo: this.manager.canUndo(), canRedo: this.manager.canRedo() };
      if (next.canUndo !== this.state.canUndo || next.canRedo !== this.state.canRedo) {
        this.state = next;
        this.changed.emit();
      }
    };
    this.manager.on('stack-item-added', refresh);
    this.manager.on('stack-item-popped', refresh);
    this.manager.on('stack-cleared', refresh);
  }

  getState = (): UndoState => this.state;

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

  undo(): void {
    this.manager.undo();
  }

  redo(): void {
    this.manager.redo();
  }

  destroy(): void {
    this.manager.destroy();
  }
}
