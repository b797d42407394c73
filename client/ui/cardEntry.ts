/**
 * Writing cards one after another from the keyboard, as in Miro or Parabol:
 * Enter in a card being started saves it and starts the next card below it in
 * the same column (Shift+Enter is a new line); Enter in a card written before
 * saves it and leaves it; Escape leaves. Leaving puts the focus on the card's
 * own Details button (`data-card-home`), so the keyboard stays on the card.
 * A card Enter started and that is left blank is taken back.
 */
import type { ColumnId } from '../../shared/model.ts';
import { ui, uiStore } from '../state/ui.ts';

/** Whether a key press in a card's text is Enter to save (not Shift+Enter, not an input method composing). */
export function isSaveKey(event: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'isComposing'>): boolean {
  return event.key === 'Enter' && !event.shiftKey && !event.isComposing;
}

/** What Enter does in a card's text: nothing (blank), `next` (a card being started) or `leave`. */
export function enterAction(text: string, started: boolean): 'nothing' | 'next' | 'leave' {
  if (!text.trim()) return 'nothing';
  return started ? 'next' : 'leave';
}

/** Leaves a card's text: focus to the card's Details button, or nowhere outside a card. */
export function leaveCardText(field: HTMLElement): void {
  const home = field.closest('[data-card-id]')?.querySelector<HTMLElement>('[data-card-home]');
  if (home) home.focus();
  else field.blur();
}

/**
 * Enter in the text of card `id` of `column`: saves it and, when it is the card
 * being started, starts the next one (`addCard` adds a blank card after it and
 * returns its id: on the board, or a private draft during private writing).
 */
export function enterInCard(id: string, column: ColumnId, field: HTMLTextAreaElement, addCard: (column: ColumnId, after: string) => string | undefined): void {
  const action = enterAction(field.value, uiStore.getState().newCard?.id === id);
  if (action === 'nothing') return;
  if (action === 'leave') {
    leaveCardText(field);
    return;
  }
  const next = addCard(column, id);
  if (next) ui.startCard(next, true, id);
  else leaveCardText(field);
}

/**
 * Where the keyboard goes when a blank card Enter started is taken back: to
 * the card it was started from (its Details button), once the blank one is gone.
 */
export function returnToCardBefore(id: string): void {
  const before = uiStore.getState().newCard;
  if (before?.id !== id || !before.after) return;
  const from = before.after;
  requestAnimationFrame(() => {
    if (document.activeElement && document.activeElement !== document.body) return;
    document.querySelector<HTMLElement>(`[data-card-id="${CSS.escape(from)}"] [data-card-home]`)?.focus();
  });
}

/** Whether card `id` was started by Enter and is left blank: then it is taken back when its text is left. */
export function isBlankChainedCard(id: string, text: string): boolean {
  const started = uiStore.getState().newCard;
  return started?.id === id && started.chained && !text.trim();
}

/**
 * Focuses `field` once the card `id` is asked to take focus (ui.requestFocus),
 * now or later while it is bound; returns the unsubscribe.
 */
export function focusWhenRequested(id: string, field: HTMLElement): () => void {
  const focusIfAsked = () => {
    if (uiStore.getState().focusCardId === id && field.isConnected) {
      ui.requestFocus(null);
      field.focus();
    }
  };
  focusIfAsked();
  return uiStore.subscribe(focusIfAsked);
}
