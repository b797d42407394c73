/**
 * The activity feed as this person writes it, beside their edits: one entry
 * per edit that others should hear about, naming nobody in anonymous mode. A
 * blank card is logged once its first text is written; typing into a field is
 * one edit; a commitment's status change is logged by comparing before and after.
 */
import { excerpt } from '../../shared/text.ts';
import type * as Y from 'yjs';
import * as doc from '../../shared/doc/index.ts';
import { logActivity, type ActivityInput } from '../../shared/doc/review.ts';
import type { ColumnId, CommitmentStatus } from '../../shared/model.ts';

/** Field edits of one card are logged at most once in this time (ms): typing into a field is one edit. */
const FIELD_EDIT_LOG_MS = 120_000;

/** The commitments' statuses at one moment (to log what a write changed). */
export type CommitmentStatuses = Map<string, { status: CommitmentStatus; title: string }>;

export class ActivityLog {
  /** Anonymous mode of the workshop (set from the control document): the feed then names nobody. */
  anonymous = false;
  /**
   * Blank cards this person just added (and whether anonymously): they are logged as added once their
   * first text is written (when the field loses focus), so the feed names them; that typing is no edit.
   */
  private readonly freshCards = new Map<string, boolean>();
  /** When field edits of a card were last logged (one activity entry per card per few minutes of editing). */
  private readonly fieldEditsLogged = new Map<string, number>();

  /** `who`: the display name this person acts under; `canEdit`: viewers and reviewers log nothing. */
  constructor(private readonly ydoc: Y.Doc, private readonly canEdit: boolean, private readonly who: () => string) {}

  /** Appends to the activity feed as this person (naming nobody in anonymous mode); never fails the edit it follows. */
  add(entry: Omit<ActivityInput, 'who'>, anonymous = this.anonymous): void {
    if (!this.canEdit) return;
    try {
      logActivity(this.ydoc, { ...entry, who: this.who() }, { anonymous });
    } catch {
      // An entry that does not validate (e.g. a blank name) is left out; the edit stands.
    }
  }

  cardAdded(id: string, column: ColumnId, text: string, anonymous = this.anonymous): void {
    if (text.trim()) this.add({ kind: 'card-added', card: id, to: column, excerpt: excerpt(text, 80, { lines: 'first' }) }, anonymous);
    else this.freshCards.set(id, anonymous);
  }

  /** Whether `id` is a blank card this person just started (and forgets it when `take`). */
  isFresh(id: string, take = false): boolean {
    const fresh = this.freshCards.has(id);
    if (take) this.freshCards.delete(id);
    return fresh;
  }

  /** A card's fields were edited: logged once per editing stretch. */
  fieldsEdited(id: string): void {
    const last = this.fieldEditsLogged.get(id) ?? 0;
    const card = Date.now() - last > FIELD_EDIT_LOG_MS ? doc.readCard(this.ydoc, id) : undefined;
    if (card) {
      this.fieldEditsLogged.set(id, Date.now());
      this.add({ kind: 'card-edited', card: id, excerpt: excerpt(card.text, 80, { lines: 'first' }) });
    }
  }

  commitmentStatuses(): CommitmentStatuses {
    return new Map(doc.readCommitments(this.ydoc).map((c) => [c.id, { status: c.status, title: c.title }]));
  }

  /** Logs the status changes of commitments that existed before a write (agreeing, reopening, moving along). */
  statusChanges(before: CommitmentStatuses): void {
    for (const c of doc.readCommitments(this.ydoc)) {
      const old = before.get(c.id);
      if (old && old.status !== c.status) this.add({ kind: 'commitment-status', commitment: c.id, from: old.status, to: c.status, excerpt: excerpt(c.title, 80, { lines: 'first' }) });
    }
  }

  /** Logs one "edited" entry per editing session of a card's text: when the field loses focus after a change. */
  editsOnBlur(cardId: string, field: HTMLTextAreaElement | HTMLInputElement, unbind: () => void): () => void {
    let edited = false;
    const onInput = () => {
      edited = true;
    };
    const flush = () => {
      const fresh = this.freshCards.get(cardId);
      if (!edited && fresh === undefined) return;
      edited = false;
      this.freshCards.delete(cardId);
      const card = doc.readCard(this.ydoc, cardId);
      if (!card) return;
      if (fresh === undefined) this.add({ kind: 'card-edited', card: cardId, excerpt: excerpt(card.text, 80, { lines: 'first' }) });
      else this.add({ kind: 'card-added', card: cardId, to: card.column, ...(card.text.trim() ? { excerpt: excerpt(card.text, 80, { lines: 'first' }) } : {}) }, fresh);
    };
    field.addEventListener('input', onInput);
    field.addEventListener('blur', flush);
    return () => {
      flush();
      field.removeEventListener('input', onInput);
      field.removeEventListener('blur', flush);
      unbind();
    };
  }
}
