/** Writing cards one after another: what Enter does in a card's text. */
import { afterEach, describe, expect, it } from 'vitest';
import { enterAction, isBlankChainedCard, isSaveKey } from '../../client/ui/cardEntry.ts';
import { resetUi, ui } from '../../client/state/ui.ts';

afterEach(resetUi);

describe('Enter in a card', () => {
  it('is Enter alone: Shift+Enter is a new line, and an input method composing keeps its Enter', () => {
    expect(isSaveKey({ key: 'Enter', shiftKey: false, isComposing: false })).toBe(true);
    expect(isSaveKey({ key: 'Enter', shiftKey: true, isComposing: false })).toBe(false);
    expect(isSaveKey({ key: 'Enter', shiftKey: false, isComposing: true })).toBe(false);
    expect(isSaveKey({ key: 'a', shiftKey: false, isComposing: false })).toBe(false);
  });

  it('starts the next card after a card being started, leaves a card written before, and does nothing in a blank one', () => {
    expect(enterAction('Agencies', true)).toBe('next');
    expect(enterAction('Agencies', false)).toBe('leave');
    expect(enterAction('  \n ', true)).toBe('nothing');
  });

  it('takes back only a blank card that Enter started', () => {
    ui.startCard('a');
    expect(isBlankChainedCard('a', '')).toBe(false);
    ui.startCard('b', true, 'a');
    expect(isBlankChainedCard('b', ' ')).toBe(true);
    expect(isBlankChainedCard('b', 'SMB')).toBe(false);
    expect(isBlankChainedCard('a', '')).toBe(false);
    ui.leftCard('b');
    expect(isBlankChainedCard('b', '')).toBe(false);
  });
});
