import { describe, expect, it } from 'vitest';
import type { SensorContext } from '@dnd-kit/core';
import { keyboardCandidates } from '../../client/board/keyboardMoves.ts';

type Rect = { left: number; top: number; width: number; height: number; right: number; bottom: number };
const rect = (left: number, top: number, width = 190, height = 60): Rect => ({ left, top, width, height, right: left + width, bottom: top + height });

/** A board as dnd-kit measured it when a card was picked up in the first column (figures from Chromium at 66% zoom). */
function context(rects: Record<string, Rect>, collisionRect: Rect, activeId = 'card-a') {
  const entries = Object.keys(rects).map((id) => ({ id, disabled: false }));
  return {
    active: { id: activeId },
    collisionRect,
    droppableRects: new Map(Object.entries(rects)),
    droppableContainers: { getEnabled: () => entries },
  } as unknown as Pick<SensorContext, 'active' | 'collisionRect' | 'droppableContainers' | 'droppableRects'>;
}

const ids = (list: { id: unknown }[]) => list.map((e) => String(e.id));

describe('keyboard move candidates', () => {
  const board = {
    'column:initiative': rect(28.52, 110.8, 190, 130),
    'card-a': rect(33.763214, 173.71),
    'card-b': rect(33.763214, 240.2),
    'column:indicator': rect(235.62, 110.8, 190, 110),
    'column:behaviour': rect(442.73, 110.8, 190, 110),
  };
  // The drag preview is placed at quarter pixels: a hair left of the card's own slot.
  const preview = rect(33.75, 173.703125);

  it('never offers the dragged card its own slot, however close', () => {
    for (const key of ['ArrowRight', 'ArrowLeft', 'ArrowDown', 'ArrowUp']) {
      expect(ids(keyboardCandidates(key, context(board, preview)))).not.toContain('card-a');
    }
  });

  it('leaves out targets less than two pixels away along the arrow', () => {
    const right = ids(keyboardCandidates('ArrowRight', context(board, preview)));
    expect(right).toEqual(['column:initiative', 'column:indicator', 'column:behaviour']);
    expect(right).not.toContain('card-b');
    // Down: the card below stays, the column tops (far above) stay for the library's own direction filter.
    expect(ids(keyboardCandidates('ArrowDown', context(board, preview)))).toEqual(['column:initiative', 'card-b', 'column:indicator', 'column:behaviour']);
  });

  it('after a move into an empty column, that column drops out and the next one stays', () => {
    const moved = rect(235.62, 171.09);
    expect(ids(keyboardCandidates('ArrowRight', context(board, moved)))).toEqual(['column:initiative', 'card-b', 'column:behaviour']);
  });

  it('offers everything when nothing is being dragged', () => {
    const idle = { ...context(board, preview), active: null, collisionRect: null } as unknown as Parameters<typeof keyboardCandidates>[1];
    expect(keyboardCandidates('ArrowRight', idle)).toHaveLength(5);
  });
});
