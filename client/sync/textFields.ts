/**
 * Editor fields bound to a board's collaborative texts (card texts, link
 * assumptions), read only for those who may not edit; a card's editing is
 * logged when its field loses focus, and a revealed draft hands its caret on.
 */
import type * as Y from 'yjs';
import * as doc from '../../shared/doc/index.ts';
import { linkAssumptionText } from '../../shared/doc/index.ts';
import type { ActivityLog } from './activityLog.ts';
import { bindTextField, type TextBindingOptions } from './textBinding.ts';

type Field = HTMLTextAreaElement | HTMLInputElement;
type Options = Omit<TextBindingOptions, 'readOnly'>;

export class TextFields {
  /** Carets of revealed drafts whose editing moves onto their card's field (adoptRevealedDraft). */
  private readonly handedOverCarets = new Map<string, { start: number; end: number }>();

  constructor(private readonly ydoc: Y.Doc, private readonly canEdit: boolean, private readonly activity: ActivityLog) {}

  /**
   * A revealed draft of mine is on the board now (same card id): the text in
   * my draft's editor, which may hold keystrokes typed after the server copied
   * the draft, becomes the card's text (only the difference is written), and
   * the card's editor takes over the caret, if the draft had focus.
   */
  adoptRevealedDraft(cardId: string, typed: string, caret: { start: number; end: number } | null): void {
    if (!this.canEdit || !doc.readCard(this.ydoc, cardId)) return;
    doc.setCardText(this.ydoc, cardId, typed);
    if (caret) this.handedOverCarets.set(cardId, caret);
  }

  /** Binds an editor field to a card's collaborative text. */
  bindCardText(cardId: string, field: Field, options: Options = {}): () => void {
    const text = doc.cardText(this.ydoc, cardId);
    if (!text) return () => {};
    const unbind = bindTextField(this.ydoc, text, field, { ...options, readOnly: !this.canEdit });
    const caret = this.handedOverCarets.get(cardId);
    if (caret && field.isConnected) {
      this.handedOverCarets.delete(cardId);
      field.focus();
      field.setSelectionRange(caret.start, caret.end);
    }
    return this.canEdit ? this.activity.editsOnBlur(cardId, field, unbind) : unbind;
  }

  /** Binds an editor field to a link's collaborative assumption text. */
  bindLinkAssumption(linkId: string, field: Field, options: Options = {}): () => void {
    const text = linkAssumptionText(this.ydoc, linkId);
    if (!text) return () => {};
    return bindTextField(this.ydoc, text, field, { ...options, readOnly: !this.canEdit });
  }
}
