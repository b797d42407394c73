import { useEffect, useRef } from 'react';
import { useSession } from '../sync/hooks.ts';
import { ui, uiStore } from '../state/ui.ts';

const sizesItself = typeof CSS !== 'undefined' && CSS.supports('field-sizing', 'content');

function autosize(field: HTMLTextAreaElement): void {
  if (sizesItself) return;
  field.style.height = 'auto';
  field.style.height = `${field.scrollHeight}px`;
}

/**
 * The collaborative text of a card. Uncontrolled on purpose: the binding keeps
 * the field and the shared text in step and the caret where the person left it.
 */
export function CardText({ cardId, readOnly, label = 'Card text', className = 'card-text' }: { cardId: string; readOnly: boolean; label?: string; className?: string }) {
  const session = useSession();
  const ref = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const field = ref.current;
    if (!field) return;
    const unbind = session.bindCardText(cardId, field, { onChange: () => autosize(field) });
    autosize(field);
    const focusIfAsked = () => {
      if (uiStore.getState().focusCardId === cardId && field.isConnected) {
        ui.requestFocus(null);
        field.focus();
      }
    };
    focusIfAsked();
    const unsubscribe = uiStore.subscribe(focusIfAsked);
    return () => {
      unsubscribe();
      unbind();
    };
  }, [session, cardId]);

  return (
    <textarea
      ref={ref}
      className={className}
      aria-label={label}
      rows={1}
      readOnly={readOnly}
      placeholder={readOnly ? '' : 'Type here…'}
      spellCheck
      onFocus={() => session.presence.setEditing(cardId)}
      onBlur={() => session.presence.setEditing(null)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') event.currentTarget.blur();
      }}
    />
  );
}
