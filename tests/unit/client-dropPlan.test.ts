/** Dropping a card onto another groups them; onto the gap between cards moves it (pointer and keyboard). */
import { describe, expect, it } from 'vitest';
import type { ColumnId } from '../../shared/model.ts';
import { classifyDrop, dropIndex, keyboardTarget, sameTarget } from '../../client/board/dragPlan.ts';
import { coordinatesFor } from '../../client/board/keyboardMoves.ts';

// Three cards measured on screen (the dragged one left out): 60, 80 and 40 px tall, 10 px apart.
const slots = { tops: [100, 170, 260], bottoms: [160, 250, 300] };
const all = () => true;

describe('classifying a drop', () => {
  it('onto the middle half of a card groups with it', () => {
    expect(classifyDrop(slots, 130, all)).toEqual({ index: 0, onto: 0 });
    expect(classifyDrop(slots, 116, all)).toEqual({ index: 0, onto: 0 });
    expect(classifyDrop(slots, 210, all)).toEqual({ index: 1, onto: 1 });
    expect(classifyDrop(slots, 280, all)).toEqual({ index: 2, onto: 2 });
  });

  it('onto the edges of a card or the gap between cards moves, at the same position as before', () => {
    for (const y of [50, 105, 158, 165, 175, 245, 255, 262, 298, 400]) {
      const drop = classifyDrop(slots, y, all);
      expect(drop.onto, `y=${y}`).toBeUndefined();
      expect(drop.index).toBe(dropIndex(slots, y));
    }
  });

  it('never groups when grouping is not allowed, or with a card that may not be grouped', () => {
    expect(classifyDrop(slots, 135)).toEqual({ index: 1 });
    expect(classifyDrop(slots, 210, (i) => i !== 1)).toEqual({ index: 1 });
    expect(classifyDrop(slots, 130, (i) => i !== 1)).toEqual({ index: 0, onto: 0 });
  });
});

describe('grouping with the keyboard', () => {
  const order = ['initiative', 'indicator', 'behaviour', 'value', 'segment', 'goal'] as const;
  const counts = (column: ColumnId) => (column === 'goal' ? 3 : 0);
  const ids = ['a', 'b', 'c'];
  const groupWith = (column: ColumnId, i: number) => (column === 'goal' ? ids[i] : undefined);

  it('stops onto each card between the gaps around it, up and down', () => {
    // The dragged card stands between a and b (position 1 of the others).
    let at = { column: 'goal' as ColumnId, index: 1 } as Parameters<typeof keyboardTarget>[1];
    at = keyboardTarget('ArrowUp', at, order, counts, groupWith)!;
    expect(at).toEqual({ column: 'goal', index: 0, group: 'a' });
    at = keyboardTarget('ArrowUp', at, order, counts, groupWith)!;
    expect(at).toEqual({ column: 'goal', index: 0 });
    expect(keyboardTarget('ArrowUp', at, order, counts, groupWith)).toBeUndefined();
    at = keyboardTarget('ArrowDown', at, order, counts, groupWith)!;
    expect(at).toEqual({ column: 'goal', index: 0, group: 'a' });
    at = keyboardTarget('ArrowDown', at, order, counts, groupWith)!;
    expect(at).toEqual({ column: 'goal', index: 1 });
    at = keyboardTarget('ArrowDown', at, order, counts, groupWith)!;
    expect(at).toEqual({ column: 'goal', index: 1, group: 'b' });
  });

  it('moves without stops where grouping is not allowed, and leaves a card to the next column', () => {
    expect(keyboardTarget('ArrowUp', { column: 'goal', index: 1 }, order, counts)).toEqual({ column: 'goal', index: 0 });
    expect(keyboardTarget('ArrowLeft', { column: 'goal', index: 1, group: 'b' }, order, counts, groupWith)).toEqual({ column: 'segment', index: 0 });
  });

  it('tells targets apart by the card grouped with', () => {
    expect(sameTarget({ column: 'goal', index: 0 }, { column: 'goal', index: 0, group: 'a' })).toBe(false);
    expect(sameTarget({ column: 'goal', index: 0, group: 'a' }, { column: 'goal', index: 0, group: 'a' })).toBe(true);
  });

  it('places the keyboard preview over the middle of the card to group with', () => {
    const collision = { top: 0, left: 0, right: 200, bottom: 40, width: 200, height: 40 };
    const list = { top: 90, left: 10, right: 290, bottom: 400, width: 280, height: 310 };
    expect(coordinatesFor({ column: 'goal', index: 1, group: 'b' }, collision, list, slots)).toEqual({ x: 50, y: 190 });
  });
});
