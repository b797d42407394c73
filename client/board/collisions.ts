import type { ClientRect, CollisionDetection, DroppableContainer, UniqueIdentifier } from '@dnd-kit/core';
import type { ColumnId } from '../../shared/model.ts';
import { columnDropId, columnOfDropId } from './dragPlan.ts';

/** Horizontal distance from `x` to a rectangle (0 when `x` lies within its left and right edges). */
function horizontalDistance(x: number, rect: ClientRect): number {
  if (x < rect.left) return rect.left - x;
  if (x > rect.right) return x - rect.right;
  return 0;
}

/** Vertical distance from `y` to a rectangle (0 when `y` lies within its top and bottom edges). */
function verticalDistance(y: number, rect: ClientRect): number {
  if (y < rect.top) return rect.top - y;
  if (y > rect.bottom) return y - rect.bottom;
  return 0;
}

/**
 * The column whose card list lies nearest the dragged card's centre (the one
 * it is over, or the closest when it is between columns), or undefined when no
 * column list has been measured. Columns side by side are told apart by the
 * horizontal distance; stacked columns (phone layout) by the vertical one.
 */
export function nearestColumn(centreX: number, containers: readonly DroppableContainer[], rects: ReadonlyMap<UniqueIdentifier, ClientRect>, centreY?: number): ColumnId | undefined {
  let best: ColumnId | undefined;
  let bestDistance = Infinity;
  for (const container of containers) {
    const column = columnOfDropId(String(container.id));
    const rect = column && rects.get(container.id);
    if (!column || !rect) continue;
    const distance = horizontalDistance(centreX, rect) + (centreY === undefined ? 0 : verticalDistance(centreY, rect) / 1000);
    if (distance < bestDistance) {
      best = column;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Collision detection of the board: the column card list nearest the dragged
 * card. The lists are the only drop targets; the position within the column is
 * worked out from the card rectangles of that column (dragPlan `dropIndex`).
 */
export const boardCollisions: CollisionDetection = ({ collisionRect, droppableContainers, droppableRects }) => {
  const column = nearestColumn(collisionRect.left + collisionRect.width / 2, droppableContainers, droppableRects, collisionRect.top + collisionRect.height / 2);
  if (!column) return [];
  const id = columnDropId(column);
  const container = droppableContainers.find((c) => c.id === id);
  return [{ id, data: { droppableContainer: container, value: 0 } }];
};
