import { describe, expect, it } from 'vitest';
import { CARD_GAP, positionsAmongAll, registerWindow, renderedOf, sameWindow, windowOf } from '../../client/board/cardWindow.ts';
import { dropPosition } from '../../client/board/dragPlan.ts';

const hundred = Array.from({ length: 100 }, () => 100);

describe('the window of a long column', () => {
  it('renders the cards that meet the band, and spacers of the others’ height', () => {
    const win = windowOf(hundred, 1_050, 1_450);
    expect([win.start, win.end]).toEqual([10, 15]);
    expect(renderedOf(win)).toEqual([10, 11, 12, 13, 14]);
    expect(win.pieces[0]).toEqual({ spacer: 1_000 - CARD_GAP, from: 0 });
    expect(win.pieces.at(-1)).toEqual({ spacer: 8_500 - CARD_GAP, from: 15 });
  });

  it('keeps pinned cards where they are, alone, with spacers around them', () => {
    const win = windowOf(hundred, 1_050, 1_450, [2, 90, 12, -1, 500]);
    expect(renderedOf(win)).toEqual([2, 10, 11, 12, 13, 14, 90]);
    expect(win.pieces.slice(0, 3)).toEqual([{ spacer: 200 - CARD_GAP, from: 0 }, { card: 2 }, { spacer: 700 - CARD_GAP, from: 3 }]);
  });

  it('renders nothing but the pinned cards when the column is off screen', () => {
    expect(renderedOf(windowOf(hundred, Infinity, -Infinity))).toEqual([]);
    expect(renderedOf(windowOf(hundred, Infinity, -Infinity, [40]))).toEqual([40]);
  });

  it('measures heights as they come: a changed height is a changed window', () => {
    const a = windowOf(hundred, 0, 500);
    const taller = hundred.map((h, i) => (i === 1 ? 400 : h));
    expect(sameWindow(a, windowOf(hundred, 0, 500))).toBe(true);
    expect(sameWindow(a, windowOf(taller, 0, 500))).toBe(false);
  });
});

describe('a drop among the rendered cards of a long column', () => {
  it('lands among all its cards', () => {
    registerWindow('value', { ids: ['a', 'b', 'c', 'd', 'e', 'f'], estimate: () => new Map() });
    try {
      // Rendered: d, e, f (and the dragged card b is not counted).
      const positions = positionsAmongAll('value', ['d', 'e', 'f'], 'b');
      expect(positions).toEqual([2, 3, 4]);
      expect(dropPosition({ ids: ['d', 'e', 'f'], positions }, 0)).toBe(2);
      expect(dropPosition({ ids: ['d', 'e', 'f'], positions }, 3)).toBe(5);
    } finally {
      registerWindow('value', null);
    }
    expect(positionsAmongAll('value', ['x', 'y'])).toEqual([0, 1]);
    expect(dropPosition({ ids: ['x', 'y'] }, 1)).toBe(1);
  });
});
