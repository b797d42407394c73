/**
 * Binds a textarea or input to a collaborative Y.Text: local typing becomes
 * minimal splices (LOCAL_ORIGIN, so it is undoable per person), remote edits
 * update the field while keeping the local caret and selection where they were.
 */
import type * as Y from 'yjs';
import { LOCAL_ORIGIN } from '../../shared/doc/index.ts';
import { spliceAtCaret, transformSelection, type TextDeltaOp } from './caret.ts';

type TextField = HTMLTextAreaElement | HTMLInputElement;

/**
 * Marks a transaction that wrote what a person typed into a field (its `meta`):
 * the field already shows the text, so what else shows it may follow after the
 * frame that paints the key (session.ts).
 */
export const TYPED = 'vcp.typed';

export interface TextBindingOptions {
  /** Viewers: local changes are reverted, never written. */
  readOnly: boolean;
  /** Called after the field's value changed (for auto-sizing). */
  onChange?: () => void;
}

/** Starts the binding; returns the function that stops it. */
export function bindTextField(doc: Y.Doc, text: Y.Text, field: TextField, options: TextBindingOptions): () => void {
  let composing = false;
  // Fields usually start with the current text (rendered with it): only fix up a stale one.
  const initial = text.toString();
  if (field.value !== initial) field.value = initial;

  const applyLocal = () => {
    const current = text.toString();
    if (options.readOnly) {
      if (field.value !== current) field.value = current;
      return;
    }
    const splice = spliceAtCaret(current, field.value, field.selectionEnd ?? field.value.length);
    if (!splice) return;
    doc.transact((transaction) => {
      transaction.meta.set(TYPED, true);
      if (splice.remove > 0) text.delete(splice.index, splice.remove);
      if (splice.insert) text.insert(splice.index, splice.insert);
    }, LOCAL_ORIGIN);
  };

  const onInput = () => {
    if (!composing) applyLocal();
    options.onChange?.();
  };
  const onCompositionStart = () => {
    composing = true;
  };
  const onCompositionEnd = () => {
    composing = false;
    applyLocal();
  };

  const observer = (event: Y.YTextEvent) => {
    const next = text.toString();
    if (field.value === next) return;
    const focused = field.ownerDocument.activeElement === field;
    const start = field.selectionStart ?? 0;
    const end = field.selectionEnd ?? 0;
    field.value = next;
    if (focused) {
      const moved = transformSelection(event.delta as TextDeltaOp[], start, end);
      field.setSelectionRange(moved.start, moved.end);
    }
    options.onChange?.();
  };

  field.addEventListener('input', onInput);
  field.addEventListener('compositionstart', onCompositionStart);
  field.addEventListener('compositionend', onCompositionEnd);
  text.observe(observer);
  return () => {
    text.unobserve(observer);
    field.removeEventListener('input', onInput);
    field.removeEventListener('compositionstart', onCompositionStart);
    field.removeEventListener('compositionend', onCompositionEnd);
  };
}
