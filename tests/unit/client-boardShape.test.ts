/**
 * The board's shape (client/derive/boardShape.ts): what the board view, the
 * drag lists, protection and each column read instead of the whole board, so
 * that typing into a card keeps their inputs — and changes them as soon as a
 * card moves, appears, goes or changes status.
 */
import { describe, expect, it } from 'vitest';
import type { BoardSnapshot, Card } from '../../shared/model.ts';
import { cardIndex, cardsOf, keepColumnIds, sameShape, selectShape } from '../../client/derive/boardShape.ts';
import { listsOf } from '../../client/board/dragPlan.ts';

const card = (id: string, column: Card['column'], order: string, text = id): Card => ({ id, column, order, text, createdAt: '2026-01-01T00:00:00.000Z', status: 'active' });
const board = (cards: Card[]): BoardSnapshot => ({ board: { title: 'B' } as BoardSnapshot['board'], cards, links: [], commitments: [] });

const a = card('a', 'goal', 'a0');
const b = card('b', 'goal', 'a1');
const c = card('c', 'segment', 'a0');

describe('the board shape', () => {
  it('stays the same while only texts change, and changes when a card moves, comes, goes or changes status', () => {
    const before = [a, b, c];
    expect(sameShape(before, [{ ...a, text: 'typed' }, b, c])).toBe(true);
    expect(sameShape(before, [a, { ...b, column: 'segment' }, c])).toBe(false);
    expect(sameShape(before, [a, { ...b, order: 'a2' }, c])).toBe(false);
    expect(sameShape(before, [a, { ...b, status: 'parked' }, c])).toBe(false);
    expect(sameShape(before, [a, c])).toBe(false);
    expect(sameShape(before, [b, a, c])).toBe(false);

    const typed = board([{ ...a, text: 'typed' }, b, c]);
    expect(selectShape(typed, before)).toBe(before);
    const moved = board([a, c, { ...b, column: 'segment' }]);
    expect(selectShape(moved, before)).toBe(moved.cards);
  });

  it("gives a column its cards, the same array until one of them changes", () => {
    const first = board([a, b, c]);
    const goal = cardsOf(first, ['a', 'b'], undefined);
    expect(goal).toEqual([a, b]);
    // Another column's card typed into: this column keeps its array.
    expect(cardsOf(board([a, b, { ...c, text: 'typed' }]), ['a', 'b'], goal)).toBe(goal);
    // One of its own typed into: a new array with the new card.
    const typed = { ...b, text: 'typed' };
    const next = cardsOf(board([a, typed, c]), ['a', 'b'], goal);
    expect(next).not.toBe(goal);
    expect(next).toEqual([a, typed]);
    // A card gone is left out.
    expect(cardsOf(board([a, c]), ['a', 'b'], goal)).toEqual([a]);
    expect(cardIndex(first.cards).get('c')).toBe(c);
  });

  it('keeps each column id list that did not change', () => {
    const lists = listsOf([a, b, c]);
    const same = keepColumnIds(listsOf([a, b, c]), lists);
    expect(same).toBe(lists);
    const moved = keepColumnIds(listsOf([a, { ...b, column: 'segment' }, c]), lists);
    expect(moved).not.toBe(lists);
    expect(moved.goal).toEqual(['a']);
    expect(moved.segment).toEqual(['b', 'c']);
    expect(moved.value).toBe(lists.value);
  });
});
