import type { ClientRect, KeyboardCoordinateGetter, UniqueIdentifier } from '@dnd-kit/core';
import type { ColumnId } from '../../shared/model.ts';
import { ui, uiStore } from '../state/ui.ts';
import { columnOfDropId, keyboardTarget, slotCentre, type DropTarget, type Slots } from './dragPlan.ts';
import { measureSlots } from './dropSlots.ts';

const ARROWS = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'];

/** The column lists in reading order on screen: left to right, then top to bottom (stacked on a phone). */
export function screenOrder(rects: ReadonlyMap<UniqueIdentifier, ClientRect>): ColumnId[] {
  const columns: { column: ColumnId; rect: ClientRect }[] = [];
  for (const [id, rect] of rects) {
    const column = columnOfDropId(String(id));
    if (column) columns.push({ column, rect });
  }
  // Columns side by side differ in left edge by a column width; a couple of pixels is noise.
  return columns.sort((a, b) => (Math.abs(a.rect.left - b.rect.left) > 2 ? a.rect.left - b.rect.left : a.rect.top - b.rect.top)).map((c) => c.column);
}

/** How far below the landing line the card preview hangs, so the line stays in sight. */
export const PREVIEW_BELOW_LINE = 6;

/**
 * The top-left corner for the dragged card's rectangle (`collision`, screen
 * pixels) that shows it at `target`: centred over the target column's list
 * (where the collision detection finds that column), hanging just below the
 * landing line (`dragPlan.slotCentre`; the list top when the column is empty),
 * or over the middle of the card it would be grouped with.
 */
export function coordinatesFor(target: DropTarget, collision: ClientRect, list: ClientRect, slots: Pick<Slots, 'tops' | 'bottoms'>): { x: number; y: number } {
  const x = list.left + (list.width - collision.width) / 2;
  // Onto a card (to group): the preview lies over the middle of that card.
  if (target.group !== undefined && slots.tops[target.index] !== undefined) {
    const middle = (slots.tops[target.index]! + slots.bottoms[target.index]!) / 2;
    return { x, y: middle - collision.height / 2 };
  }
  const line = slotCentre(slots, target.index) ?? list.top;
  return { x, y: line + PREVIEW_BELOW_LINE };
}

/**
 * The board's keyboard coordinate getter. The drag's current target (column and
 * position) is the one in the ui store; an arrow press moves it by exactly one
 * column (left, right) or one position (up, down), and the card is placed where
 * the collision detection finds that column. The target is set here, not
 * worked out again from the card's position, so a press is never lost to
 * sub-pixel rounding of the moved rectangle.
 */
export const boardKeyboardCoordinates: KeyboardCoordinateGetter = (event, { context }) => {
  if (!ARROWS.includes(event.code)) return undefined;
  event.preventDefault();
  const { active, collisionRect, droppableRects } = context;
  const drag = uiStore.getState().drag;
  if (!active || !collisionRect || !drag) return undefined;
  const draggedId = String(active.id);
  const measured = new Map<ColumnId, Slots>();
  const slotsOf = (column: ColumnId) => {
    let slots = measured.get(column);
    if (!slots) measured.set(column, (slots = measureSlots(column, draggedId)));
    return slots;
  };
  const groupWith = (column: ColumnId, index: number) => {
    const slots = slotsOf(column);
    return drag.canGroup && column === drag.origin.column && slots.active[index] ? slots.ids[index] : undefined;
  };
  const target = keyboardTarget(event.code, drag.target, screenOrder(droppableRects), (column) => slotsOf(column).ids.length, groupWith);
  if (!target) return undefined;
  const list = droppableRects.get(`column:${target.column}`);
  if (!list) return undefined;
  ui.setDrag({ ...drag, target });
  return coordinatesFor(target, collisionRect, list, slotsOf(target.column));
};
