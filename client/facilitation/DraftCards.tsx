import { useEffect, useRef } from 'react';
import type { Card, ColumnId } from '../../shared/model.ts';
import { cardLabel } from '../board/derive.ts';
import { ui, uiStore } from '../state/ui.ts';
import type { ControlSession } from '../sync/controlSession.ts';
import { useControl, usePersonal } from './hooks.ts';
import { useSession } from '../sync/hooks.ts';
import { enterInCard, isBlankChainedCard, isSaveKey } from '../board/cardEntry.ts';

/**
 * My private drafts in a column during private writing: visible only here, in
 * this person's own draft document, until the facilitator reveals them all.
 */
export function DraftCards({ column }: { column: ColumnId }) {
  const control = useControl();
  const personal = usePersonal();
  if (!control || !personal) return null;
  const drafts = personal.drafts.filter((d) => d.column === column);
  if (drafts.length === 0) return null;
  return (
    <ul className="card-list draft-list" aria-label={`Your private drafts in this column (${drafts.length})`}>
      {drafts.map((draft) => (
        <DraftCard key={draft.id} draft={draft} control={control} />
      ))}
    </ul>
  );
}

function DraftCard({ draft, control }: { draft: Card; control: ControlSession }) {
  const session = useSession();
  const ref = useRef<HTMLTextAreaElement>(null);
  const label = cardLabel(draft);
  useEffect(() => {
    const field = ref.current;
    if (!field) return;
    // A blank draft Enter started and then left is taken back.
    const onLeave = () => {
      if (isBlankChainedCard(draft.id, field.value)) control.deleteDraft(draft.id);
      ui.leftCard(draft.id);
    };
    field.addEventListener('blur', onLeave);
    const unbind = control.bindDraftText(draft.id, field);
    const focusIfAsked = () => {
      if (uiStore.getState().focusCardId === draft.id && field.isConnected) {
        ui.requestFocus(null);
        field.focus();
      }
    };
    focusIfAsked();
    const unsubscribe = uiStore.subscribe(focusIfAsked);
    return () => {
      unsubscribe();
      // Revealed while typing: carry the focus over to the same card on the board.
      if (document.activeElement === field) ui.requestFocus(draft.id);
      field.removeEventListener('blur', onLeave);
      unbind();
    };
  }, [control, draft.id]);
  return (
    <li className="card draft-card" data-column={draft.column} aria-label={`Private draft: ${label}`}>
      <div className="card-top">
        <span className="draft-tag">Private draft · only you see it</span>
      </div>
      <textarea
        ref={ref}
        className="card-text"
        aria-label="Draft text"
        rows={2}
        placeholder="Type here…"
        spellCheck
        onKeyDown={(event) => {
          // As on the board: Enter saves the draft and starts the next one (another private draft), Shift+Enter is a new line.
          if (event.key === 'Escape') event.currentTarget.blur();
          else if (isSaveKey(event.nativeEvent)) {
            event.preventDefault();
            enterInCard(draft.id, draft.column, event.currentTarget, (column) => session.addCard(column, ''));
          }
        }}
      />
      <div className="card-actions">
        <button className="chip-button" type="button" aria-label={`Delete draft: ${label}`} onClick={() => control.deleteDraft(draft.id)}>
          Delete draft
        </button>
      </div>
    </li>
  );
}
