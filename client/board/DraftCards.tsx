import { useLayoutEffect, useRef } from 'react';
import type { Card, ColumnId } from '../../shared/model.ts';
import { ui } from '../state/ui.ts';
import type { ControlSession } from '../sync/controlSession.ts';
import type { BoardSession } from '../sync/session.ts';
import { useBoardSlice, useSession } from '../sync/hooks.ts';
import { selectShape } from '../derive/boardShape.ts';
import { excerpt } from '../../shared/text.ts';
import { useControl, usePersonal } from '../sync/controlHooks.ts';
import { enterInCard, focusWhenRequested, isBlankChainedCard, isSaveKey } from '../ui/cardEntry.ts';
import './DraftCards.css';

/**
 * My private drafts in a column during private writing: visible only here, in
 * this person's own draft document, until the facilitator reveals them all.
 * A revealed draft stays here, still taking keystrokes, until its card is on
 * the board; then its editor moves onto that card (same id) with the text
 * typed meanwhile, the caret and the focus: no keystroke is lost.
 */
export function DraftCards({ column }: { column: ColumnId }) {
  const control = useControl();
  const personal = usePersonal();
  const session = useSession();
  // Which cards exist (not their texts): a keystroke into a card re-renders no column's drafts.
  const cards = useBoardSlice(selectShape);
  if (!control || !personal) return null;
  const mine = personal.drafts.filter((d) => d.column === column);
  // Most columns hold no draft: skip reading a big board's cards for them (every keystroke re-renders this).
  const onBoard = mine.length > 0 ? new Set(cards.map((c) => c.id)) : null;
  const drafts = onBoard ? mine.filter((d) => !onBoard.has(d.id)) : mine;
  if (drafts.length === 0) return null;
  return (
    <ul className="card-list draft-list" aria-label={`Your private drafts in this column (${drafts.length})`}>
      {drafts.map((draft) => (
        <DraftCard key={draft.id} draft={draft} control={control} session={session} revealing={personal.revealing.includes(draft.id)} />
      ))}
    </ul>
  );
}

function DraftCard({ draft, control, session, revealing }: { draft: Card; control: ControlSession; session: BoardSession; revealing: boolean }) {
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
        <span className="draft-tag">{revealing ? 'Revealed · moving onto the board' : 'Private draft · only you see it'}</span>
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
            enterInCard(draft.id, draft.column, event.currentTarget, (column) => session.addCard(column, ''));
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
