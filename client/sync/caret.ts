/**
 * Keeping a text caret in place while remote edits land in the same text.
 * Pure: a Yjs text delta is a list of retain / insert / delete operations.
 */

export type TextDeltaOp = { retain: number } | { insert: string | object } | { delete: number };

/**
 * Where a caret at `index` ends up after `delta` is applied to the text.
 * Remote inserts exactly at the caret push it right only when `stickRight`
 * (the selection end), so two people typing at one spot do not swap letters.
 */
export function transformCaret(delta: readonly TextDeltaOp[], index: number, stickRight = false): number {
  let pos = 0; // position in the old text
  let shift = 0;
  for (const op of delta) {
    if (pos > index) break;
    if ('retain' in op) {
      pos += op.retain;
    } else if ('insert' in op) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      if (pos < index || (pos === index && stickRight)) shift += length;
    } else if ('delete' in op) {
      const removed = Math.min(op.delete, Math.max(0, index - pos));
      shift -= removed;
      pos += op.delete;
    }
  }
  return Math.max(0, index + shift);
}

/** Transforms a selection range; a collapsed caret stays collapsed. */
export function transformSelection(
  delta: readonly TextDeltaOp[],
  start: number,
  end: number,
): { start: number; end: number } {
  if (start === end) {
    const at = transformCaret(delta, start, false);
    return { start: at, end: at };
  }
  return { start: transformCaret(delta, start, false), end: transformCaret(delta, end, true) };
}

export interface CaretSplice {
  index: number;
  remove: number;
  insert: string;
}

/**
 * The splice that turned `before` into `after`, given the caret after the edit.
 * Typing ends where the caret is, so the text after the caret is unchanged: that
 * places an insert into repeated letters ("aa" → "aaa") where it really happened,
 * which matters when a peer edits the same text concurrently.
 */
export function spliceAtCaret(before: string, after: string, caret: number): CaretSplice | undefined {
  if (before === after) return undefined;
  const tail = after.slice(caret);
  if (caret >= 0 && caret <= after.length && tail.length <= before.length && before.endsWith(tail)) {
    const beforeEnd = before.length - tail.length;
    let start = 0;
    const max = Math.min(beforeEnd, caret);
    while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
    if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
    return { index: start, remove: beforeEnd - start, insert: after.slice(start, caret) };
  }
  return plainSplice(before, after);
}

function plainSplice(before: string, after: string): CaretSplice {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  return { index: start, remove: endBefore - start, insert: after.slice(start, endAfter) };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
