import { describe, expect, it } from 'vitest';
import type { ClientRect, DroppableContainer } from '@dnd-kit/core';
import { coordinatesFor, screenOrder } from '../../client/board/keyboardMoves.ts';
import { nearestColumn } from '../../client/board/collisions.ts';
import { dropIndex, type DropTarget } from '../../client/board/dragPlan.ts';

const rect = (left: number, top: number, width = 190, height = 60): ClientRect => ({ left, top, width, height, right: left + width, bottom: top + height });
const container = (id: string) => ({ id, key: id, disabled: false, node: { current: null }, rect: { current: null }, data: { current: undefined } }) as unknown as DroppableContainer;

/** Column lists as dnd-kit measured them in Chromium at 66% zoom (fractional pixels). */
const lists = new Map<string, ClientRect>([
  ['column:initiative', rect(28.52, 110.8, 190, 330)],
  ['column:indicator', rect(235.62, 110.8, 190, 110)],
  ['column:behaviour', rect(442.73, 110.8, 190, 110)],
]);
const containers = [...lists.keys()].map(container);
/** The drag preview: placed at quarter pixels, a hair off the card's own slot. */
const preview = rect(33.75, 173.703125, 180, 60);

/** Where the moved preview's centre ends up: the column under it and the position found there. */
function landing(target: DropTarget, slots: { tops: number[]; bottoms: number[] }) {
  const at = coordinatesFor(target, preview, lists.get(`column:${target.column}`)!, slots);
  const moved = rect(at.x, at.y, preview.width, preview.height);
  return { column: nearestColumn(moved.left + moved.width / 2, containers, lists, moved.top + moved.height / 2), index: dropIndex(slots, moved.top + moved.height / 2) };
}

describe('keyboard moves on screen', () => {
  it('orders the columns left to right as they stand', () => {
    expect(screenOrder(new Map([...lists].reverse()))).toEqual(['initiative', 'indicator', 'behaviour']);
    // Stacked (phone layout): top to bottom.
    expect(screenOrder(new Map([['column:goal', rect(10, 500)], ['column:segment', rect(10.5, 900)], ['column:value', rect(10, 1300)]]))).toEqual(['goal', 'segment', 'value']);
  });

  it('places the card where the collision detection and the drop position find the target again', () => {
    const empty = { tops: [], bottoms: [] };
    expect(landing({ column: 'indicator', index: 0 }, empty)).toEqual({ column: 'indicator', index: 0 });
    expect(landing({ column: 'behaviour', index: 0 }, empty)).toEqual({ column: 'behaviour', index: 0 });
    // Within a column of two other cards (the dragged one left out), every position.
    const slots = { tops: [120.4, 240.2], bottoms: [180.4, 300.2] };
    for (let index = 0; index <= 2; index++) expect(landing({ column: 'initiative', index }, slots)).toEqual({ column: 'initiative', index });
  });
});
