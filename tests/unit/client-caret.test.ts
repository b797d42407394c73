import { describe, expect, it } from 'vitest';
import { spliceAtCaret, transformCaret, transformSelection } from '../../client/sync/caret.ts';

function apply(text: string, s: { index: number; remove: number; insert: string }): string {
  return text.slice(0, s.index) + s.insert + text.slice(s.index + s.remove);
}

describe('caret under remote edits', () => {
  it('moves right when text is inserted before it', () => {
    expect(transformCaret([{ retain: 2 }, { insert: 'abc' }], 5)).toBe(8);
  });

  it('stays when text is inserted after it', () => {
    expect(transformCaret([{ retain: 7 }, { insert: 'abc' }], 5)).toBe(5);
  });

  it('stays before a remote insert at the same spot, selection ends stick right', () => {
    expect(transformCaret([{ retain: 5 }, { insert: 'x' }], 5)).toBe(5);
    expect(transformCaret([{ retain: 5 }, { insert: 'x' }], 5, true)).toBe(6);
  });

  it('moves left for deletions before it and to the cut for deletions around it', () => {
    expect(transformCaret([{ delete: 3 }], 5)).toBe(2);
    expect(transformCaret([{ retain: 3 }, { delete: 4 }], 5)).toBe(3);
  });

  it('transforms a selection', () => {
    expect(transformSelection([{ insert: 'ab' }], 1, 4)).toEqual({ start: 3, end: 6 });
  });
});

describe('splice from a text field edit', () => {
  it('places typing into repeated letters where the caret is', () => {
    expect(spliceAtCaret('aa', 'aaa', 1)).toEqual({ index: 0, remove: 0, insert: 'a' });
    expect(spliceAtCaret('aa', 'aaa', 3)).toEqual({ index: 2, remove: 0, insert: 'a' });
  });

  it('handles replacements and deletions', () => {
    expect(spliceAtCaret('hello world', 'hello there', 11)).toEqual({ index: 6, remove: 5, insert: 'there' });
    expect(spliceAtCaret('hello', 'hllo', 1)).toEqual({ index: 1, remove: 1, insert: '' });
  });

  it('always reproduces the new text', () => {
    const cases: [string, string, number][] = [['abc', 'abXc', 3], ['abc', '', 0], ['', 'x', 1], ['abab', 'ab', 2], ['abc', 'abc!', 0]];
    for (const [before, after, caret] of cases) {
      const s = spliceAtCaret(before, after, caret)!;
      expect(apply(before, s)).toBe(after);
    }
    expect(spliceAtCaret('same', 'same', 2)).toBeUndefined();
  });
});
