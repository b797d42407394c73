/**
 * The one text shortener (shared/text.ts): limits in UTF-16 units, cuts only
 * between graphemes, the three ways of reading lines.
 */
import { describe, expect, it } from 'vitest';
import { CUT, excerpt } from '../../shared/text.ts';

describe('excerpt', () => {
  it('leaves text within the limit as it is, and shortens longer text with an ellipsis that counts', () => {
    expect(excerpt('Grow ARR', 8)).toBe('Grow ARR');
    expect(excerpt('Grow ARR by 20%', 8)).toBe('Grow AR…');
    expect(excerpt('Grow ARR by 20%', 8).length).toBe(8);
    expect(excerpt('x'.repeat(100), 10)).toBe('xxxxxxxxx…');
  });

  it('drops the space before the ellipsis', () => {
    expect(excerpt('Grow the business', 6)).toBe('Grow…');
  });

  it('never splits a surrogate pair', () => {
    // "📈" is two UTF-16 units: a cut after the first would leave a lone surrogate.
    const text = 'Up 📈 and more';
    for (let max = 1; max <= text.length; max++) {
      const out = excerpt(text, max);
      expect(out.length, `max ${max}`).toBeLessThanOrEqual(max);
      expect(out, `max ${max}`).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
    expect(excerpt('Up 📈 and more', 5)).toBe('Up…');
    expect(excerpt('Up 📈 and more', 6)).toBe('Up 📈…');
  });

  it('never splits a grapheme: a family emoji, a flag, a letter with a combining mark', () => {
    const family = '👩‍👩‍👧'; // three people joined by zero-width joiners: 8 units, one grapheme
    expect(excerpt(`${family}${family}`, 12)).toBe(`${family}…`);
    expect(excerpt(`${family}${family}`, 8)).toBe('…');
    expect(excerpt('🇸🇪🇸🇪', 5)).toBe('🇸🇪…');
    expect(excerpt('Åre e\u0301e\u0301e\u0301', 7)).toBe('Åre e\u0301…');
    // A skin tone belongs to the hand before it: whether the cut may fall there depends on what follows.
    expect(excerpt('ok 👍🏽 yes', 6)).toBe('ok…');
  });

  it('cuts a long text without ASCII at a grapheme boundary too', () => {
    const long = `${'я'.repeat(20_000)}👩‍👩‍👧 end`;
    expect(excerpt(long, 20_004, CUT)).toBe('я'.repeat(20_000));
    expect(excerpt(long, 20_008, CUT)).toBe(`${'я'.repeat(20_000)}👩‍👩‍👧`);
  });

  it('joins lines by default, or takes the first line that is not blank', () => {
    expect(excerpt('  Grow\n\n  ARR  ', 80)).toBe('Grow ARR');
    expect(excerpt('\n  \nGrow ARR\nby 20%', 80, { lines: 'first' })).toBe('Grow ARR');
    expect(excerpt('a\n b ', 80, { lines: 'keep' })).toBe('a\n b ');
  });

  it('reads a blank text as `empty`', () => {
    expect(excerpt(' \n ', 10, { empty: 'Empty card' })).toBe('Empty card');
    expect(excerpt('', 10)).toBe('');
  });

  it('clips to a storage limit without a mark', () => {
    expect(excerpt('abcdef', 4, CUT)).toBe('abcd');
    expect(excerpt('abc📈', 4, CUT)).toBe('abc');
  });
});
