import { describe, expect, it } from 'vitest';
import type { ClientRect, CollisionDetection, DroppableContainer } from '@dnd-kit/core';
import { boardCollisions, nearestColumn } from '../../client/board/collisions.ts';

const rect = (left: number, top: number, width = 190, height = 60): ClientRect => ({ left, top, width, height, right: left + width, bottom: top + height });

/** A droppable as dnd-kit registers it: column lists plain, cards with their sortable container. */
function container(id: string, column?: string): DroppableContainer {
  return { id, key: id, disabled: false, node: { current: null }, rect: { current: null }, data: { current: column ? { sortable: { containerId: `column:${column}`, index: 0, items: [] } } : undefined } } as unknown as DroppableContainer;
}

// Two columns side by side: initiatives (x 30–220) and indicators (x 250–440).
const rects = new Map<string, ClientRect>([
  ['column:initiative', rect(30, 100, 190, 400)],
  ['init-1', rect(35, 110)],
  ['init-2', rect(35, 180)],
  ['column:indicator', rect(250, 100, 190, 400)],
  ['ind-1', rect(255, 110)],
  ['ind-2', rect(255, 180)],
]);
const containers = [
  container('column:initiative'), container('init-1', 'initiative'), container('init-2', 'initiative'),
  container('column:indicator'), container('ind-1', 'indicator'), container('ind-2', 'indicator'),
];

function collide(collisionRect: ClientRect): string[] {
  const args = { active: { id: 'init-1' }, collisionRect, droppableRects: rects, droppableContainers: containers, pointerCoordinates: null } as unknown as Parameters<CollisionDetection>[0];
  return boardCollisions(args).map((c) => String(c.id));
}

describe('board collision detection', () => {
  it('finds the column under the dragged card, or the nearest one between columns', () => {
    expect(nearestColumn(100, containers, rects)).toBe('initiative');
    expect(nearestColumn(300, containers, rects)).toBe('indicator');
    expect(nearestColumn(230, containers, rects)).toBe('initiative');
    expect(nearestColumn(245, containers, rects)).toBe('indicator');
    expect(nearestColumn(100, [], rects)).toBeUndefined();
  });

  it('offers only the column list under the dragged card as the drop target', () => {
    // A card dragged over the indicators, near their second card: the indicator list, never a card.
    expect(collide(rect(258, 178))).toEqual(['column:indicator']);
    // Back over the initiatives: the other column is not a candidate.
    expect(collide(rect(36, 112))).toEqual(['column:initiative']);
    // Between the columns, nearer the indicators.
    expect(collide(rect(240 - 95 + 10, 300))).toEqual(['column:indicator']);
  });

  it('tells stacked columns (phone layout) apart by height', () => {
    const stacked = new Map<string, ClientRect>([['column:goal', rect(10, 100, 300, 200)], ['column:segment', rect(10, 320, 300, 200)]]);
    const list = [container('column:goal'), container('column:segment')];
    expect(nearestColumn(160, list, stacked, 150)).toBe('goal');
    expect(nearestColumn(160, list, stacked, 400)).toBe('segment');
    expect(nearestColumn(160, list, stacked, 310.5)).toBe('segment');
  });
});
