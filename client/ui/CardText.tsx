import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { ColumnId } from '../../shared/model.ts';
import { useSession } from '../sync/hooks.ts';
import { ui } from '../state/ui.ts';
import { excerpt } from '../../shared/text.ts';
import { enterInCard, focusWhenRequested, isBlankChainedCard, isSaveKey, leaveCardText, returnToCardBefore } from './cardEntry.ts';
import { pasteAsCards } from '../derive/pasteLines.ts';
import { agreedContentNote } from '../derive/useProtection.ts';
import './CardText.css';

const sizesItself = typeof CSS !== 'undefined' && CSS.supports('field-sizing', 'content');

function autosize(field: HTMLTextAreaElement): void {
  if (sizesItself) return;
  field.style.height = 'auto';
  field.style.height = `${field.scrollHeight}px`;
}

interface CardTextProps {
  cardId: string;
  text: string;
  readOnly: boolean;
  label?: string;
  className?: string;
  /**
   * The card's column, on the board and in the outline: Enter saves the card
   * (and starts the next one after a card just started), Shift+Enter is a new
   * line. Without it (the details panel) Enter is a new line.
   */
  column?: ColumnId;
  /** Why the text is read only for this person (agreed content, useProtection's `agreed`): said beside the field. */
  agreed?: string | null;
  /** The id of a note already on screen that says why (the details panel's): the field points to it instead of its own. */
  agreedNoteId?: string;
}

/**
 * The collaborative text of a card. Uncontrolled on purpose: the binding keeps
 * the field and the shared text in step and the caret where the person left it.
 */
export function CardText({ cardId, text, readOnly: viewOnly, label = 'Card text', className = 'card-text', column, agreed, agreedNoteId }: CardTextProps) {
  const readOnly = viewOnly || !!agreed;
  const noteId = useId();
  // The text the field starts with (later changes come through the binding):
  // rendered with the field, so a board of thousands of cards is drawn once,
  // not drawn empty and laid out again when every binding fills its field.
  const [initial] = useState(text);
  const session = useSession();
  const ref = useRef<HTMLTextAreaElement>(null);
  // Locked (or agreed) while someone types in it: the field stops taking keys, and says why, once.
  const wasReadOnly = useRef(readOnly);
  useEffect(() => {
    if (readOnly && !wasReadOnly.current && document.activeElement === ref.current) {
      ui.notify(agreed ? 'This card is agreed content now, read only: what you typed so far is kept.' : 'The facilitator locked this column: what you typed so far is kept.');
    }
    wasReadOnly.current = readOnly;
  }, [readOnly, agreed]);
  // The column the card is in, for adding the words again if someone deletes it under the typist.
  const columnRef = useRef(column);
  useLayoutEffect(() => {
    columnRef.current = column;
  }, [column]);

  // Bound before the browser paints or delivers a keystroke: a field that takes
  // focus on mount (a revealed draft's editor moving onto its card) must not
  // receive typing it would then overwrite when it binds.
  useLayoutEffect(() => {
    const field = ref.current;
    if (!field) return;
    // Registered before the binding's own blur listener (listeners run in order):
    // a blank card Enter started is taken back before its addition would be logged.
    const onLeave = () => {
      if (isBlankChainedCard(cardId, field.value)) {
        returnToCardBefore(cardId);
        session.edits.discardBlankCard(cardId);
      }
      ui.leftCard(cardId);
    };
    field.addEventListener('blur', onLeave);
    const unbind = session.texts.bindCardText(cardId, field, { onChange: () => autosize(field) });
    autosize(field);
    const unsubscribe = focusWhenRequested(cardId, field);
    return () => {
      // Someone else deleted the card this person is typing in: they are told, and may keep their words.
      const typing = document.activeElement === field && !field.readOnly;
      const words = field.value;
      unsubscribe();
      field.removeEventListener('blur', onLeave);
      unbind();
      // A focused field taken away fires no blur: this person is no longer editing it.
      if (typing) session.presence.setEditing(null);
      const wasIn = columnRef.current;
      if (typing && words.trim() && wasIn && !session.hasCard(cardId)) {
        ui.notify(`Someone deleted the card you were typing in: “${excerpt(words, 60, { lines: 'first' })}”.`, false, {
          label: 'Add it again',
          run: () => session.edits.addCard(wasIn, words),
        });
      }
    };
  }, [session, cardId]);

  const field = (
    <textarea
      ref={ref}
      data-undo="board"
      className={className}
      aria-label={label}
      aria-describedby={agreed ? (agreedNoteId ?? noteId) : undefined}
      title={agreed ? agreedContentNote(agreed) : undefined}
      rows={1}
      defaultValue={initial}
      readOnly={readOnly}
      placeholder={readOnly ? '' : 'Type here…'}
      spellCheck
      onFocus={() => session.presence.setEditing(cardId)}
      onBlur={() => session.presence.setEditing(null)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          leaveCardText(event.currentTarget);
        } else if (column && !readOnly && isSaveKey(event.nativeEvent)) {
          event.preventDefault();
          enterInCard(cardId, column, event.currentTarget, (col, after) => session.edits.addCard(col, '', after));
        }
      }}
      onPaste={(event) => {
        // Several lines pasted into a new card: one card per line.
        const into = column ?? session.getBoard().cards.find((c) => c.id === cardId)?.column;
        const add = (previous: string, line: string) => (into ? session.edits.addCard(into, line, previous) : undefined);
        if (readOnly) return;
        if (pasteAsCards(event.currentTarget, event.clipboardData.getData('text/plain'), add, cardId)) event.preventDefault();
      }}
    />
  );
  if (!agreed || agreedNoteId) return field;
  return (
    <>
      {field}
      <span id={noteId} className="visually-hidden">
        {agreedContentNote(agreed)}
      </span>
    </>
  );
}
