/**
 * A person's private drafts during private writing: their own draft document
 * (same card layout as the board, through the document layer), which only
 * their personal token opens on the server. Kept in this browser too, so a
 * reload or crash loses nothing; the server copies all drafts into the board
 * on reveal and empties this document.
 */
import * as Y from 'yjs';
import * as doc from '../../shared/doc/index.ts';
import type { Card, ColumnId } from '../../shared/model.ts';
import { roomName } from '../../shared/protocol.ts';
import { fetchMyVotes } from '../api/facilitation.ts';
import { accessCheck, BoardConnection } from './connection.ts';
import { createSignal } from './signal.ts';
import { bindTextField, type TextBindingOptions } from './textBinding.ts';

export class DraftSession {
  readonly changed = createSignal();
  readonly connection: BoardConnection;
  private readonly ydoc = new Y.Doc();
  private drafts: Card[] = [];

  constructor(boardId: string, personId: string, personalToken: string) {
    // The personal token's own check: the votes route answers 401 for a token the board does not know.
    this.connection = new BoardConnection(this.ydoc, roomName(boardId, 'draft', personId), personalToken, `vcp-draft-${boardId}-${personId}`,
      { checkAccess: accessCheck(() => fetchMyVotes(boardId, personalToken)) });
    this.ydoc.on('update', () => {
      this.drafts = doc.readCards(this.ydoc);
      this.changed.emit();
    });
  }

  /** My drafts, sorted by column and position (same identity until they change). */
  getDrafts = (): Card[] => this.drafts;

  add(column: ColumnId, text: string, author: string | undefined): string {
    return doc.addCard(this.ydoc, { column, text, ...(author ? { author } : {}) });
  }

  remove(id: string): void {
    doc.deleteCard(this.ydoc, id);
  }

  bindText(cardId: string, field: HTMLTextAreaElement | HTMLInputElement, options: Omit<TextBindingOptions, 'readOnly'> = {}): () => void {
    const text = doc.cardText(this.ydoc, cardId);
    if (!text) return () => {};
    return bindTextField(this.ydoc, text, field, { ...options, readOnly: false });
  }

  destroy(): void {
    this.connection.destroy();
    this.ydoc.destroy();
  }
}
