import { closestCorners, type ClientRect, type CollisionDetection, type DroppableContainer, type UniqueIdentifier } from '@dnd-kit/core';
import type { ColumnId } from '../../shared/model.ts';
import { columnDropId, columnOfDropId } from './dragPlan.ts';

/** Horizontal distance from `x` to a rectangle (0 when `x` lies within its left and right edges). */
function horizontalDistance(x: number, rect: ClientRect): number {
  if (x < rect.left) return rect.left - x;
  if (x > rect.right) return x - rect.right;
  return 0;
}

/**
 * The column whose card list lies nearest the dragged card's centre line (the
 * one it is over, or the closest when it is between columns), or undefined
 * when no column list has been measured.
 */
export function nearestColumn(centreX: number, containers: readonly DroppableContainer[], rects: ReadonlyMap<UniqueIdentifier, ClientRect>): ColumnId | undefined {
  let best: ColumnId | undefined;
  let bestDistance = Infinity;
  for (const container of containers) {
    const column = columnOfDropId(String(container.id));
    const rect = column && rects.get(container.id);
    if (!column || !rect) continue;
    const distance = horizontalDistance(centreX, rect);
    if (distance < bestDistance) {
      best = column;
      bestDistance = distance;
    }
  }
  return best;
}

/** The column a droppable belongs to: a column's card list, or a card sorted in it. */
function columnOf(container: DroppableContainer): string | undefined {
  const sortable = (container.data.current as { sortable?: { containerId?: unknown } } | undefined)?.sortable;
  return columnOfDropId(String(container.id)) ? String(container.id) : typeof sortable?.containerId === 'string' ? sortable.containerId : undefined;
}

/**
 * Collision detection of the board: `closestCorners` among the drop targets of
 * the column the dragged card is over (that column's list and its cards).
 * Columns sit side by side, so a card in another column is never the one meant;
 * comparing against every card on a board of hundreds on each pointer move
 * cost more than a frame.
 */
export const boardCollisions: CollisionDetection = (args) => {
  const { collisionRect, droppableContainers, droppableRects } = args;
  const column = nearestColumn(collisionRect.left + collisionRect.width / 2, droppableContainers, droppableRects);
  if (!column) return closestCorners(args);
  const dropId = columnDropId(column);
  return closestCorners({ ...args, droppableContainers: droppableContainers.filter((container) => columnOf(container) === dropId) });
};
