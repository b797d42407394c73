import { describe, expect, it } from 'vitest';
import type { ClientRect, DroppableContainer } from '@dnd-kit/core';
import { coordinatesFor, PREVIEW_BELOW_LINE, screenOrder } from '../../client/board/keyboardMoves.ts';
import { nearestColumn } from '../../client/board/collisions.ts';
import { dropIndex, slotCentre, type DropTarget } from '../../client/board/dragPlan.ts';

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

/** Where the moved preview ends up: the column the collision detection finds under it, and the position its top edge points at. */
function landing(target: DropTarget, slots: { tops: number[]; bottoms: number[] }) {
  const at = coordinatesFor(target, preview, lists.get(`column:${target.column}`)!, slots);
  const moved = rect(at.x, at.y, preview.width, preview.height);
  return { column: nearestColumn(moved.left + moved.width / 2, containers, lists, moved.top + moved.height / 2), index: dropIndex(slots, moved.top - PREVIEW_BELOW_LINE) };
}

describe('keyboard moves on screen', () => {
  it('orders the columns left to right as they stand', () => {
    expect(screenOrder(new Map([...lists].reverse()))).toEqual(['initiative', 'indicator', 'behaviour']);
    // Stacked (phone layout): top to bottom.
    expect(screenOrder(new Map([['column:goal', rect(10, 500)], ['column:segment', rect(10.5, 900)], ['column:value', rect(10, 1300)]]))).toEqual(['goal', 'segment', 'value']);
  });

  it('places the card over the target column, hanging just below the landing line', () => {
    const empty = { tops: [], bottoms: [] };
    expect(landing({ column: 'indicator', index: 0 }, empty)).toEqual({ column: 'indicator', index: 0 });
    expect(landing({ column: 'behaviour', index: 0 }, empty)).toEqual({ column: 'behaviour', index: 0 });
    // Within a column of two other cards (the dragged one left out), every position.
    const slots = { tops: [120.4, 240.2], bottoms: [180.4, 300.2] };
    for (let index = 0; index <= 2; index++) expect(landing({ column: 'initiative', index }, slots)).toEqual({ column: 'initiative', index });
    expect(coordinatesFor({ column: 'initiative', index: 1 }, preview, lists.get('column:initiative')!, slots).y).toBe(slotCentre(slots, 1)! + PREVIEW_BELOW_LINE);
    // An empty column: just below the top of its list.
    expect(coordinatesFor({ column: 'indicator', index: 0 }, preview, lists.get('column:indicator')!, { tops: [], bottoms: [] }).y).toBe(110.8 + PREVIEW_BELOW_LINE);
  });
});
