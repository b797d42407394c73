/**
 * One private draft during private writing, editable (bound to the person's
 * draft room) with its Delete: in a column of the board and in a phone's list.
 * A revealed draft stays, still taking keystrokes, until its card is on the
 * board; then its editor hands the text typed meanwhile and the caret over.
 */
import { useLayoutEffect, useRef } from 'react';
import type { Card } from '../../shared/model.ts';
import { ui } from '../state/ui.ts';
import type { ControlSession } from '../sync/controlSession.ts';
import type { BoardSession } from '../sync/session.ts';
import { excerpt } from '../../shared/text.ts';
import { enterInCard, focusWhenRequested, isBlankChainedCard, isSaveKey } from './cardEntry.ts';
import './DraftCard.css';

/** One private draft, editable (bound to the draft room) with its Delete: on the board's column and on a phone. */
export function DraftCard({ draft, control, session, revealing, columnTitle }: {
  draft: Card; control: ControlSession; session: BoardSession; revealing: boolean;
  /** Named in the tag where drafts of several columns are listed together (a phone). */
  columnTitle?: string | undefined;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const label = excerpt(draft.text, 60, { empty: 'Empty card' });

  // Bound to the draft room while the draft is there. Layout effects, so no
  // keystroke can land between the field appearing and being bound.
  useLayoutEffect(() => {
    const field = ref.current;
    if (!field || revealing) return;
    // A blank draft Enter started and then left is taken back.
    const onLeave = () => {
      if (isBlankChainedCard(draft.id, field.value)) control.mine.deleteDraft(draft.id);
      ui.leftCard(draft.id);
    };
    field.addEventListener('blur', onLeave);
    const unbind = control.mine.bindDraftText(draft.id, field);
    const unsubscribe = focusWhenRequested(draft.id, field);
    return () => {
      unsubscribe();
      field.removeEventListener('blur', onLeave);
      unbind();
    };
  }, [control, draft.id, revealing]);

  // Leaving because the card is on the board now: hand the typed text and the caret over to it.
  // (Runs before the card's own field binds, in the same commit.)
  useLayoutEffect(() => {
    const field = ref.current;
    return () => {
      if (!field) return;
      const focused = field.ownerDocument.activeElement === field;
      const caret = focused ? { start: field.selectionStart ?? field.value.length, end: field.selectionEnd ?? field.value.length } : null;
      session.texts.adoptRevealedDraft(draft.id, field.value, caret);
    };
  }, [session, draft.id]);

  return (
    <li className="card draft-card" data-column={draft.column} data-revealing={revealing || undefined} aria-label={`Private draft: ${label}`}>
      <div className="card-top">
        <span className="draft-tag">{revealing ? 'Revealed · moving onto the board' : `${columnTitle ? `${columnTitle} · ` : ''}Private draft · only you see it`}</span>
      </div>
      <textarea
        ref={ref}
        data-undo="board"
        className="card-text"
        aria-label="Draft text"
        rows={2}
        placeholder="Type here…"
        spellCheck
        defaultValue={draft.text}
        onKeyDown={(event) => {
          // As on the board: Enter saves the draft and starts the next one (another private draft), Shift+Enter is a new line.
          if (event.key === 'Escape') event.currentTarget.blur();
          else if (!revealing && isSaveKey(event.nativeEvent)) {
            event.preventDefault();
            enterInCard(draft.id, draft.column, event.currentTarget, (column) => session.edits.addCard(column, ''));
          }
        }}
      />
      {!revealing && (
        <div className="card-actions">
          <button className="chip-button" type="button" aria-label={`Delete draft: ${label}`} onClick={() => control.mine.deleteDraft(draft.id)}>
            Delete draft
          </button>
        </div>
      )}
    </li>
  );
}
