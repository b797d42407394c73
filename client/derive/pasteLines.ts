/**
 * Pasting a list into a new card: several lines (from a spreadsheet column, a
 * document's bullet list, a chat) become one card each, in order, instead of
 * one card holding the whole list.
 */

/** The cards a pasted text stands for: its non-empty lines, without list bullets or numbers. */
export function pastedLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/^\s*(?:[-*•‣◦▪]|\d{1,3}[.)])\s+/, '').trim())
    .filter(Boolean);
}

/**
 * Handles a paste into a card's text field: when the card is still empty and
 * the text has several lines, the first becomes this card's text and each
 * other line a new card after it. Returns false to let the paste happen as usual.
 */
export function pasteAsCards(field: HTMLTextAreaElement, text: string, addAfter: (previous: string, line: string) => string | undefined, cardId: string): boolean {
  if (field.readOnly || field.value.trim() !== '') return false;
  const lines = pastedLines(text);
  if (lines.length < 2) return false;
  // Through an input event, so the text binding writes it like typing.
  field.setRangeText(lines[0]!, 0, field.value.length, 'end');
  field.dispatchEvent(new Event('input', { bubbles: true }));
  let previous = cardId;
  for (const line of lines.slice(1)) previous = addAfter(previous, line) ?? previous;
  return true;
}
