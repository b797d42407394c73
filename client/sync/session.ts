/**
 * One open board in the browser: the content document, its connection, the
 * person's presence and their own undo history. Components use this typed
 * surface (through hooks.ts); they never see Yjs.
 */
import * as Y from 'yjs';
import * as doc from '../../shared/doc/index.ts';
import { boardUndoScope, linkAssumptionText } from '../../shared/doc/ext-client.ts';
import type { BoardSnapshot, CardFields, ColumnId, Direction } from '../../shared/model.ts';
import { roomName, type Role } from '../../shared/protocol.ts';
import { BoardConnection } from './connection.ts';
import { PresenceChannel } from './presenceChannel.ts';
import { createSignal } from './signal.ts';
import { shareStructure } from './structuralSharing.ts';
import { bindTextField, type TextBindingOptions } from './textBinding.ts';

export interface SessionOptions {
  boardId: string;
  secret: string;
  role: Role;
  name: string;
}

export interface UndoState {
  canUndo: boolean;
  canRedo: boolean;
}

export class BoardSession {
  readonly boardId: string;
  readonly role: Role;
  /** Viewers see the board read-only: every write below is a no-op for them. */
  readonly canEdit: boolean;
  readonly connection: BoardConnection;
  readonly presence: PresenceChannel;
  readonly boardChanged = createSignal();
  readonly undoChanged = createSignal();
  private readonly ydoc = new Y.Doc();
  private readonly undoManager: Y.UndoManager;
  private snapshot: BoardSnapshot | undefined;
  private dirty = true;
  private undoState: UndoState = { canUndo: false, canRedo: false };
  /**
   * Set by the control session (client/sync/controlSession.ts): while private
   * writing is on it takes new cards into the person's drafts and returns the draft id.
   */
  redirectNewCard: ((column: ColumnId, text: string) => string | undefined) | null = null;

  constructor(options: SessionOptions) {
    this.boardId = options.boardId;
    this.role = options.role;
    this.canEdit = options.role !== 'viewer';
    this.connection = new BoardConnection(this.ydoc, roomName(options.boardId, 'content'), options.secret, `vcp-board-${options.boardId}`);
    this.presence = new PresenceChannel(this.connection.awareness, { name: options.name, role: options.role });
    this.ydoc.on('update', () => {
      this.dirty = true;
      this.boardChanged.emit();
    });
    this.undoManager = new Y.UndoManager(boardUndoScope(this.ydoc), {
      trackedOrigins: new Set([doc.LOCAL_ORIGIN]),
      captureTimeout: 500,
    });
    const refreshUndo = () => {
      const next = { canUndo: this.undoManager.canUndo(), canRedo: this.undoManager.canRedo() };
      if (next.canUndo !== this.undoState.canUndo || next.canRedo !== this.undoState.canRedo) {
        this.undoState = next;
        this.undoChanged.emit();
      }
    };
    this.undoManager.on('stack-item-added', refreshUndo);
    this.undoManager.on('stack-item-popped', refreshUndo);
    this.undoManager.on('stack-cleared', refreshUndo);
  }

  // ------------------------------------------------------------ reads

  /** The current board, re-read lazily after changes; unchanged parts keep their identity. */
  getBoard = (): BoardSnapshot => {
    if (this.dirty || !this.snapshot) {
      this.snapshot = shareStructure(this.snapshot, doc.readBoard(this.ydoc));
      this.dirty = false;
    }
    return this.snapshot;
  };

  getUndoState = (): UndoState => this.undoState;

  /** The content document, for sibling sync modules only (controlSession.ts runs document-layer operations on it). */
  get contentDoc(): Y.Doc {
    return this.ydoc;
  }

  // ------------------------------------------------------------ writes

  addCard(column: ColumnId, text = '', after?: string): string | undefined {
    if (!this.canEdit) return undefined;
    const draft = this.redirectNewCard?.(column, text);
    if (draft) return draft;
    this.undoManager.stopCapturing();
    const name = this.presence.getLocal().user.name;
    return doc.addCard(this.ydoc, { column, text, author: name, ...(after ? { after } : {}) });
  }

  updateCardFields(id: string, patch: Partial<CardFields>): void {
    if (!this.canEdit) return;
    doc.updateCardFields(this.ydoc, id, patch);
  }

  /** One write per move: called on drop, never during a drag. */
  moveCard(id: string, column: ColumnId, index: number): void {
    if (!this.canEdit) return;
    this.undoManager.stopCapturing();
    doc.moveCard(this.ydoc, id, column, index);
  }

  deleteCard(id: string): void {
    if (!this.canEdit) return;
    this.undoManager.stopCapturing();
    doc.deleteCard(this.ydoc, id);
    this.undoManager.stopCapturing();
  }

  addLink(a: string, b: string, assumption = ''): string | undefined {
    if (!this.canEdit) return undefined;
    this.undoManager.stopCapturing();
    return doc.addLink(this.ydoc, a, b, assumption);
  }

  deleteLink(id: string): void {
    if (!this.canEdit) return;
    this.undoManager.stopCapturing();
    doc.deleteLink(this.ydoc, id);
  }

  setTitle(title: string): void {
    if (this.canEdit && this.role === 'facilitator') doc.setBoardTitle(this.ydoc, title);
  }

  setDirection(direction: Direction): void {
    if (this.canEdit && this.role === 'facilitator') doc.setDirection(this.ydoc, direction);
  }

  undo(): void {
    if (this.canEdit) this.undoManager.undo();
  }

  redo(): void {
    if (this.canEdit) this.undoManager.redo();
  }

  /** Binds an editor field to a card's collaborative text. */
  bindCardText(cardId: string, field: HTMLTextAreaElement | HTMLInputElement, options: Omit<TextBindingOptions, 'readOnly'> = {}): () => void {
    const text = doc.cardText(this.ydoc, cardId);
    if (!text) return () => {};
    return bindTextField(this.ydoc, text, field, { ...options, readOnly: !this.canEdit });
  }

  /** Binds an editor field to a link's collaborative assumption text. */
  bindLinkAssumption(linkId: string, field: HTMLTextAreaElement | HTMLInputElement, options: Omit<TextBindingOptions, 'readOnly'> = {}): () => void {
    const text = linkAssumptionText(this.ydoc, linkId);
    if (!text) return () => {};
    return bindTextField(this.ydoc, text, field, { ...options, readOnly: !this.canEdit });
  }

  destroy(): void {
    this.presence.destroy();
    this.undoManager.destroy();
    this.connection.destroy();
    this.ydoc.destroy();
  }
}
